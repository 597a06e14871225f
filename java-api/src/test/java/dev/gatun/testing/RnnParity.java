package dev.gatun.testing;

import static dev.gatun.testing.Close.assertClose;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Recurrent ops of a backend against the scalar oracle (forward for inference and training,
 * backward), by finite differences, and on two cell steps worked out by hand. Public and
 * backend-agnostic, for the native module's tests too.
 */
public final class RnnParity {
    private static final Backend ORACLE = new ScalarBackend();

    private RnnParity() {}

    /** Inputs of one case: src, h0, c0 (LSTM only) and weights, uniform in PyTorch's init range. */
    public record Inputs(Tensor src, Tensor h0, Tensor c0, RnnWeights w) {}

    public static Inputs random(RnnParams p, Rng rng) {
        float k = (float) (1 / Math.sqrt(p.hidden())); // PyTorch's init: U(-1/sqrt(H), 1/sqrt(H))
        RnnWeights w = RnnWeights.zeros(p);
        for (int e = 0; e < w.entries(); e++) {
            for (Tensor t : new Tensor[] {w.weightIh(e), w.weightHh(e), w.biasIh(e), w.biasHh(e)}) {
                t.copyFrom(Tensor.uniform(rng, -k, k, t.shape()).toArray());
            }
        }
        Tensor src = Specials.sprinkle(rng, Tensor.uniform(rng, -1, 1, p.srcShape()));
        Tensor h0 = Tensor.uniform(rng, -1, 1, p.stateShape());
        Tensor c0 = p.kind().hasCellState() ? Tensor.uniform(rng, -1, 1, p.stateShape()) : null;
        return new Inputs(src, h0, c0, w);
    }

    /**
     * Shapes every backend is checked on: each cell kind, one layer one way and two layers both
     * ways, hidden sizes below and above a vector (and a 32-wide block), odd everything else.
     */
    public static List<RnnParams> cases() {
        List<RnnParams> out = new ArrayList<>();
        for (RnnKind kind : RnnKind.values()) {
            out.add(new RnnParams(kind, 1, false, 1, 1, 3, 1));
            out.add(new RnnParams(kind, 1, false, 5, 3, 7, 17));
            out.add(new RnnParams(kind, 2, true, 4, 2, 5, 33));
            // a batch above a few rows and hidden 32 (no partial vector)
            out.add(new RnnParams(kind, 1, false, 3, 5, 6, 20));
            out.add(new RnnParams(kind, 1, false, 2, 1, 4, 32));
            // batch 1 through a stack both ways: the serving path (onednn runs it on the shared driver)
            out.add(new RnnParams(kind, 2, true, 4, 1, 5, 9));
        }
        return out;
    }

    /** Every case in {@link #cases()}: forward (inference and training) and backward against the oracle. */
    public static void checkAgainstOracle(Backend candidate, long seed) {
        Rng rng = new Rng(seed);
        int i = 0;
        for (RnnParams p : cases()) {
            try (Scope scope = i++ % 2 == 0 ? Scope.confined() : Scope.shared()) {
                check(candidate, p, rng.split());
            }
        }
    }

    /** {@link #checkAgainstOracle} with NaN and infinities in src ({@link Specials}). */
    public static void checkAgainstOracleWithSpecialValues(Backend candidate, long seed) {
        Specials.during(() -> checkAgainstOracle(candidate, seed));
    }

