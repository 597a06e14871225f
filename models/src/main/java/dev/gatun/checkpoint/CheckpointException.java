package dev.gatun.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint that cannot be read or does not fit the model: the message names the file and,
 * when one is to blame, the tensor ("model.safetensors: tensor 0.weight: shape [4, 3], expected
 * [8, 3]"). Whoever throws it has changed nothing in the model or the optimizer.
 */
public final class CheckpointException extends IOException {
    private final Path file;
    private final String tensor;

    public CheckpointException(Path file, String tensor, String problem) {
        this(file, tensor, problem, null);
    }

    public CheckpointException(Path file, String tensor, String problem, Throwable cause) {
        super(file + ": " + (tensor == null ? "" : "tensor " + tensor + ": ") + problem, cause);
        this.file = file;
        this.tensor = tensor;
    }

    public Path file() {
        return file;
    }

    /** The tensor at fault, or null when the file as a whole is (a bad header, a short file). */
    public String tensor() {
        return tensor;
    }
}
