package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.testing.Bf16Parity;
import dev.gatun.testing.ConvParity;
import dev.gatun.testing.QuantizedParity;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution, pooling and batch norm, the bf16 matmul and convolution, and the int8 kernels (bit
 * for bit), of every native
 * backend against the scalar oracle, at 1 and 2 threads.
 */
class NativeConvParityTest {

    static Stream<Arguments> backendsAndThreads() {
        return NativeBackendParityTest.backendsAndThreads();
    }

    @ParameterizedTest(name = "{0} with {1} thread(s)")
    @MethodSource("backendsAndThreads")
    void matchesTheScalarOracle(String name, int threads) {
        onBackend(name, threads, b -> ConvParity.checkAll(b, 20260101L + threads));
    }

    @ParameterizedTest(name = "bf16 on {0} with {1} thread(s)")
    @MethodSource("backendsAndThreads")
    void bf16MatchesTheScalarOracle(String name, int threads) {
        onBackend(name, threads, b -> Bf16Parity.checkAll(b, 20261203L + threads));
    }

    @ParameterizedTest(name = "int8 on {0} with {1} thread(s)")
    @MethodSource("backendsAndThreads")
    void quantizedMatchesTheScalarOracleBitForBit(String name, int threads) {
        onBackend(name, threads, b -> QuantizedParity.checkAll(b, 20261204L + threads));
    }

    /** Runs {@code check} twice (the second time on cached primitives and reordered weights) at {@code threads}. */
    private static void onBackend(String name, int threads, Consumer<Backend> check) {
        Backend backend = Backends.get(name);
        int before = backend.threads();
        backend.setThreads(threads);
        try {
            assertEquals(threads, backend.threads());
            check.accept(backend);
            check.accept(backend);
        } finally {
            backend.setThreads(before);
        }
    }
}
