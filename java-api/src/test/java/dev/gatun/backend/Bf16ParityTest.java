package dev.gatun.backend;

import dev.gatun.testing.Bf16Parity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** bfloat16 matmul and convolution of every backend that loads, except the oracle, against the scalar oracle. */
class Bf16ParityTest {

    static java.util.List<Backend> backends() {
        return BackendParityTest.backends();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void matchesTheScalarOracle(Backend backend) {
        Bf16Parity.checkAll(backend, 20261203L);
    }
}