    /** One case against the oracle. */
    public static void check(Backend candidate, RnnParams p, Rng rng) {
        Inputs in = random(p, rng);
        Tensor diffDst = Tensor.uniform(rng, -1, 1, p.dstShape());
        Tensor diffHN = Tensor.uniform(rng, -1, 1, p.stateShape());
        Tensor diffCN = p.kind().hasCellState() ? Tensor.uniform(rng, -1, 1, p.stateShape()) : null;
        String what = p + " on " + candidate.name();
        Ops.RnnResult want, got;
        Ops.RnnGrads wantGrads, gotGrads;
        try (Backends.Using u = Backends.using(ORACLE)) {
            want = Ops.rnn(p, in.src(), in.h0(), in.c0(), in.w(), true);
            wantGrads = Ops.rnnBackward(p, in.src(), in.h0(), in.c0(), in.w(), want, diffDst, diffHN, diffCN);
        }
        try (Backends.Using u = Backends.using(candidate)) {
            Ops.RnnResult inference = Ops.rnn(p, in.src(), in.h0(), in.c0(), in.w(), false);
            compareOutputs(what + " (inference)", want, inference);
            got = Ops.rnn(p, in.src(), in.h0(), in.c0(), in.w(), true);
            compareOutputs(what + " (training)", want, got);
            gotGrads = Ops.rnnBackward(p, in.src(), in.h0(), in.c0(), in.w(), got, diffDst, diffHN, diffCN);
            checkPreallocated(what, p, in, got, gotGrads, diffDst, diffHN, diffCN);
        }
        // gradients sum over seq * batch terms, each through up to seq steps of recurrence
        double atol = 2e-5 * p.seq() * p.layers(), rtol = 1e-4;
        assertClose(what + " diffSrc", wantGrads.diffSrc(), gotGrads.diffSrc(), atol, rtol);
        assertClose(what + " diffH0", wantGrads.diffH0(), gotGrads.diffH0(), atol, rtol);
        if (p.kind().hasCellState()) {
            assertClose(what + " diffC0", wantGrads.diffC0(), gotGrads.diffC0(), atol, rtol);
        }
        RnnWeights dw = wantGrads.diffWeights(), gw = gotGrads.diffWeights();
        double watol = atol * p.batch();
        for (int e = 0; e < dw.entries(); e++) {
            assertClose(what + " diff weight_ih entry " + e, dw.weightIh(e), gw.weightIh(e), watol, rtol);
            assertClose(what + " diff weight_hh entry " + e, dw.weightHh(e), gw.weightHh(e), watol, rtol);
            assertClose(what + " diff bias_ih entry " + e, dw.biasIh(e), gw.biasIh(e), watol, rtol);
            assertClose(what + " diff bias_hh entry " + e, dw.biasHh(e), gw.biasHh(e), watol, rtol);
        }
    }

    /** The same training step through rnnInto / rnnBackwardInto on preallocated tensors gives the same numbers. */
    private static void checkPreallocated(String what, RnnParams p, Inputs in, Ops.RnnResult want, Ops.RnnGrads wantGrads,
                                          Tensor diffDst, Tensor diffHN, Tensor diffCN) {
        boolean lstm = p.kind().hasCellState();
        Tensor dst = Tensor.zeros(p.dstShape()), hN = Tensor.zeros(p.stateShape());
        Tensor cN = lstm ? Tensor.zeros(p.stateShape()) : null;
        Tensor ws = Ops.rnnWorkspace(p);
        Ops.rnnInto(p, in.src(), in.h0(), in.c0(), in.w(), dst, hN, cN, ws);
        compareOutputs(what + " (preallocated)", want, new Ops.RnnResult(dst, hN, cN, ws, null));
        Ops.RnnGrads g = new Ops.RnnGrads(Tensor.zeros(p.srcShape()), Tensor.zeros(p.stateShape()),
                lstm ? Tensor.zeros(p.stateShape()) : null, RnnWeights.zeros(p));
        Tensor dCN = lstm ? (diffCN != null ? diffCN : Tensor.zeros(p.stateShape())) : null;
        Ops.rnnBackwardInto(p, in.src(), in.h0(), in.c0(), in.w(), dst, hN, cN, ws, diffDst, diffHN, dCN, g);
        assertClose(what + " diffSrc (preallocated)", wantGrads.diffSrc(), g.diffSrc(), 1e-6, 1e-5);
        assertClose(what + " diffH0 (preallocated)", wantGrads.diffH0(), g.diffH0(), 1e-6, 1e-5);
        assertClose(what + " diff weight_hh (preallocated)", wantGrads.diffWeights().weightHh(0),
                g.diffWeights().weightHh(0), 1e-5, 1e-5);
    }

    private static void compareOutputs(String what, Ops.RnnResult want, Ops.RnnResult got) {
        assertClose(what + " dst", want.dst(), got.dst(), 2e-6, 1e-5);
        assertClose(what + " hN", want.hN(), got.hN(), 2e-6, 1e-5);
        if (want.cN() != null) {
            assertClose(what + " cN", want.cN(), got.cN(), 2e-6, 1e-5);
        }
    }

    // ---- finite differences ----------------------------------------------------------------

