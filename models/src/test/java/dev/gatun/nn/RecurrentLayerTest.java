package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.F;
import dev.gatun.autograd.FiniteDifferences;
import dev.gatun.autograd.RnnF;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RNN, LSTM and GRU modules: PyTorch's names, shapes and init, batch-first, the op underneath, gradients. */
class RecurrentLayerTest {

    @Test
    void parametersHavePyTorchNamesShapesAndInitRange() {
        try (LSTM lstm = new LSTM(3, 4, 2, true, false, true, new Rng(1))) {
            Map<String, Parameter> ps = lstm.namedParameters();
            assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                    "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                    "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                    "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                    List.copyOf(ps.keySet()));
            assertArrayEquals(new int[] {16, 3}, ps.get("weight_ih_l0").value().shape());
            assertArrayEquals(new int[] {16, 8}, ps.get("weight_ih_l1_reverse").value().shape()); // 2 directions x 4
            assertArrayEquals(new int[] {16, 4}, ps.get("weight_hh_l1").value().shape());
            assertArrayEquals(new int[] {16}, ps.get("bias_hh_l0").value().shape());
            for (Parameter p : ps.values()) {
                for (float v : p.value().toArray()) {
                    assertTrue(Math.abs(v) <= 0.5f, p.name() + " has " + v + " outside U(-1/sqrt(4), 1/sqrt(4))");
                }
            }
            assertEquals("LSTM(3, 4, num_layers=2, bidirectional=True)", lstm.toString());
        }
        try (GRU gru = new GRU(5, 6, 1, false, true, false, new Rng(2))) {
            assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(gru.namedParameters().keySet()));
            assertEquals("GRU(5, 6, bias=False, batch_first=True)", gru.toString());
        }
    }

    @Test
    void forwardIsTheOpOnTheModulesWeights() {
        try (GRU gru = new GRU(3, 5, 2, true, false, true, new Rng(3)); Scope s = Scope.confined()) {
            Tensor x = Tensor.uniform(new Rng(4), -1, 1, 4, 2, 3);
            RnnF.Result r = gru.forward(Var.constant(x), null);
            RnnParams p = new RnnParams(RnnKind.GRU, 2, true, 4, 2, 3, 5);
            Map<String, Parameter> ps = gru.namedParameters();
            String[] entries = {"_l0", "_l0_reverse", "_l1", "_l1_reverse"};
            Tensor[][] w = new Tensor[4][4];
            String[] kinds = {"weight_ih", "weight_hh", "bias_ih", "bias_hh"};
            for (int k = 0; k < 4; k++) {
                for (int e = 0; e < 4; e++) {
                    w[k][e] = ps.get(kinds[k] + entries[e]).value();
                }
            }
            Ops.RnnResult want = Ops.rnn(p, x, null, null, new RnnWeights(w[0], w[1], w[2], w[3]), false);
            // the same op on the same backend; threads may split sums differently from call to call
            FiniteDifferences.assertClose(want.dst().toArray(), r.output().value().toArray(), 1e-6, "output");
            FiniteDifferences.assertClose(want.hN().toArray(), r.hN().value().toArray(), 1e-6, "hN");
            assertArrayEquals(new int[] {4, 2, 10}, r.output().shape());
            assertNull(r.cN());
        }
    }

    @Test
    void batchFirstIsTheTransposedSequenceFirstRun() {
        try (LSTM seqFirst = new LSTM(3, 4, 1, true, false, false, new Rng(5));
             LSTM batchFirst = new LSTM(3, 4, 1, true, true, false, new Rng(5));
             Scope s = Scope.confined()) {
            Tensor x = Tensor.uniform(new Rng(6), -1, 1, 5, 2, 3); // [seq, batch, in]
            RnnF.Result a = seqFirst.forward(Var.constant(x), null, null);
            RnnF.Result b = batchFirst.forward(Var.constant(Ops.transpose(x, 0, 1)), null, null);
            assertArrayEquals(Ops.transpose(a.output().value(), 0, 1).toArray(), b.output().value().toArray());
            assertArrayEquals(a.hN().value().toArray(), b.hN().value().toArray());
            assertArrayEquals(a.cN().value().toArray(), b.cN().value().toArray());
        }
    }

    @Test
    void everyParameterGetsTheFiniteDifferenceGradient() {
        for (RecurrentLayer layer : List.of(new RNN(2, 3, 2, "relu", true, true, true, new Rng(7)),
                new LSTM(2, 3, 1, false, true, true, new Rng(8)), new GRU(2, 3, 2, true, false, false, new Rng(9)))) {
            // the modules' wiring is under test, so the fast-at-tiny-sizes oracle runs the op
            try (layer; Scope s = Scope.confined(); Backends.Using oracle = Backends.using(new ScalarBackend())) {
                Var x = Var.constant(Tensor.uniform(new Rng(10), -1, 1, 2, 3, 2));
                double h = layer instanceof RNN ? 1e-3 : FiniteDifferences.H;
                FiniteDifferences.check(layer.toString(), h, 2e-2,
                        () -> F.sum(F.square(layer.forward(x)), true, 2),
                        layer.parameters().toArray(Var[]::new));
            }
        }
    }

    @Test
    void wrongInputNamesTheLayerAndTheExpectedShape() {
        try (RNN rnn = new RNN(3, 4, new Rng(11)); Scope s = Scope.confined()) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> rnn.forward(Var.constant(Tensor.zeros(5, 2, 4)))).getMessage();
            assertTrue(m.contains("RNN") && m.contains("[seq, batch, 3]") && m.contains("[5, 2, 4]"), m);
            assertThrows(IllegalArgumentException.class, () -> new RNN(3, 4, 1, "sigmoid", true, false, false, new Rng(1)));
        }
    }
}
