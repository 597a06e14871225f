package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.testing.Parity;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every native backend this module provides against the scalar oracle, every op group, at 1 and 2 threads. The
 * libraries come bundled with this module, so a backend that does not load is a failure here,
 * not a skip.
 */
class NativeBackendParityTest {

    static Stream<Arguments> backendsAndThreads() {
        return names().flatMap(name -> Stream.of(Arguments.of(name, 1), Arguments.of(name, 2)));
    }

    @ParameterizedTest(name = "{0} with {1} thread(s)")
    @MethodSource("backendsAndThreads")
    void matchesTheScalarOracle(String name, int threads) {
        Backend backend = Backends.get(name); // throws with the loader's reason when it cannot load
        int before = backend.threads();
        backend.setThreads(threads);
        try {
            assertEquals(threads, backend.threads());
            Parity.checkAll(backend, 20250101L + threads, 6);
        } finally {
            backend.setThreads(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void nativeBackendsLoadHere(String name) {
        assertEquals(name, Backends.get(name).name(), Backends.report().toString());
    }

    static Stream<String> names() {
        return NativeBackends.providedHere().stream();
    }
}
