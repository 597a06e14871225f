package dev.gatun.checkpoint;

import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A JVM that saves one tensor "w" of {@code floats} copies of {@code value} to {@code file}, for
 * {@link SaveFaultTest} to kill or starve of disk space. Prints "saving" before the save and
 * "saved" after; a failed save prints "save failed: MESSAGE" and exits with 3.
 */
public final class SaveChild {
    private SaveChild() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int floats = Integer.parseInt(args[1]);
        float value = Float.parseFloat(args[2]);
        try (Scope s = Scope.confined()) {
            Tensor w = Tensor.full(value, floats);
            System.out.println("saving");
            System.out.flush();
            SafetensorsWriter.write(file, Map.of("w", w), Map.of());
            System.out.println("saved");
        } catch (IOException e) {
            System.out.println("save failed: " + e);
            System.exit(3);
        }
    }
}
