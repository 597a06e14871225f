package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Backends;
import org.junit.jupiter.api.Test;

/** {@code --threads} is bounded like every other way of setting a thread count (10000 crashed libgomp). */
class ThreadsOptionTest {
    private static final String BOUND = "thread count must be between 1 and " + Backends.maxThreads();

    @Test
    void trainRefusesAnAbsurdThreadCountBeforeTrainingAsAUsageError() {
        for (String n : new String[] {"10000", "8192", "0"}) {
            Cli r = Cli.run("train", "mlp", "--epochs", "1", "--threads", n);
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().startsWith("gatun: --threads: " + BOUND), r.err());
            assertTrue(r.err().contains("got " + n), r.err());
        }
    }

    @Test
    void infoRefusesItToo() {
        Cli r = Cli.run("info", "--threads", "8192");
        assertNotEquals(0, r.exitCode(), r.out());
        assertTrue(r.err().contains("--threads: " + BOUND), r.err());
    }
}
