package dev.gatun.backend;

import dev.gatun.testing.RnnParity;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recurrent ops of every native backend: the hand-worked LSTM and GRU steps, the scalar oracle at
 * 1 and 2 threads (forward and backward), and finite differences on one small bidirectional layer.
 */
class NativeRnnTest {

    static Stream<String> names() {
        return NativeBackendParityTest.names();
    }

    static Stream<Arguments> backendsAndThreads() {
        return names().flatMap(name -> Stream.of(Arguments.of(name, 1), Arguments.of(name, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void cellStepsMatchTheHandWorkedAnswers(String name) {
        Backend backend = Backends.get(name);
        RnnParity.checkLstmStep(backend);
        RnnParity.checkGruStep(backend);
    }

    @ParameterizedTest(name = "{0} with {1} thread(s)")
    @MethodSource("backendsAndThreads")
    void matchesTheScalarOracle(String name, int threads) {
        Backend backend = Backends.get(name);
        int before = backend.threads();
        backend.setThreads(threads);
        try {
            RnnParity.checkAgainstOracle(backend, 20260101L + threads);
        } finally {
            backend.setThreads(before);
        }
    }

    /**
     * Both directions, small enough to stay quick (every weight element costs two forwards, and
     * onednn converts the weights on each); deeper stacks are checked against the oracle above,
     * whose gradients have finite-difference tests of their own.
     */
    static Stream<Arguments> gradientCases() {
        return names().flatMap(name -> Stream.of(RnnKind.values())
                .map(kind -> Arguments.of(name, new RnnParams(kind, 1, true, 2, 2, 2, 2))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("gradientCases")
    void gradientsMatchFiniteDifferences(String name, RnnParams p) {
        Backend backend = Backends.get(name);
        int before = backend.threads();
        backend.setThreads(1); // thousands of tiny calls: no thread team to wake for each
        try {
            RnnParity.checkGradients(backend, p, 5);
        } finally {
            backend.setThreads(before);
        }
    }
}
