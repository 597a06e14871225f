package dev.gatun.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save that dies half way, killed with SIGKILL or refused disk space, leaves the checkpoint
 * that was there before intact and readable. The saves run in child JVMs ({@link SaveChild}).
 */
class SaveFaultTest {
    private static final int OLD_FLOATS = 1000;

    @TempDir
    Path dir;

    /** The good checkpoint every fault must leave alone: "w" = [1000] ones. */
    private Path oldFile() throws IOException {
        Path f = dir.resolve("model.safetensors");
        float[] ones = new float[OLD_FLOATS];
        Arrays.fill(ones, 1f);
        SafetensorsWriter.writeSources(f, Map.of("w", SafetensorsWriter.Source.of(new int[] {OLD_FLOATS}, ones)), Map.of());
        return f;
    }

    /** The file holds a whole checkpoint: the old one, or (only if the save got that far) the new one. */
    private static boolean isOld(Path f, int newFloats) throws IOException {
        try (SafetensorsFile back = SafetensorsFile.open(f)) {
            float[] w = back.floats("w");
            if (w.length == OLD_FLOATS) {
                float[] ones = new float[OLD_FLOATS];
                Arrays.fill(ones, 1f);
                assertArrayEquals(ones, w, "old content");
                return true;
            }
            assertEquals(newFloats, w.length, "a whole new checkpoint");
            return false;
        }
    }

    private List<Path> temporaries() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static List<String> childCommand(Path file, int floats) {
        return List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SaveChild.class.getName(),
                file.toString(), Integer.toString(floats), "2");
    }

    @Test
    void aKillDuringTheSaveLeavesTheOldFileIntact() throws Exception {
        int newFloats = 32 << 20; // 128 MB: the write takes long enough to be caught half way
        int killedMidSave = 0;
        for (int attempt = 0; attempt < 4 && killedMidSave == 0; attempt++) {
            Path f = oldFile();
            temporaries().forEach(SaveFaultTest::delete);
            Process child = new ProcessBuilder(childCommand(f, newFloats)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                // Kill as soon as the temporary file has data in it.
                while (child.isAlive() && System.nanoTime() < deadline && temporaries().stream().noneMatch(SaveFaultTest::hasData)) {
                    Thread.sleep(1);
                }
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            } finally {
                child.destroyForcibly();
            }
            if (isOld(f, newFloats)) {
                killedMidSave += temporaries().isEmpty() ? 0 : 1;
            }
        }
        assertTrue(killedMidSave > 0, "the kill never landed inside the save in 4 attempts");
    }

    @Test
    void aFullDiskFailsTheSaveClearlyAndLeavesTheOldFileIntact() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
                "uses bash's ulimit -f to cap the file size");
        Path f = oldFile();
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -f 64; exec \"$@\"", "child"));
        cmd.addAll(childCommand(f, 1 << 20)); // 4 MB against a 64 KB limit
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, child.exitValue(), out);
        assertTrue(out.contains("save failed: java.io.IOException: cannot write " + f.toAbsolutePath()
                + " (File too large); the file is as it was before"), out);
        assertTrue(isOld(f, -1), "old checkpoint intact");
        assertEquals(List.of(), temporaries(), "the temporary file is removed after a failed save");
    }

    private static boolean hasData(Path p) {
        try {
            return Files.size(p) > 0;
        } catch (IOException e) {
            return false; // renamed or removed between the listing and the size
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
