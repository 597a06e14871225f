package dev.gatun.ops;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.testing.OutputSafety;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Read-only and overlapping outputs on every backend that loads (issue 16, findings 2 and 5). */
class OutputSafetyTest {
    static List<Backend> backends() {
        return Backends.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void readOnlyOutputsAreRefusedAndOverlapsFollowOneRule(Backend backend) {
        OutputSafety.checkAll(backend);
    }
}
