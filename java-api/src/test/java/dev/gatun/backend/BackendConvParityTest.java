package dev.gatun.backend;

import dev.gatun.testing.Bf16Parity;
import dev.gatun.testing.ConvParity;
import dev.gatun.testing.QuantizedParity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Convolution, pooling and batch norm, bf16 matmul and convolution, and the int8 kernels, of every backend that loads (but the oracle) against the scalar oracle. */
class BackendConvParityTest {

    static java.util.List<Backend> backends() {
        return BackendParityTest.backends();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void matchesTheScalarOracle(Backend backend) {
        ConvParity.checkAll(backend, 20260101L);
    }

    @ParameterizedTest(name = "bf16 on {0}")
    @MethodSource("backends")
    void bf16MatchesTheScalarOracle(Backend backend) {
        Bf16Parity.checkAll(backend, 20261203L);
    }

    @ParameterizedTest(name = "int8 on {0}")
    @MethodSource("backends")
    void quantizedMatchesTheScalarOracleBitForBit(Backend backend) {
        QuantizedParity.checkAll(backend, 20261204L);
    }

    @ParameterizedTest(name = "{0} with 1 thread")
    @MethodSource("backends")
    void matchesTheScalarOracleSingleThreaded(Backend backend) {
        int threads = backend.threads();
        backend.setThreads(1);
        try {
            ConvParity.checkAll(backend, 11L);
        } finally {
            backend.setThreads(threads);
        }
    }
}
