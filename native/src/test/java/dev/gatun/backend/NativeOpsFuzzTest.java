package dev.gatun.backend;

import dev.gatun.ops.OpsFuzz;
import dev.gatun.testing.ForkedJvm;
import org.junit.jupiter.api.Test;

/**
 * gatun-api's crash fuzzer ({@link OpsFuzz}: random ops on random shapes, valid and invalid,
 * strided views, closed tensors) with the native backends on the class path, in a JVM of its
 * own so that a crash in native code (exit 134 or 139) fails this test instead of the test run.
 */
class NativeOpsFuzzTest {
    private static final int CASES = 2500; // per backend; a few seconds each on 2 cores

    @Test
    void randomOpsOnTheNativeBackendsNeverCrash() throws Exception {
        ForkedJvm.assertFuzzPasses(OpsFuzz.class, "fuzz ok: " + CASES + " cases on each of " + NativeBackends.everyKnown(),
                180, "20250607", Integer.toString(CASES));
    }
}
