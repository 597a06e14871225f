package dev.gatun.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.gatun.testing.Close;
import dev.gatun.testing.RnnParity;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * What the parity harness does not cover for recurrent ops: the converted-weights cache. Unchanged
 * weights are converted once per holder, whatever the sequence length; weights edited in place,
 * with no notification, are seen by the next call, converted into memory no call is running on.
 */
class OneDnnRnnTest {
    private static final OneDnnBackend ONEDNN = (OneDnnBackend) Backends.get("onednn");
    private static final Backend ORACLE = new ScalarBackend();

    @Test
    void unchangedWeightsAreConvertedOnceAndInPlaceEditsAreSeen() {
        try (Scope scope = Scope.confined()) {
            RnnParams p = new RnnParams(RnnKind.GRU, 2, true, 3, 2, 4, 5);
            RnnParity.Inputs in = RnnParity.random(p, new Rng(3));
            long before = ONEDNN.rnnWeightConversions();
            expectOracle("first call", p, 3, in);
            expectOracle("same weights, another length", p, 5, in);
            assertEquals(before + 1, ONEDNN.rnnWeightConversions(), "unchanged weights were converted again");

            Tensor hh = in.w().weightHh(3); // layer 1, reverse: the last entry
            hh.copyFrom(Ops.mul(hh, -2f).toArray());
            expectOracle("weight_hh_l1_reverse edited in place", p, 3, in);
            Tensor bias = in.w().biasHh(0);
            float[] b = bias.toArray();
            b[b.length - 1] += 0.75f; // b_hn: the GRU's bias oneDNN keeps apart
            bias.copyFrom(b);
            expectOracle("bias_hh_l0 edited in place", p, 3, in);
            assertEquals(before + 3, ONEDNN.rnnWeightConversions(), "each edit is one conversion");
        }
    }

    @Test
    void trainingSeesWeightsEditedBetweenSteps() {
        try (Scope scope = Scope.confined()) {
            RnnParams p = new RnnParams(RnnKind.LSTM, 1, false, 4, 3, 2, 3);
            RnnParity.Inputs in = RnnParity.random(p, new Rng(7));
            Tensor dDst = Tensor.uniform(new Rng(8), -1, 1, p.dstShape());
            for (int step = 0; step < 2; step++) {
                Tensor ih = in.w().weightIh(0);
                ih.copyFrom(Ops.add(ih, 0.25f).toArray()); // what an optimizer step does
                Ops.RnnGrads want = grads(ORACLE, p, in, dDst), got = grads(ONEDNN, p, in, dDst);
                Close.assertClose("step " + step + " diffSrc", want.diffSrc(), got.diffSrc(), 1e-5, 1e-4);
                Close.assertClose("step " + step + " dW_ih", want.diffWeights().weightIh(0),
                        got.diffWeights().weightIh(0), 1e-5, 1e-4);
            }
        }
    }

    /**
     * Training edits the weights every step: the conversion is refilled in the memory of the one
     * before, unless a call still holds that one (another thread running on it), whose weights
     * must then stay as they were.
     */
    @Test
    void changedWeightsReuseTheConversionMemoryNoCallHolds() {
        try (Scope scope = Scope.confined()) {
            RnnParams p = new RnnParams(RnnKind.LSTM, 1, false, 3, 2, 4, 5); // gates in PyTorch's order
            RnnParity.Inputs in = RnnParity.random(p, new Rng(5));
            RnnWeightsCache cache = new RnnWeightsCache();
            Tensor ih = in.w().weightIh(0);
            MemorySegment first;
            try (RnnWeightsCache.Converted c = cache.get(p, in.w())) {
                first = c.layer[0];
            }
            ih.copyFrom(Ops.add(ih, 1f).toArray());
            try (RnnWeightsCache.Converted held = cache.get(p, in.w())) {
                assertSame(first, held.layer[0], "no call held the old conversion: its memory is refilled");
                float[] heldCopy = held.layer[0].toArray(ValueLayout.JAVA_FLOAT);
                assertEquals(ih.toArray()[0], heldCopy[0], "refilled with the edited weights");

                ih.copyFrom(Ops.add(ih, 1f).toArray());
                try (RnnWeightsCache.Converted other = cache.get(p, in.w())) {
                    assertNotSame(held.layer[0], other.layer[0], "a held conversion is never edited");
                    assertEquals(ih.toArray()[0], other.layer[0].getAtIndex(ValueLayout.JAVA_FLOAT, 0));
                }
                assertArrayEquals(heldCopy, held.layer[0].toArray(ValueLayout.JAVA_FLOAT), "the held one's weights moved");
            }
            assertEquals(3, cache.conversions());
        }
    }

