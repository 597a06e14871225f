package dev.gatun.ops;

import dev.gatun.testing.ForkedJvm;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Runs {@link OpsFuzz} in a JVM of its own, so a crash fails this test instead of the whole run. */
class OpsFuzzTest {
    private static final long SEED = 20240607L;
    private static final int CASES = 6000; // ~5 s on 2 cores

    @Test
    void randomOpsNeverCrashAndFailOnlyWithClearExceptions() throws IOException, InterruptedException {
        ForkedJvm.assertFuzzPasses(OpsFuzz.class, "fuzz ok: " + CASES + " cases", 120,
                Long.toString(SEED), Integer.toString(CASES));
    }
}
