package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures found by trying bad inputs on every command: each one line naming the file, the setting and what was expected. */
class ErrorMessagesTest {
    @TempDir
    Path dir;

    private static void fails(String expected, String... args) {
        Cli r = Cli.run(args);
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("gatun: " + expected, r.err().strip(), String.join(" ", args));
    }

    @Test
    void wrongModelKindForACheckpoint() {
        Path mlp = dir.resolve("mlp.safetensors");
        assertEquals(0, Cli.run("train", "mlp", "--data", "xor", "--epochs", "1", "--save", mlp.toString()).exitCode());
        fails(mlp + ": not a character model (no gatun.char.kind in its metadata); train one with gatun train "
                + "transformer|lstm --data FILE.txt --save FILE", "generate", "--model", mlp.toString(), "--prompt", "a");
        fails(mlp + ": not a cnn checkpoint (no gatun.cnn.side in its metadata); save one with gatun train cnn --save FILE",
                "explain", "--model", mlp.toString(), "--out", dir.resolve("x.png").toString());
    }

    @Test
    void filesThatAreNotWhatTheOptionExpects() throws Exception {
        Path binary = Files.write(dir.resolve("b.csv"), new byte[] {0, 0, 8, 3, 0, 0, 0, 1, '\n'});
        fails(binary + ":1: a NUL byte: binary content, expected a CSV text file", "train", "mlp", "--data",
                binary.toString());
        Path latin1 = Files.write(dir.resolve("t.txt"), new byte[] {'a', (byte) 0xe9, 'b'});
        fails(latin1 + ": not UTF-8 text (a malformed byte sequence); expected a UTF-8 text file", "train", "lstm",
                "--data", latin1.toString());
        fails("--data " + dir + ": a folder without the four MNIST-format files (train-images-idx3-ubyte, "
                + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte[.gz]); expected a CSV file, "
                + "a folder of MNIST files or one of spirals, xor, moons, blobs, linear, glyphs, sine", "train", "mlp",
                "--data", dir.toString());
        Path empty = Files.writeString(dir.resolve("e.csv"), "");
        fails(empty + ": no data rows", "train", "mlp", "--data", empty.toString());
        fails("--model " + dir.resolve("none.safetensors") + ": no such file, expected a file to read", "generate",
                "--model", dir.resolve("none.safetensors").toString(), "--prompt", "a");
    }

    @Test
    void labelsOutOfRangeNameTheFileAndTheItem() throws Exception {
        Path mnist = Files.createDirectory(dir.resolve("digits"));
        for (String split : new String[] {"train", "t10k"}) {
            Files.write(mnist.resolve(split + "-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0,
                    0, 1, 7});
            Files.write(mnist.resolve(split + "-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, (byte) 200});
        }
        fails(mnist.resolve("train-labels-idx1-ubyte") + ": label 200 of item 0 is not below 10", "train", "cnn",
                "--data", mnist.toString());
    }
}
