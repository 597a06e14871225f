package dev.gatun.nn;

import dev.gatun.testing.ForkedJvm;
import org.junit.jupiter.api.Test;

/** Runs {@link ModelFuzz} in a JVM of its own, so a crash fails this test instead of the whole run. */
class ModelFuzzTest {
    private static final int CASES = 1500; // per backend

    @Test
    void randomModelsInputsAndStepsNeverCrash() throws Exception {
        ForkedJvm.assertFuzzPasses(ModelFuzz.class, "fuzz ok: " + CASES + " cases", 240, "20261129",
                Integer.toString(CASES));
    }
}
