package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line errors: 2 for bad usage, 1 for a failed command, 0 for success. */
class CommandLineErrorsTest {
    @TempDir
    Path dir;

    @Test
    void badOptionValueIsAUsageErrorOnOneLinePlusAHint() {
        Cli r = Cli.run("train", "perceptron", "--epochs", "0");
        assertEquals(2, r.exitCode());
        assertEquals("gatun: --epochs must be in [1, 1000000], got 0\nTry 'gatun train --help' for more information.\n",
                r.err().replace("\r", ""));
    }

    @Test
    void unknownModelListsTheKnownOnes() {
        Cli r = Cli.run("train", "nosuchmodel");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("gatun: unknown model 'nosuchmodel'; known: perceptron, logreg, mlp"), r.err());
    }

    @Test
    void unknownActivationOptimizerLossAndBackendAreUsageErrorsBeforeTraining() {
        assertTrue(Cli.run("train", "mlp", "--activation", "relux").err().startsWith("gatun: unknown activation 'relux'"));
        assertTrue(Cli.run("train", "mlp", "--optimizer", "adagrad").err().startsWith("gatun: unknown optimizer 'adagrad'"));
        assertTrue(Cli.run("train", "mlp", "--loss", "foo").err().startsWith("gatun: unknown loss 'foo'"));
        Cli r = Cli.run("train", "mlp", "--backend", "cuda");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("gatun: unknown backend 'cuda'; known: "), r.err());
    }

    @Test
    void stopOnNanNamesTheStepOnOneLine() {
        Cli r = Cli.run("train", "mlp", "--data", "moons", "--optimizer", "sgd", "--lr", "1e38", "--epochs", "2",
                "--backend", "java", "--stop-on-nan");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().strip().matches("gatun: non-finite value at step \\d+ \\(epoch 1\\): .+"), r.err());
    }

    @Test
    void stopOnNanAlsoGuardsTheSequenceModels() {
        Cli r = Cli.run("train", "transformer", "--optimizer", "sgd", "--lr", "1e38", "--epochs", "1", "--stop-on-nan");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().strip().matches("gatun: non-finite value at step [1-9] \\(epoch 1\\): .+"), r.err());
    }

    @Test
    void misspeltOptionGetsASuggestion() {
        Cli r = Cli.run("train", "perceptron", "--epoch", "3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--epochs"), r.err());
    }

    @Test
    void failureIsOneLineWithoutStackTraceUnlessVerbose() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "a,b,label\n1,2,0\n3,oops,1\n");
        Cli r = Cli.run("train", "perceptron", "--data", bad.toString());
        assertEquals(1, r.exitCode());
        assertEquals("gatun: " + bad + ":3: column 2 ('b'): 'oops' is not a number", r.err().strip());
        Cli verbose = Cli.run("train", "perceptron", "--data", bad.toString(), "--verbose");
        assertEquals(1, verbose.exitCode());
        assertTrue(verbose.err().contains("at dev.gatun.data.CsvLoader"), "stack trace with --verbose");
    }

    @Test
    void helpListsTheSubcommands() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.exitCode());
        for (String sub : new String[] {"train", "sweep", "xor", "info"}) {
            assertTrue(r.out().contains("  " + sub + "  ") || r.out().contains("  " + sub + " "), sub + " in\n" + r.out());
        }
        assertFalse(r.out().isBlank());
    }
}
