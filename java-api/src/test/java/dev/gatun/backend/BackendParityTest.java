package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.testing.Parity;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend that loads, except the oracle's own code, against the scalar oracle. The filter
 * is on the implementation, not the name: without the Vector module the "java" backend is scalar
 * code under another name, and comparing it with the oracle would pass vacuously.
 */
class BackendParityTest {
    private static final Set<String> RAN = ConcurrentHashMap.newKeySet();

    static List<Backend> backends() {
        return Backends.available().stream().filter(b -> !(b instanceof ScalarBackend)).toList();
    }

    @Test
    void atLeastOneBackendBesidesTheOracleLoads() {
        List<Backend> others = backends();
        assertFalse(others.isEmpty(), "only the scalar oracle loaded: " + Backends.report());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void matchesTheScalarOracle(Backend backend) {
        Parity.checkAll(backend, 20250101L, 6);
        RAN.add(backend.name());
    }

    @ParameterizedTest(name = "{0} with 1 thread")
    @MethodSource("backends")
    void matchesTheScalarOracleSingleThreaded(Backend backend) {
        int threads = backend.threads();
        backend.setThreads(1);
        try {
            Parity.checkAll(backend, 7L, 2);
        } finally {
            backend.setThreads(threads);
        }
        RAN.add(backend.name());
    }

    @AfterAll
    static void aNonOracleBackendRan() {
        assertTrue(RAN.contains("java"), "the java backend did not run; ran: " + RAN);
    }
}