    /** A weight gradient past a Java array's size is refused before the backward runs, naming the op and shape. */
    @Test
    void aWeightGradientTooLargeToTransposeIsRefusedUpFront() {
        RnnWeightsCache.checkTransposable(new RnnParams(RnnKind.LSTM, 2, true, 1, 1, 1 << 10, 1 << 10)); // fits
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                RnnWeightsCache.checkTransposable(new RnnParams(RnnKind.LSTM, 1, false, 1, 1, 1 << 20, 1 << 10)));
        assertTrue(e.getMessage().contains("rnn backward") && e.getMessage().contains("[4096, 1048576]"), e.getMessage());
    }

    /**
     * Layers 1 and 2 of a stack have the same shape, so they share a primitive; each must still
     * run with its own weights (they once got layer 1's reordered copy for both).
     */
    @Test
    void layersOfTheSameShapeUseTheirOwnWeights() {
        try (Scope scope = Scope.confined()) {
            for (RnnKind kind : new RnnKind[] {RnnKind.LSTM, RnnKind.GRU}) {
                RnnParams p = new RnnParams(kind, 3, false, 4, 2, 3, 5);
                RnnParity.Inputs in = RnnParity.random(p, new Rng(21));
                Ops.RnnResult want, got;
                try (Backends.Using u = Backends.using(ORACLE)) {
                    want = Ops.rnn(p, in.src(), in.h0(), in.c0(), in.w(), false);
                }
                try (Backends.Using u = Backends.using(ONEDNN)) {
                    got = Ops.rnn(p, in.src(), in.h0(), in.c0(), in.w(), false);
                }
                Close.assertClose(kind + " three layers", want.dst(), got.dst(), 2e-6, 1e-5);
            }
        }
    }

    /**
     * RNN layers' primitives live in the backend's one cache: made and counted there, bounded by its
     * capacity, and still right when a tiny cache evicts them between (and during) calls.
     */
    @Test
    void rnnPrimitivesLiveInTheOneCacheAndSurviveEviction() {
        OneDnnBackend tiny = new OneDnnBackend(Backends.get("java"), 1, 2); // "java": the fallback OneDnnProvider gives it
        try (Scope scope = Scope.confined()) {
            RnnParams p = new RnnParams(RnnKind.LSTM, 3, true, 4, 2, 3, 5);
            RnnParity.Inputs in = RnnParity.random(p, new Rng(11));
            Tensor dDst = Tensor.uniform(new Rng(12), -1, 1, p.dstShape());
            Ops.RnnGrads want = grads(ORACLE, p, in, dDst);
            for (int round = 0; round < 2; round++) {
                long made = tiny.primitivesCreated();
                Ops.RnnGrads got = grads(tiny, p, in, dDst);
                assertTrue(tiny.primitivesCreated() >= made + 4, "made " + (tiny.primitivesCreated() - made)
                        + ": at least the two layer shapes' training forward and backward");
                assertTrue(tiny.cachedPrimitives() <= 2, tiny.cachedPrimitives() + " primitives kept by a cache of 2");
                Close.assertClose("round " + round + " diffSrc", want.diffSrc(), got.diffSrc(), 1e-5, 1e-4);
                Close.assertClose("round " + round + " dW_hh layer 2", want.diffWeights().weightHh(5),
                        got.diffWeights().weightHh(5), 1e-5, 1e-4);
                tiny.clearCache();
            }
        } finally {
            tiny.clearCache();
        }
    }

    private static void expectOracle(String what, RnnParams p, int seq, RnnParity.Inputs in) {
        RnnParams q = new RnnParams(p.kind(), p.layers(), p.bidirectional(), seq, p.batch(), p.input(), p.hidden());
        Tensor src = Tensor.uniform(new Rng(seq), -1, 1, q.srcShape());
        Ops.RnnResult want, got;
        try (Backends.Using u = Backends.using(ORACLE)) {
            want = Ops.rnn(q, src, in.h0(), null, in.w(), false);
        }
        try (Backends.Using u = Backends.using(ONEDNN)) {
            got = Ops.rnn(q, src, in.h0(), null, in.w(), false);
        }
        Close.assertClose(what + ", seq " + seq, want.dst(), got.dst(), 2e-6, 1e-5);
    }

    private static Ops.RnnGrads grads(Backend backend, RnnParams p, RnnParity.Inputs in, Tensor dDst) {
        try (Backends.Using u = Backends.using(backend)) {
            Ops.RnnResult r = Ops.rnn(p, in.src(), in.h0(), in.c0(), in.w(), true);
            return Ops.rnnBackward(p, in.src(), in.h0(), in.c0(), in.w(), r, dDst, null, null);
        }
    }
}
