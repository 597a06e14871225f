package dev.gatun.backend;

import dev.gatun.ops.Ops;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.testing.Close;
import dev.gatun.testing.RnnParity;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recurrent ops of both native backends: the hand-worked LSTM and GRU steps, the scalar oracle at
 * 1 and 2 threads (forward and backward), and finite differences on one small bidirectional layer.
 */
class NativeRnnTest {

    static Stream<String> names() {
        return Stream.of("onednn", "openblas");
    }

    /**
     * onednn keeps converted weights per RnnWeights version: a new version (an in-place update,
     * then markUpdated) and another sequence length on the same weights both give the oracle's
     * answer.
     */
    @Test
    void onednnReconvertsUpdatedWeightsAndReusesThemAcrossLengths() {
        Backend onednn = Backends.get("onednn");
        Backend oracle = new dev.gatun.backend.scalar.ScalarBackend();
        try (Scope scope = Scope.confined()) {
            RnnParams p = new RnnParams(RnnKind.GRU, 2, true, 3, 2, 4, 5);
            RnnParity.Inputs in = RnnParity.random(p, new Rng(3));
            for (int version = 0; version < 2; version++) {
                if (version == 1) {
                    Tensor w = in.w().weightHh(1);
                    w.copyFrom(Ops.mul(w, -2f).toArray()); // changed in place ...
                    in.w().markUpdated();                   // ... and said so
                }
                for (int seq : new int[] {3, 5}) {
                    RnnParams q = new RnnParams(p.kind(), p.layers(), true, seq, p.batch(), p.input(), p.hidden());
                    Tensor src = Tensor.uniform(new Rng(seq), -1, 1, q.srcShape());
                    Ops.RnnResult want, got;
                    try (Backends.Using u = Backends.using(oracle)) {
                        want = Ops.rnn(q, src, in.h0(), null, in.w(), false);
                    }
                    try (Backends.Using u = Backends.using(onednn)) {
                        got = Ops.rnn(q, src, in.h0(), null, in.w(), false);
                    }
                    Close.assertClose("version " + version + ", seq " + seq, want.dst(), got.dst(), 2e-6, 1e-5);
                }
            }
        }
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
