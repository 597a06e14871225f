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

/**
 * PyTorch-layout RNN weights converted for oneDNN, once per {@link RnnWeights} and
 * {@linkplain RnnWeights#version() version}: per layer, the weights in {@code ldgoi} with oneDNN's
 * gate order (the GRU's r and z blocks swap: oneDNN's u, r, o is PyTorch's z, r, n), the two
 * PyTorch biases folded into oneDNN's one ({@code b_ih + b_hh} per gate; the GRU keeps b_hn
 * apart as a fourth gate), and, per forward plan, those weights reordered into the layout the
 * primitive chose. Also the way back for gradients ({@link #unpack}).
 */
final class RnnWeightsCache {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final Map<RnnWeights, Converted> cache = Collections.synchronizedMap(new WeakHashMap<>());

    /** oneDNN gate {@code g}'s PyTorch gate: GRU u, r, o = z, r, n; the others keep their order. */
    static int pytorchGate(RnnKind kind, int g) {
        return kind == RnnKind.GRU && g < 2 ? 1 - g : g;
    }

    /** One weight set in oneDNN's terms; the reordered copies are made lazily, per plan. */
    static final class Converted {
        final long version;
        final RnnParams params;
        final MemorySegment[] layer, iter, bias; // per layer: ldgoi weights and the folded bias
        private final Map<RnnPlan, MemorySegment[]> packed = new IdentityHashMap<>();

        Converted(long version, RnnParams params, MemorySegment[] layer, MemorySegment[] iter, MemorySegment[] bias) {
            this.version = version;
            this.params = params;
            this.layer = layer;
            this.iter = iter;
            this.bias = bias;
        }

        /**
         * Layer l's weights in {@code plan}'s layout {layer, iter}, reordering them on first use;
         * the caller holds the plan's monitor.
         */
        synchronized MemorySegment[] packed(int l, RnnPlan plan) {
            MemorySegment[] p = packed.get(plan);
            if (p == null) {
                Arena arena = Arena.ofAuto();
                p = new MemorySegment[] {arena.allocate(plan.weightsLayerBytes, 64), arena.allocate(plan.weightsIterBytes, 64)};
                OneDnnRnn.reorder(plan.reorderLayer, layer[l], p[0]);
                OneDnnRnn.reorder(plan.reorderIter, iter[l], p[1]);
                packed.put(plan, p);
            }
            return p;
        }
    }

    /** The conversion of {@code w} for {@code p}, made now unless one of this version exists. */
    Converted get(RnnParams p, RnnWeights w) {
        long version = w.version();
        Converted c = cache.get(w);
        if (c != null && c.version == version && c.params.equals(p)) {
            return c;
        }
        c = convert(p, w, version);
        cache.put(w, c);
        return c;
    }

    private static Converted convert(RnnParams p, RnnWeights w, long version) {
        int L = p.layers(), D = p.directions(), G = p.gates(), H = p.hidden(), GB = RnnPrimitives.biasGates(p.kind());
        Arena arena = Arena.ofAuto();
        MemorySegment[] layer = new MemorySegment[L], iter = new MemorySegment[L], bias = new MemorySegment[L];
        for (int l = 0; l < L; l++) {
            int I = p.layerInput(l);
            layer[l] = arena.allocate((long) D * G * H * I * Float.BYTES, 64);
            iter[l] = arena.allocate((long) D * G * H * H * Float.BYTES, 64);
            bias[l] = arena.allocate((long) D * GB * H * Float.BYTES, 64);
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
                MemorySegment bih = w.biasIh(e).segment(), bhh = w.biasHh(e).segment();
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
        return new Converted(version, p, layer, iter, bias);
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

    /** to[pg*H + o][i] = from[at + (i*G + g)*H + o]: one direction's ldigo block into PyTorch rows. */
    private static void transposeGates(RnnKind kind, MemorySegment from, long at, int in, int gates, int h, MemorySegment to) {
        for (int g = 0; g < gates; g++) {
            long row0 = (long) pytorchGate(kind, g) * h;
            for (int i = 0; i < in; i++) {
                long src = at + ((long) i * gates + g) * h;
                for (int o = 0; o < h; o++) {
                    to.setAtIndex(F32, (row0 + o) * in + i, from.getAtIndex(F32, src + o));
                }
            }
        }
    }
}
