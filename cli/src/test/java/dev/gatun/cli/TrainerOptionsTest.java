package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Trainer's options on the command line: --lr-schedule, --clip-norm, --accumulate. */
class TrainerOptionsTest {

    private static void refused(String expected, String... args) {
        Cli r = Cli.run(args);
        assertEquals(2, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
        assertTrue(r.err().lines().findFirst().orElse("").startsWith("gatun: " + expected), r.err());
        assertFalse(r.out().contains("trained"), "refused before training");
    }

    @Test
    void badValuesAreRefusedBeforeTraining() {
        refused("--lr-schedule 'linear': expected none, step:N[:GAMMA] or cosine[:MIN]", "train", "mlp", "--lr-schedule", "linear");
        refused("--lr-schedule 'step:0': expected", "train", "mlp", "--lr-schedule", "step:0");
        refused("--clip-norm must be a finite number >= 0, got NaN", "train", "mlp", "--clip-norm", "NaN");
        refused("--clip-norm must be a finite number >= 0, got -1.0", "train", "mlp", "--clip-norm", "-1");
        refused("--accumulate must be in [1, 1000000], got 0", "train", "mlp", "--accumulate", "0");
    }

    @Test
    void aScheduledAccumulatedClippedRunTrains() {
        Cli r = Cli.run("train", "mlp", "--data", "moons", "--epochs", "3", "--lr-schedule", "cosine", "--accumulate", "2",
                "--clip-norm", "5", "--backend", "java", "--threads", "1");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("trained mlp"), r.out());
    }
}
