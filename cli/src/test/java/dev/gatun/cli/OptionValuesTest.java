package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Numeric options: NaN, infinities and out-of-range values are refused on one line naming the option and value. */
class OptionValuesTest {
    @TempDir
    Path dir;

    private static void refused(String expected, String... args) {
        Cli r = Cli.run(args);
        assertEquals(2, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertEquals("gatun: " + expected, first, String.join(" ", args));
        assertFalse(r.out().contains("trained"), "refused before training");
    }

    @Test
    void nanLearningRateIsRefusedNotIgnored() {
        refused("--lr must be a finite number > 0, got NaN", "train", "mlp", "--lr", "NaN");
        refused("--lr must be a finite number > 0, got Infinity", "train", "mlp", "--lr", "Infinity");
        refused("--lr must be a finite number > 0, got -0.1", "train", "mlp", "--lr", "-0.1");
        refused("--lr must be a finite number > 0, got 0.0", "sweep", "mlp", "--lr", "0");
    }

    @Test
    void everyNumericTrainingOptionIsRangeChecked() {
        refused("--dropout must be a finite number in [0, 1), got NaN", "train", "mlp", "--dropout", "NaN");
        refused("--dropout must be a finite number in [0, 1), got 1.0", "train", "mlp", "--dropout", "1");
        refused("--val-fraction must be a finite number in [0, 1), got -Infinity", "train", "mlp", "--val-fraction",
                "-Infinity");
        refused("--l1 must be a finite number >= 0, got NaN", "train", "mlp", "--l1", "NaN");
        refused("--l2 must be a finite number >= 0, got Infinity", "train", "mlp", "--l2", "Infinity");
        refused("--epochs must be in [1, 1000000], got 2147483647", "train", "mlp", "--epochs", "2147483647");
        refused("--batch must be in [1, 1048576], got 0", "train", "mlp", "--batch", "0");
        refused("--patience must be in [0, 1000000], got -1", "train", "mlp", "--patience", "-1");
    }

    @Test
    void hugeHiddenSizesAreRefusedBeforeAnythingIsAllocated() {
        refused("--hidden sizes must be in [1, 65536], got 2000000000", "train", "mlp", "--hidden", "2000000000");
        refused("--hidden sizes must be in [1, 65536], got 8,0", "sweep", "mlp", "--hidden", "8,0");
        refused("--hidden 60000,60000 makes 3600000000 weights between the hidden layers, more than the 268435456 allowed",
                "train", "mlp", "--hidden", "60000,60000");
        refused("--hidden 8192 makes 67108864 weights in the layers' width x width matrices, more than the 16777216 allowed",
                "train", "transformer", "--hidden", "8192");
        refused("--hidden 4096,4096 makes 33554432 weights in the layers' width x width matrices, more than the 16777216 "
                + "allowed", "train", "lstm", "--hidden", "4096,4096");
        refused("--batch 1048576 with --hidden 65536 makes 68719476736 hidden activations per batch, more than the "
                + "268435456 allowed; give a smaller batch or fewer units", "train", "mlp", "--hidden", "65536",
                "--batch", "1048576");
        refused("--batch 32 with --hidden 16000 makes 401408000 hidden activations per batch, more than the 268435456 "
                + "allowed; give a smaller batch or fewer units", "train", "cnn", "--hidden", "16000", "--batch", "32");
    }

    @Test
    void generateChecksTokensAndTemperatureBeforeLoading() {
        String model = dir.resolve("none.safetensors").toString(); // never opened: the options fail first
        refused("--tokens must be in [0, 16777216], got 2147483647", "generate", "--model", model, "--prompt", "a",
                "--tokens", "2147483647");
        refused("--tokens must be in [0, 16777216], got -1", "generate", "--model", model, "--prompt", "a", "--tokens", "-1");
        refused("--temperature must be a finite number >= 0, got NaN", "generate", "--model", model, "--prompt", "a",
                "--temperature", "NaN");
    }

    @Test
    void jsonNamesTheLearningRateUsedWhenNoneWasGiven() throws Exception {
        Path json = dir.resolve("m.json");
        Cli r = Cli.run("train", "mlp", "--data", "xor", "--epochs", "1", "--optimizer", "sgd", "--json", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        String text = Files.readString(json);
        Matcher m = Pattern.compile("\"lr\": ([^,\\n]+)").matcher(text);
        assertTrue(m.find(), text);
        assertEquals("0.1", m.group(1), "SGD's default rate, not null");
        assertFalse(Pattern.compile("\"(lr|batch|dropout|l1|l2|seed|optimizer|hidden)\": null").matcher(text).find(), text);
    }
}
