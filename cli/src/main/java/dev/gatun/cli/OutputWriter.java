package dev.gatun.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a command's output files independently: one that fails (a full disk) does not keep
 * the others from being written, and {@link #finish} then fails with every failure on one line.
 * Each writer goes through AtomicFiles, so a failed output is left as it was, never partial.
 */
final class OutputWriter {
    @FunctionalInterface
    interface Write {
        void to(Path file) throws IOException;
    }

    private final PrintWriter out;
    private final List<String> failures = new ArrayList<>();

    OutputWriter(PrintWriter out) {
        this.out = out;
    }

    /** Writes {@code file} (when given) and prints {@code label: file}, or remembers why it failed. */
    OutputWriter write(String option, Path file, String label, Write write) {
        if (file == null) {
            return this;
        }
        try {
            write.to(file);
            out.println(label + ": " + file);
        } catch (IOException | RuntimeException e) {
            failures.add(option + " " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return this;
    }

    /** Fails, naming each output that could not be written, after all were tried. */
    void finish() throws IOException {
        out.flush();
        if (!failures.isEmpty()) {
            throw new IOException(String.join("; ", failures).replace('\n', ' '));
        }
    }
}
