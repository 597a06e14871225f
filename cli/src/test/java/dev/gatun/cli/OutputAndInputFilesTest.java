package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files on the command line: outputs are checked before training and written independently; an
 * output that is an input is refused however it is spelled; only regular files are read.
 */
class OutputAndInputFilesTest {
    @TempDir
    Path dir;

    private Path csv() throws IOException {
        StringBuilder sb = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i % 7).append(',').append(i % 5).append(',').append(i % 2).append('\n');
        }
        return Files.writeString(dir.resolve("d.csv"), sb);
    }

    private static void mkfifo(Path p) throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor(), "mkfifo");
    }

    /** Runs the command and asserts it is refused as a usage error before any training, with {@code part} in its line. */
    private static Cli refusedBeforeTraining(String part, String... args) {
        Cli r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(args));
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("gatun: ") && r.err().lines().findFirst().orElseThrow().contains(part), r.err());
        assertFalse(r.out().contains("trained"), "refused before training:\n" + r.out());
        return r;
    }

    @Test
    void unwritableJsonOrPlotIsRefusedBeforeTrainingNotAfter() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path fifo = dir.resolve("fifo");
        mkfifo(fifo);
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path save = dir.resolve("w.safetensors");
        refusedBeforeTraining("--json " + folder + ": is a directory", "train", "mlp", "--data", "xor", "--epochs", "1",
                "--json", folder.toString(), "--save", save.toString());
        refusedBeforeTraining("--plot " + fifo + ": is not a regular file", "train", "mlp", "--data", "xor",
                "--plot", fifo.toString(), "--save", save.toString());
        refusedBeforeTraining(file + " is not a directory", "sweep", "mlp", "--data", "xor", "--json",
                file.resolve("m.json").toString());
        refusedBeforeTraining("cannot create files in /proc", "train", "mlp", "--plot", "/proc/curves.png");
        refusedBeforeTraining("name the same file", "train", "mlp", "--json", dir.resolve("a").toString(), "--plot",
                dir.resolve("./a").toString());
        assertFalse(Files.exists(save), "nothing written");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("fifo", "file", "folder"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no probe or temporary file left");
        }
    }

    @Test
    void aFailingOutputDoesNotKeepTheOthersFromBeingWritten() throws Exception {
        StringWriter printed = new StringWriter();
        Path good = dir.resolve("weights");
        IOException e = assertThrows(IOException.class, () -> new OutputWriter(new PrintWriter(printed))
                .write("--json", dir.resolve("m.json"), "metrics", f -> {
                    throw new IOException("cannot write " + f + " (No space left on device)");
                })
                .write("--save", good, "weights", f -> Files.writeString(f, "w"))
                .finish());
        assertEquals("--json cannot write " + dir.resolve("m.json") + " (No space left on device)", e.getMessage());
        assertEquals("w", Files.readString(good), "--save written after --json failed");
        assertTrue(printed.toString().contains("weights: " + good), printed.toString());
    }

    @Test
    void anOutputThatIsAnInputIsRefusedHoweverSpelled() throws Exception {
        Path data = csv();
        byte[] before = Files.readAllBytes(data);
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), data);
        Path hard = Files.createLink(dir.resolve("hard.csv"), data);
        for (String save : List.of(data.toString(), dir + "/./d.csv", dir + "/sub/../d.csv", link.toString(),
                hard.toString())) {
            Files.createDirectories(dir.resolve("sub"));
            refusedBeforeTraining("is the input --data", "train", "mlp", "--data", data.toString(), "--epochs", "1",
                    "--save", save);
            refusedBeforeTraining("is the input --data", "train", "mlp", "--data", link.toString(), "--epochs", "1",
                    "--json", save);
        }
        assertArrayEquals(before, Files.readAllBytes(data), "the training data is untouched");
    }

    @Test
    void explainRefusesToDrawOverItsModel() throws Exception {
        Path model = Files.write(dir.resolve("cnn.safetensors"), new byte[] {1, 2, 3});
        refusedBeforeTraining("--out " + model + " is the input --model", "explain", "--model", model.toString(),
                "--out", model.toString());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(model));
    }

    @Test
    void fifosAndDirectoriesAreNotReadAsFiles() throws Exception {
        Path fifo = dir.resolve("fifo.safetensors");
        mkfifo(fifo);
        Path folder = Files.createDirectory(dir.resolve("folder.safetensors"));
        for (String[] args : List.of(
                new String[] {"generate", "--model", fifo.toString(), "--prompt", "a"},
                new String[] {"explain", "--model", fifo.toString(), "--out", dir.resolve("x.png").toString()},
                new String[] {"train", "mlp", "--data", fifo.toString()},
                new String[] {"generate", "--model", folder.toString(), "--prompt", "a"})) {
            Cli r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run(args), String.join(" ", args));
            assertEquals(1, r.exitCode(), r.err());
            assertTrue(r.err().matches("gatun: --(model|data) \\S+: (is not a regular file \\(a FIFO, socket or device\\)"
                    + "|is a directory), expected a file to read\\R"), r.err());
        }
        Cli dirAsData = Cli.run("train", "mlp", "--data", dir.toString());
        assertEquals(1, dirAsData.exitCode());
        assertTrue(dirAsData.err().startsWith("gatun: --data " + dir + ": a folder without the four MNIST-format files"),
                dirAsData.err());
    }
}
