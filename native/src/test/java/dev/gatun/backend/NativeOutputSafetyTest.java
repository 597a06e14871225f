package dev.gatun.backend;

import dev.gatun.testing.ForkedJvm;
import dev.gatun.testing.OutputSafetyMain;
import org.junit.jupiter.api.Test;

/**
 * Read-only and overlapping outputs on the native backends (issue 16, findings 2 and 5): before
 * the checks, a read-only mapping as an output crashed the JVM inside oneDNN and OpenBLAS, and
 * {@code matmulInto(a, a, out=a)} gave garbage. Forked, so a crash fails this test only.
 */
class NativeOutputSafetyTest {
    @Test
    void readOnlyOutputsAreRefusedAndOverlapsFollowOneRuleOnEveryBackend() throws Exception {
        ForkedJvm.assertFuzzPasses(OutputSafetyMain.class, "output safety ok: " + NativeBackends.everyKnown(), 120);
    }
}
