package dev.gatun.backend.onednn;

import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PyTorch-layout RNN weights converted for oneDNN: per layer, the weights in {@code ldgoi} with
 * oneDNN's gate order (the GRU's r and z blocks swap: oneDNN's u, r, o is PyTorch's z, r, n), the
 * two PyTorch biases folded into oneDNN's one ({@code b_ih + b_hh} per gate; the GRU keeps b_hn
 * apart as a fourth gate), and, per forward plan, those weights reordered into the layout the
 * primitive chose. Also the way back for gradients ({@link #unpack}).
 *
 * <p>A conversion is kept per {@link RnnWeights} holder (weakly: a dropped holder's goes with it)
 * and reused only while the holder's tensors still hold what it was made from: every call compares
 * them with {@link MemorySegment#mismatch} (each gate block against its ldgoi copy, the biases
 * against a copy of their own), so weights changed in place by anyone, an optimizer step or a
 * load, are converted again before use. The comparison reads only the caller's tensors, which
 * {@code Ops} has checked are alive.
 *
 * <p>Training changes the weights every step, so a changed holder's conversion is refilled in the
 * old one's memory when no call is running on it: fresh off-heap buffers for the copies and the
 * packed reorders each step cost more than the LSTM primitive's forward (about 2 ms a step on
 * the bench LSTM, mostly first-touch page faults). A call holds its conversion ({@link #get}
 * acquires, {@link Converted#close} releases); one still in use by another thread is never
 * edited: the changed holder then gets new memory.
 */
final class RnnWeightsCache {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final Map<RnnWeights, Converted> cache = Collections.synchronizedMap(new WeakHashMap<>());
    private final AtomicLong conversions = new AtomicLong();

    /** oneDNN gate {@code g}'s PyTorch gate: GRU u, r, o = z, r, n; the others keep their order. */
    static int pytorchGate(RnnKind kind, int g) {
        return kind == RnnKind.GRU && g < 2 ? 1 - g : g;
    }

    /**
     * One weight set in oneDNN's terms, held by the calls running on it; the reordered copies are
     * made lazily, per plan.
     */
    static final class Converted implements AutoCloseable {
        final RnnParams params;
        final MemorySegment[] layer, iter, bias; // per layer: ldgoi weights and the folded bias
        private final MemorySegment[] biasIh, biasHh; // per entry: the PyTorch biases folded into bias
        // per plan, per layer: layers of one shape share a plan but not their weights
        private final Map<RnnPlan, Packed> packed;
        private final AtomicInteger users = new AtomicInteger(); // calls holding this; -1 once retired

        /** A plan's reordered weights per layer ({layer, iter}); filled[l] once layer l's are current. */
        private record Packed(MemorySegment[][] buffers, boolean[] filled) {
            Packed(int layers) {
                this(new MemorySegment[layers][], new boolean[layers]);
            }

            /** The same buffers, none current. */
            Packed emptied() {
                return new Packed(buffers, new boolean[buffers.length]);
            }
        }

        /** New memory for {@code p}'s weights, filled by {@link #fill}. */
        private Converted(RnnParams p) {
            int L = p.layers(), D = p.directions(), G = p.gates(), H = p.hidden(), GB = RnnPrimitives.biasGates(p.kind());
            Arena arena = Arena.ofAuto();
            params = p;
            layer = new MemorySegment[L];
            iter = new MemorySegment[L];
            bias = new MemorySegment[L];
            biasIh = new MemorySegment[L * D];
            biasHh = new MemorySegment[L * D];
            for (int l = 0; l < L; l++) {
                layer[l] = arena.allocate((long) D * G * H * p.layerInput(l) * Float.BYTES, 64);
                iter[l] = arena.allocate((long) D * G * H * H * Float.BYTES, 64);
                bias[l] = arena.allocate((long) D * GB * H * Float.BYTES, 64);
            }
            for (int e = 0; e < L * D; e++) {
                biasIh[e] = arena.allocate((long) G * H * Float.BYTES, 64);
                biasHh[e] = arena.allocate((long) G * H * Float.BYTES, 64);
            }
            packed = new IdentityHashMap<>();
        }

        /** {@code retired}'s memory, taken over for {@code p} (same weight shapes), none of it current. */
        private Converted(RnnParams p, Converted retired) {
            params = p;
            layer = retired.layer;
            iter = retired.iter;
            bias = retired.bias;
            biasIh = retired.biasIh;
            biasHh = retired.biasHh;
            packed = new IdentityHashMap<>();
            synchronized (retired) {
                retired.packed.forEach((plan, copies) -> packed.put(plan, copies.emptied()));
            }
        }

        /** Holds this for a call, unless it was retired. */
        private boolean acquire() {
            for (int n = users.get(); n >= 0; n = users.get()) {
                if (users.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
            return false;
        }

        /** Retires this if no call holds it: from then on its memory belongs to the caller. */
        private boolean retire() {
            return users.compareAndSet(0, -1);
        }

        /** The call holding this is done with it. */
        @Override
        public void close() {
            users.decrementAndGet();
        }

        /** Whether {@code w} holds, for {@code p}'s weight shapes, exactly what this was made from. */
        boolean madeFrom(RnnParams p, RnnWeights w) {
            if (!sameWeightShapes(params, p)) {
                return false;
            }
            int D = p.directions(), G = p.gates(), H = p.hidden();
            for (int l = 0; l < p.layers(); l++) {
                int I = p.layerInput(l);
                for (int d = 0; d < D; d++) {
                    int e = l * D + d;
                    for (int g = 0; g < G; g++) {
                        long pg = pytorchGate(p.kind(), g), dg = (long) d * G + g;
                        if (!sameBytes(w.weightIh(e).segment(), pg * H * I, layer[l], dg * H * I, (long) H * I)
                                || !sameBytes(w.weightHh(e).segment(), pg * H * H, iter[l], dg * H * H, (long) H * H)) {
                            return false;
                        }
                    }
                    if (w.biasIh(e).segment().mismatch(biasIh[e]) != -1 || w.biasHh(e).segment().mismatch(biasHh[e]) != -1) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Copies {@code w} into this conversion's ldgoi weights, biases and folded bias. */
        private void fill(RnnWeights w) {
            RnnParams p = params;
            int L = p.layers(), D = p.directions(), G = p.gates(), H = p.hidden(), GB = RnnPrimitives.biasGates(p.kind());
            for (int l = 0; l < L; l++) {
                int I = p.layerInput(l);
                for (int d = 0; d < D; d++) {
                    int e = l * D + d;
                    for (int g = 0; g < G; g++) {
                        int pg = pytorchGate(p.kind(), g);
                        // ldgoi: block (d, g) is H rows of I, exactly PyTorch's rows [pg*H, (pg+1)*H)
                        MemorySegment.copy(w.weightIh(e).segment(), (long) pg * H * I * Float.BYTES,
                                layer[l], ((long) d * G + g) * H * I * Float.BYTES, (long) H * I * Float.BYTES);
                        MemorySegment.copy(w.weightHh(e).segment(), (long) pg * H * H * Float.BYTES,
                                iter[l], ((long) d * G + g) * H * H * Float.BYTES, (long) H * H * Float.BYTES);
                    }
                    MemorySegment bih = biasIh[e].copyFrom(w.biasIh(e).segment());
                    MemorySegment bhh = biasHh[e].copyFrom(w.biasHh(e).segment());
                    for (int g = 0; g < GB; g++) {
                        for (int j = 0; j < H; j++) {
                            float v;
                            if (p.kind() == RnnKind.GRU && g >= 2) {
                                // o: b_in only; u' (the fourth): b_hn, which the reset gate scales
                                v = g == 2 ? bih.getAtIndex(F32, 2L * H + j) : bhh.getAtIndex(F32, 2L * H + j);
                            } else {
                                long at = (long) pytorchGate(p.kind(), g) * H + j;
                                v = bih.getAtIndex(F32, at) + bhh.getAtIndex(F32, at);
                            }
                            bias[l].setAtIndex(F32, ((long) d * GB + g) * H + j, v);
                        }
                    }
                }
            }
        }

        /** Whether {@code count} floats of {@code a} from float {@code at} equal those of {@code b} from {@code bt}. */
        private static boolean sameBytes(MemorySegment a, long at, MemorySegment b, long bt, long count) {
            long bytes = count * Float.BYTES;
            return MemorySegment.mismatch(a, at * Float.BYTES, at * Float.BYTES + bytes, b, bt * Float.BYTES,
                    bt * Float.BYTES + bytes) == -1;
        }

        /**
         * Layer l's weights in {@code plan}'s layout {layer, iter}, reordering them on first use;
         * the caller holds the plan's monitor.
         */
        synchronized MemorySegment[] packed(int l, RnnPlan plan) {
            Packed copies = packed.get(plan);
            if (copies == null) {
                packed.keySet().removeIf(RnnPlan::isDestroyed); // copies for evicted plans
                copies = new Packed(params.layers());
                packed.put(plan, copies);
            }
            MemorySegment[] p = copies.buffers[l];
            if (p == null) {
                Arena arena = Arena.ofAuto();
                p = new MemorySegment[] {arena.allocate(plan.weightsLayerBytes, 64), arena.allocate(plan.weightsIterBytes, 64)};
                copies.buffers[l] = p;
            }
            if (!copies.filled[l]) {
                OneDnnRnn.reorder(plan.reorderLayer, layer[l], p[0]);
                OneDnnRnn.reorder(plan.reorderIter, iter[l], p[1]);
                copies.filled[l] = true;
            }
            return p;
        }
    }

    /**
     * The conversion of {@code w}'s current contents for {@code p}, held for the caller until it
     * closes it: the kept one if they did not change, else the old one's memory refilled if no
     * call holds it, else new memory.
     */
    Converted get(RnnParams p, RnnWeights w) {
        Converted c = cache.get(w);
        if (c != null && c.acquire()) {
            if (c.madeFrom(p, w)) {
                return c;
            }
            c.close();
        }
        synchronized (this) { // one conversion of a holder at a time: the loser of a race reuses the winner's
            c = cache.get(w);
            if (c != null && c.acquire()) {
                if (c.madeFrom(p, w)) {
                    return c;
                }
                c.close();
            }
            Converted fresh = c != null && sameWeightShapes(c.params, p) && c.retire() ? new Converted(p, c) : new Converted(p);
            fresh.fill(w);
            fresh.acquire();
            conversions.incrementAndGet();
            cache.put(w, fresh);
            return fresh;
        }
    }

    /** How many conversions were made (tests check that unchanged weights are not converted again). */
    long conversions() {
        return conversions.get();
    }

    /** Whether the conversion for {@code a} fits {@code b}: the weights' shapes, not seq or batch. */
    private static boolean sameWeightShapes(RnnParams a, RnnParams b) {
        return a.kind() == b.kind() && a.layers() == b.layers() && a.bidirectional() == b.bidirectional()
                && a.input() == b.input() && a.hidden() == b.hidden();
    }

    /**
     * Writes oneDNN's weight gradients of layer l ({@code ldigo}, oneDNN gates; bias gates as
     * {@link #convert} folds them) into PyTorch's per-direction gradients [G*H, in] (a transpose
     * per gate block); a folded bias's gradient goes to both b_ih and b_hh.
     */
    static void unpack(RnnParams p, int l, MemorySegment dLayer, MemorySegment dIter, MemorySegment dBias, RnnWeights diffW) {
        int D = p.directions(), G = p.gates(), H = p.hidden(), I = p.layerInput(l), GB = RnnPrimitives.biasGates(p.kind());
        for (int d = 0; d < D; d++) {
            int e = l * D + d;
            transposeGates(p.kind(), dLayer, (long) d * I * G * H, I, G, H, diffW.weightIh(e).segment());
            transposeGates(p.kind(), dIter, (long) d * H * G * H, H, G, H, diffW.weightHh(e).segment());
            MemorySegment dbih = diffW.biasIh(e).segment(), dbhh = diffW.biasHh(e).segment();
            for (int g = 0; g < GB; g++) {
                long from = ((long) d * GB + g) * H * Float.BYTES;
                if (p.kind() == RnnKind.GRU && g >= 2) {
                    MemorySegment.copy(dBias, from, g == 2 ? dbih : dbhh, 2L * H * Float.BYTES, (long) H * Float.BYTES);
                } else {
                    long to = (long) pytorchGate(p.kind(), g) * H * Float.BYTES;
                    MemorySegment.copy(dBias, from, dbih, to, (long) H * Float.BYTES);
                    MemorySegment.copy(dBias, from, dbhh, to, (long) H * Float.BYTES);
                }
            }
        }
    }

    /** The most floats a Java array holds. */
    private static final long MAX_ARRAY_FLOATS = Integer.MAX_VALUE - 8;

    /**
     * Throws, before a backward's primitive runs, when a direction's weight gradient is more than
     * {@link #transposeGates} can hold in a Java array (8 GiB of one direction's weights).
     */
    static void checkTransposable(RnnParams p) {
        for (int l = 0; l < p.layers(); l++) {
            long rows = (long) p.gates() * p.hidden(), cols = Math.max(p.layerInput(l), p.hidden());
            if (rows * cols > MAX_ARRAY_FLOATS) {
                throw new IllegalArgumentException("rnn backward: a weight gradient of [" + rows + ", " + cols
                        + "] (layer " + l + ") is more than a Java array holds");
            }
        }
    }

    /** Two float arrays per thread for {@link #transposeGates}, grown on need. */
    private static final ThreadLocal<float[][]> TRANSPOSE_SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    /**
     * to[pg*H + o][i] = from[at + (i*G + g)*H + o]: one direction's ldigo block into PyTorch rows.
     * On heap arrays between two bulk copies: element by element on the segments it took 0.24 ms
     * a step of the bench LSTM, on arrays 0.15 (the per-access checks were the cost: tiling the
     * segment loop did not help, nor did tiling this one measurably).
     */
    private static void transposeGates(RnnKind kind, MemorySegment from, long at, int in, int gates, int h, MemorySegment to) {
        int n = in * gates * h; // fits: checkTransposable ran before the backward
        float[][] scratch = TRANSPOSE_SCRATCH.get();
        if (scratch[0].length < n) {
            scratch[0] = new float[n];
            scratch[1] = new float[n];
        }
        float[] src = scratch[0], dst = scratch[1];
        MemorySegment.copy(from, F32, at * Float.BYTES, src, 0, n);
        for (int g = 0; g < gates; g++) {
            int row0 = pytorchGate(kind, g) * h;
            for (int i = 0; i < in; i++) {
                int s = (i * gates + g) * h;
                for (int o = 0; o < h; o++) {
                    dst[(row0 + o) * in + i] = src[s + o];
                }
            }
        }
        MemorySegment.copy(dst, 0, to, F32, 0, n);
    }
}
