package dev.gatun.backend.onednn;

import dev.gatun.backend.Backends;
import dev.gatun.testing.Bf16Parity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both ways the onednn backend runs bf16 products, whatever this CPU has: oneDNN's bf16
 * primitives (native or emulated by oneDNN) and float32 primitives on the widened operands; each
 * against the scalar oracle.
 */
class OneDnnBf16Test {

    @ParameterizedTest(name = "bf16 kernels: {0}")
    @ValueSource(booleans = {true, false})
    void bothPathsMatchTheScalarOracle(boolean kernels) {
        OneDnnBackend onednn = (OneDnnBackend) Backends.get("onednn");
        boolean before = OneDnnInfo.hasBf16Instructions();
        onednn.useBf16Kernels(kernels);
        try {
            Bf16Parity.checkAll(onednn, 7L);
        } finally {
            onednn.useBf16Kernels(before);
        }
    }
}
