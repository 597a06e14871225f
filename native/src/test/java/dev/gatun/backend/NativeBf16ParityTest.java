package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.testing.Bf16Parity;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** bfloat16 matmul and convolution of every native backend against the scalar oracle, at 1 and 2 threads. */
class NativeBf16ParityTest {

    static Stream<Arguments> backendsAndThreads() {
        return NativeBackendParityTest.backendsAndThreads();
    }

    @ParameterizedTest(name = "{0} with {1} thread(s)")
    @MethodSource("backendsAndThreads")
    void matchesTheScalarOracle(String name, int threads) {
        Backend backend = Backends.get(name);
        int before = backend.threads();
        backend.setThreads(threads);
        try {
            assertEquals(threads, backend.threads());
            Bf16Parity.checkAll(backend, 20261203L + threads);
            Bf16Parity.checkAll(backend, 20261203L + threads); // again: cached primitives
        } finally {
            backend.setThreads(before);
        }
    }
}
