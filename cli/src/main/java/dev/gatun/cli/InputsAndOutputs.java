package dev.gatun.cli;

import dev.gatun.checkpoint.InputFiles;
import dev.gatun.data.CharCorpus;
import dev.gatun.data.DataSets;
import dev.gatun.data.MnistFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The files a command reads and writes, checked before any work starts, so that an hour of
 * training never ends in "cannot write": every input is a regular file (a FIFO would block
 * forever), every output can be written (its folder exists or can be made, and is writable; the
 * output is not a folder, a FIFO or a device, nor read-only), no two outputs are the same file,
 * and no output is one of the inputs, however spelled ({@code ./d.csv}, a symbolic or a hard
 * link: compared by file identity). Each problem is one line naming the option, the path and what
 * was expected: an unreadable input fails the command (exit code 1) as its reader would; an
 * output that cannot be written, or that is an input, is a usage error (exit code 2).
 */
final class InputsAndOutputs {
    private final CommandSpec spec;
    private final Map<String, Path> inputs = new LinkedHashMap<>();
    private final Map<String, Path> outputs = new LinkedHashMap<>();

    private InputsAndOutputs(CommandSpec spec) {
        this.spec = spec;
    }

    static InputsAndOutputs of(CommandSpec spec) {
        return new InputsAndOutputs(spec);
    }

    /** The files of {@code gatun train} and {@code gatun sweep}: --data (when a file or folder) and the three outputs. */
    static InputsAndOutputs forTraining(CommandSpec spec, TrainOptions o) {
        return of(spec).data("--data", o.data).output("--save", o.save).output("--json", o.json).output("--plot", o.plot);
    }

    /** A file the command reads. */
    InputsAndOutputs input(String option, Path file) {
        if (file != null) {
            inputs.put(option, file);
        }
        return this;
    }

    /**
     * A {@code --data} value: embedded names are no files; a folder's files (MNIST) are inputs
     * each; any other value is a file path (CSV, text).
     */
    InputsAndOutputs data(String option, String value) {
        if (value == null || DataSets.names().contains(value) || value.equals(CharCorpus.EMBEDDED)
                || value.equals("reverse")) {
            return this;
        }
        Path p = value.equals("fashion-mnist") ? MnistFiles.DEBIAN_FASHION_MNIST : path(option, value);
        if (Files.isDirectory(p)) {
            try (Stream<Path> files = Files.list(p)) {
                files.filter(Files::isRegularFile).forEach(f -> inputs.put(option + " " + p, f));
            } catch (IOException e) {
                throw usage(option + " " + value + ": cannot list the folder (" + e.getMessage() + ")");
            }
        } else if (Files.exists(p) || value.endsWith(".csv") || value.endsWith(".txt")) {
            inputs.put(option, p);
        }
        return this;
    }

    /** A file the command writes (through a temporary file and a rename, see AtomicFiles). */
    InputsAndOutputs output(String option, Path file) {
        if (file != null) {
            outputs.put(option, file);
        }
        return this;
    }

    /** Checks everything; throws a usage error at the first problem. */
    void check() {
        inputs.forEach((option, file) -> {
            try {
                InputFiles.requireRegular(file, "a file to read", Long.MAX_VALUE); // each reader checks its own size limit
            } catch (IOException e) { // a failed command (exit code 1), as when a reader finds it
                throw new java.io.UncheckedIOException(option + " " + e.getMessage(), e);
            }
        });
        List<Map.Entry<String, Path>> seen = new ArrayList<>();
        for (Map.Entry<String, Path> out : outputs.entrySet()) {
            checkWritable(out.getKey(), out.getValue());
            for (Map.Entry<String, Path> in : inputs.entrySet()) {
                if (same(out.getValue(), in.getValue())) {
                    throw usage(out.getKey() + " " + out.getValue() + " is the input " + in.getKey() + " ("
                            + in.getValue() + "); refusing to overwrite an input: choose another file");
                }
            }
            for (Map.Entry<String, Path> other : seen) {
                if (same(out.getValue(), other.getValue())) {
                    throw usage(out.getKey() + " and " + other.getKey() + " name the same file " + out.getValue()
                            + "; give each output a file of its own");
                }
            }
            seen.add(out);
        }
    }

    private void checkWritable(String option, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            BasicFileAttributes a = attributes(option, abs);
            if (a.isDirectory()) {
                throw usage(option + " " + file + ": is a directory, expected a file to write");
            }
            if (!a.isRegularFile()) {
                throw usage(option + " " + file + ": is not a regular file (a FIFO, socket or device); expected a file"
                        + " to write");
            }
            if (!Files.isWritable(abs)) {
                throw usage(option + " " + file + ": the file is read-only; make it writable or choose another file");
            }
        }
        Path dir = abs.getParent();
        while (dir != null && !Files.exists(dir)) { // missing folders are created on writing
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw usage(option + " " + file + ": " + dir + " is not a directory, so the file cannot be created");
        }
        if (dir.equals(abs.getParent())) {
            probe(option, file, dir);
        } else if (!Files.isWritable(dir)) {
            throw usage(option + " " + file + ": cannot create folders in " + dir + " (no write permission)");
        }
    }

    /** Creates and deletes a temporary file where the output will go: catches read-only file systems and ACLs too. */
    private void probe(String option, Path file, Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".gatun-probe-", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw usage(option + " " + file + ": cannot create files in " + dir + " (" + reason(e) + ")");
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return e instanceof java.nio.file.AccessDeniedException ? "no write permission"
                : e instanceof java.nio.file.FileSystemException f ? (f.getReason() != null ? f.getReason()
                        : f.getClass().getSimpleName().replace("Exception", "")) : m;
    }

    private BasicFileAttributes attributes(String option, Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            throw usage(option + " " + p + ": cannot read its attributes (" + reason(e) + ")");
        }
    }

    /** Whether two paths are one file: only existing files can be; isSameFile sees through links and spellings. */
    private static boolean same(Path a, Path b) {
        Path na = a.toAbsolutePath().normalize(), nb = b.toAbsolutePath().normalize();
        if (na.equals(nb)) {
            return true;
        }
        try {
            return Files.exists(na) && Files.exists(nb) && Files.isSameFile(na, nb);
        } catch (IOException e) {
            return false;
        }
    }

    private Path path(String option, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw usage(option + " '" + value + "' is not a valid path: " + e.getReason());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
