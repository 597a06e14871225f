package dev.gatun.cli.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command line's default thread count: small steps on one thread, large ones on the free cores. */
class ThreadChoiceTest {

    private static final long BAR = ThreadChoice.PARALLEL_STEP_WORK;

    @Test
    void aSmallModelRunsOnOneThreadWhateverTheMachine() {
        // the sweep's MLP 2-8-2 at batch 32: a few hundred multiply-adds per step
        long work = ThreadChoice.stepWork(TrainConfig.builder().model("mlp").hidden(new int[] {8}).batch(32).build(), null);
        assertTrue(work < BAR, "work " + work);
        for (double load : new double[] {0, 2, -1}) {
            ThreadChoice c = ThreadChoice.choose(work, "mlp", 2, load);
            assertEquals(1, c.threads(), c.reason());
            assertTrue(c.reason().startsWith("auto:"), c.reason());
        }
    }

    @Test
    void aLargeStepTakesTheFreeCoresOnly() {
        assertEquals(2, ThreadChoice.choose(4 * BAR, "cnn", 2, 0.3).threads(), "idle 2-core machine");
        assertEquals(1, ThreadChoice.choose(4 * BAR, "cnn", 2, 2.1).threads(), "two cores already busy");
        assertEquals(2, ThreadChoice.choose(4 * BAR, "cnn", 2, -1).threads(), "load unknown: every processor");
        assertEquals(3, ThreadChoice.choose(3 * BAR, "cnn", 8, 0).threads(), "no more threads than the work pays for");
    }

    @Test
    void recurrentModelsAreJudgedPerTimeStep() {
        long step = ThreadChoice.RNN_SERIAL_STEP_WORK;
        assertEquals(1, ThreadChoice.choose(step - 1, "lstm", 2, 0).threads());
        assertEquals(2, ThreadChoice.choose(2 * step, "gru", 2, 0).threads());
        assertTrue(ThreadChoice.choose(step - 1, "lstm", 2, 0).reason().contains("time step"));
    }

    @Test
    void anExplicitCountIsKeptAndSaysWhereItCameFrom() {
        ThreadChoice c = ThreadChoice.given(2, "--threads");
        assertEquals(2, c.threads());
        assertEquals("set by --threads", c.reason());
    }
}