    /**
     * Every input and weight gradient of {@code p} on {@code backend} against central finite
     * differences of {@code L = w . [dst, hN, cN]}.
     */
    public static void checkGradients(Backend backend, RnnParams p, long seed) {
        Rng rng = new Rng(seed);
        try (Scope scope = Scope.confined(); Backends.Using u = Backends.using(backend)) {
            Inputs in = random(p, rng);
            boolean lstm = p.kind().hasCellState();
            Tensor wDst = Tensor.uniform(rng, -1, 1, p.dstShape());
            Tensor wHN = Tensor.uniform(rng, -1, 1, p.stateShape());
            Tensor wCN = lstm ? Tensor.uniform(rng, -1, 1, p.stateShape()) : null;
            Tensor weights = flat(wDst, wHN, wCN);
            java.util.function.Supplier<Tensor> f = () -> {
                Ops.RnnResult r = Ops.rnn(p, in.src(), in.h0(), in.c0(), in.w(), false);
                return flat(r.dst(), r.hN(), r.cN());
            };
            Ops.RnnResult fwd = Ops.rnn(p, in.src(), in.h0(), in.c0(), in.w(), true);
            Ops.RnnGrads g = Ops.rnnBackward(p, in.src(), in.h0(), in.c0(), in.w(), fwd, wDst, wHN, wCN);
            // ReLU has a kink at 0 that a wide step may cross; a narrow one costs precision in float32
            boolean relu = p.kind() == RnnKind.RNN_RELU;
            double h = relu ? 1e-3 : 1e-2, tol = relu ? 1e-2 : 5e-3;
            String what = p + " on " + backend.name() + ": ";
            GradCheck.check(what + "src", f, weights, in.src(), g.diffSrc(), h, tol);
            GradCheck.check(what + "h0", f, weights, in.h0(), g.diffH0(), h, tol);
            if (lstm) {
                GradCheck.check(what + "c0", f, weights, in.c0(), g.diffC0(), h, tol);
            }
            RnnWeights w = in.w(), dw = g.diffWeights();
            for (int e = 0; e < w.entries(); e++) {
                GradCheck.check(what + "weight_ih entry " + e, f, weights, w.weightIh(e), dw.weightIh(e), h, tol);
                GradCheck.check(what + "weight_hh entry " + e, f, weights, w.weightHh(e), dw.weightHh(e), h, tol);
                GradCheck.check(what + "bias_ih entry " + e, f, weights, w.biasIh(e), dw.biasIh(e), h, tol);
                GradCheck.check(what + "bias_hh entry " + e, f, weights, w.biasHh(e), dw.biasHh(e), h, tol);
            }
        }
    }

    /** The tensors, flattened and joined (nulls skipped). */
    private static Tensor flat(Tensor... parts) {
        List<Tensor> flat = new ArrayList<>();
        for (Tensor t : parts) {
            if (t != null) {
                flat.add(t.reshape((int) t.numel()));
            }
        }
        return Ops.concat(0, flat.toArray(Tensor[]::new));
    }

    // ---- known answers ---------------------------------------------------------------------

