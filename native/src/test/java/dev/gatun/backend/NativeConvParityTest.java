package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.testing.ConvParity;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Convolution, pooling and batch norm of every native backend against the scalar oracle, at 1 and 2 threads. */
class NativeConvParityTest {

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
            ConvParity.checkAll(backend, 20260101L + threads);
            ConvParity.checkAll(backend, 20260101L + threads); // again: cached primitives, weights already reordered
        } finally {
            backend.setThreads(before);
        }
    }
}
