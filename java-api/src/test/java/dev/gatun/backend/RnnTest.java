package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.testing.RnnParity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Recurrent ops: hand-worked cell steps, finite differences, parity with the oracle, argument checks. */
class RnnTest {
    private static final Backend ORACLE = new ScalarBackend();

    static List<Backend> backends() {
        return Backends.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void lstmStepMatchesTheHandWorkedAnswer(Backend backend) {
        RnnParity.checkLstmStep(backend);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void gruStepMatchesTheHandWorkedAnswer(Backend backend) {
        RnnParity.checkGruStep(backend);
    }

    static Stream<RnnParams> gradientCases() {
        return Stream.of(RnnKind.values()).flatMap(kind -> Stream.of(
                new RnnParams(kind, 1, false, 3, 2, 3, 4),
                new RnnParams(kind, 2, true, 3, 1, 2, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gradientCases")
    void oracleGradientsMatchFiniteDifferences(RnnParams p) {
        RnnParity.checkGradients(ORACLE, p, 11);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void matchesTheScalarOracle(Backend backend) {
        if (!backend.name().equals("scalar")) {
            RnnParity.checkAgainstOracle(backend, 20260101L);
        }
    }

    @Test
    void reluRnnClampsNegativePreActivations() {
        // h = relu(W_ih x + b_ih + W_hh h0 + b_hh) = relu(-2*1 + 0 + 0 + 0.5) = relu(-1.5) = 0 at step 1,
        // then relu(-2*(-1) + 0.5 + 1*0) = 2.5 at step 2
        RnnParams p = new RnnParams(RnnKind.RNN_RELU, 1, false, 2, 1, 1, 1);
        for (Backend b : backends()) {
            try (Scope s = Scope.confined(); Backends.Using u = Backends.using(b)) {
                RnnWeights w = new RnnWeights(new Tensor[] {Tensor.of(new float[] {-2f}, 1, 1)},
                        new Tensor[] {Tensor.of(new float[] {1f}, 1, 1)}, new Tensor[] {Tensor.zeros(1)},
                        new Tensor[] {Tensor.of(new float[] {0.5f}, 1)});
                Ops.RnnResult r = Ops.rnn(p, Tensor.of(new float[] {1f, -1f}, 2, 1, 1), null, null, w, false);
                org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0f, 2.5f}, r.dst().toArray(), b.name());
            }
        }
    }

    @Test
    void badArgumentsNameTheOpAndShapes() {
        RnnParams p = new RnnParams(RnnKind.LSTM, 2, true, 3, 2, 4, 5);
        try (Scope s = Scope.confined()) {
            RnnParity.Inputs in = RnnParity.random(p, new Rng(1));
            String m = assertThrows(IllegalArgumentException.class,
                    () -> Ops.rnn(p, Tensor.zeros(3, 2, 5), null, null, in.w(), false)).getMessage();
            assertTrue(m.contains("rnn") && m.contains("src") && m.contains("[3, 2, 5]") && m.contains("[3, 2, 4]"), m);
            RnnParams narrower = new RnnParams(RnnKind.LSTM, 2, true, 3, 2, 4, 6);
            m = assertThrows(IllegalArgumentException.class,
                    () -> Ops.rnn(narrower, Tensor.zeros(3, 2, 4), null, null, in.w(), false)).getMessage();
            assertTrue(m.contains("weight_ih_l0") && m.contains("[20, 4]") && m.contains("[24, 4]"), m);
            m = assertThrows(IllegalArgumentException.class, () -> Ops.rnn(
                    new RnnParams(RnnKind.GRU, 2, true, 3, 2, 4, 5), in.src(), null, in.c0(), in.w(), false)).getMessage();
            assertTrue(m.contains("c0") && m.contains("GRU"), m);
            Ops.RnnResult inference = Ops.rnn(p, in.src(), in.h0(), in.c0(), in.w(), false);
            m = assertThrows(IllegalArgumentException.class, () -> Ops.rnnBackward(p, in.src(), in.h0(), in.c0(),
                    in.w(), inference, null, null, null)).getMessage();
            assertTrue(m.contains("training forward"), m);
            assertThrows(IllegalArgumentException.class, () -> new RnnParams(RnnKind.GRU, 0, false, 1, 1, 1, 1));
            Tensor h0View = Tensor.zeros(2, 4, 5).transpose(0, 1);
            m = assertThrows(IllegalArgumentException.class,
                    () -> Ops.rnn(p, in.src(), h0View, null, in.w(), false)).getMessage();
            assertTrue(m.contains("h0") && m.contains("contiguous"), m);
        }
    }

    @Test
    void backwardRefusesAWorkspaceFromAnotherBackend() {
        List<Backend> others = backends().stream().filter(b -> b != ORACLE && !b.name().equals("scalar")).toList();
        assertFalse(others.isEmpty());
        RnnParams p = new RnnParams(RnnKind.GRU, 1, false, 2, 1, 2, 3);
        try (Scope s = Scope.confined()) {
            RnnParity.Inputs in = RnnParity.random(p, new Rng(2));
            Ops.RnnResult fwd;
            try (Backends.Using u = Backends.using(others.get(0))) {
                fwd = Ops.rnn(p, in.src(), in.h0(), null, in.w(), true);
            }
            try (Backends.Using u = Backends.using(ORACLE)) {
                String m = assertThrows(IllegalStateException.class,
                        () -> Ops.rnnBackward(p, in.src(), in.h0(), null, in.w(), fwd, null, null, null)).getMessage();
                assertTrue(m.contains(others.get(0).name()), m);
            }
        }
    }
}