    /**
     * One LSTM step with input 1, hidden 1, batch 1, worked by hand. Every gate gets a different
     * pre-activation, so a swapped gate order changes the answer.
     * <pre>
     * x = 1, h0 = 0.5, c0 = -1
     * weight_ih = [0.5, -0.5, 1.0, 0.25]  (rows i, f, g, o)   bias_ih = [0.1, 0.2, 0.0, -0.1]
     * weight_hh = [0.1,  0.2, -0.3, 0.4]                      bias_hh = [0.0, 0.3, 0.1,  0.0]
     * pre-activations  W_ih x + b_ih + W_hh h0 + b_hh:
     *   i:  0.5  + 0.1 + 0.05 + 0.0 = 0.65  ->  sigmoid = 0.6570104627
     *   f: -0.5  + 0.2 + 0.10 + 0.3 = 0.10  ->  sigmoid = 0.5249791875
     *   g:  1.0  + 0.0 - 0.15 + 0.1 = 0.95  ->  tanh    = 0.7397830513
     *   o:  0.25 - 0.1 + 0.20 + 0.0 = 0.35  ->  sigmoid = 0.5866175789
     * c1 = f * c0 + i * g = -0.5249791875 + 0.6570104627 * 0.7397830513 = -0.0389339827
     * h1 = o * tanh(c1) = 0.5866175789 * -0.0389143218 = -0.0228278253
     * </pre>
     */
    public static void checkLstmStep(Backend backend) {
        RnnParams p = new RnnParams(RnnKind.LSTM, 1, false, 1, 1, 1, 1);
        try (Scope scope = Scope.confined(); Backends.Using u = Backends.using(backend)) {
            RnnWeights w = new RnnWeights(
                    new Tensor[] {Tensor.of(new float[] {0.5f, -0.5f, 1.0f, 0.25f}, 4, 1)},
                    new Tensor[] {Tensor.of(new float[] {0.1f, 0.2f, -0.3f, 0.4f}, 4, 1)},
                    new Tensor[] {Tensor.of(new float[] {0.1f, 0.2f, 0.0f, -0.1f}, 4)},
                    new Tensor[] {Tensor.of(new float[] {0.0f, 0.3f, 0.1f, 0.0f}, 4)});
            Ops.RnnResult r = Ops.rnn(p, Tensor.of(new float[] {1f}, 1, 1, 1), Tensor.of(new float[] {0.5f}, 1, 1, 1),
                    Tensor.of(new float[] {-1f}, 1, 1, 1), w, false);
            String what = "LSTM step by hand on " + backend.name();
            assertClose(what + " h1", new float[] {-0.0228278253f}, r.dst().toArray(), i -> 1e-6, 0);
            assertClose(what + " hN", new float[] {-0.0228278253f}, r.hN().toArray(), i -> 1e-6, 0);
            assertClose(what + " cN", new float[] {-0.0389339827f}, r.cN().toArray(), i -> 1e-6, 0);
        }
    }

    /**
     * One GRU step with input 1, hidden 1, batch 1, worked by hand. b_hn is not zero, so applying
     * the reset gate after the hidden projection and its bias (PyTorch, oneDNN's lbr_gru) differs
     * from applying it to h before the projection (the original GRU paper, oneDNN's gru).
     * <pre>
     * x = 1, h0 = 0.5
     * weight_ih = [0.5, -0.5, 1.0]  (rows r, z, n)   bias_ih = [0.1, 0.2, 0.0]
     * weight_hh = [0.1,  0.2, -0.3]                  bias_hh = [0.0, 0.3, 0.1]
     *   r = sigmoid(0.5 + 0.1 + 0.05 + 0.0) = sigmoid(0.65) = 0.6570104627
     *   z = sigmoid(-0.5 + 0.2 + 0.1 + 0.3) = sigmoid(0.10) = 0.5249791875
     *   hidden projection of n: W_hn h0 + b_hn = -0.15 + 0.1 = -0.05
     *   n = tanh(W_in x + b_in + r * (-0.05)) = tanh(1.0 - 0.0328505231) = tanh(0.9671494769) = 0.7474489720
     * h1 = (1 - z) * n + z * h0 = 0.4750208125 * 0.7474489720 + 0.5249791875 * 0.5 = 0.6175434117
     * </pre>
     */
    public static void checkGruStep(Backend backend) {
        RnnParams p = new RnnParams(RnnKind.GRU, 1, false, 1, 1, 1, 1);
        try (Scope scope = Scope.confined(); Backends.Using u = Backends.using(backend)) {
            RnnWeights w = new RnnWeights(
                    new Tensor[] {Tensor.of(new float[] {0.5f, -0.5f, 1.0f}, 3, 1)},
                    new Tensor[] {Tensor.of(new float[] {0.1f, 0.2f, -0.3f}, 3, 1)},
                    new Tensor[] {Tensor.of(new float[] {0.1f, 0.2f, 0.0f}, 3)},
                    new Tensor[] {Tensor.of(new float[] {0.0f, 0.3f, 0.1f}, 3)});
            Ops.RnnResult r = Ops.rnn(p, Tensor.of(new float[] {1f}, 1, 1, 1), Tensor.of(new float[] {0.5f}, 1, 1, 1),
                    null, w, false);
            String what = "GRU step by hand on " + backend.name();
            assertClose(what + " h1", new float[] {0.6175434117f}, r.dst().toArray(), i -> 1e-6, 0);
            assertClose(what + " hN", new float[] {0.6175434117f}, r.hN().toArray(), i -> 1e-6, 0);
        }
    }
}
