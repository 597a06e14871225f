package dev.gatun.backend.onednn;

import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.backend.onednn.RnnPrimitives.Key;
import dev.gatun.backend.onednn.RnnPrimitives.Prop;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The onednn backend's recurrent ops: one oneDNN RNN primitive per layer ({@link RnnPrimitives}),
 * on our tensors in place (src, dst, h0/c0 and hN/cN slices of each layer), weights converted
 * again only when their contents changed ({@link RnnWeightsCache}).
 *
 * <p>Workspace (floats): per layer, oneDNN's workspace (rounded up to 64 bytes), then per layer
 * but the last its output [seq, batch, directions * H], the next layer's input, which the
 * backward needs again. oneDNN's backward may overwrite its workspace: one backward per forward.
 *
 * <p>A layer's primitive lives in the backend's one {@link PrimitiveCache} under a
 * {@link RnnPrimitives.Key}, its {@link RnnPlan} (weight reorders and sizes) attached to it, and
 * runs through the cache's one execute path like every other primitive.
 */
final class OneDnnRnn {
    private final PrimitiveCache cache;
    private final StepKeys keys; // the calling thread's probe, its OpenMP team sized by one step's work
    private final RnnWeightsCache weights = new RnnWeightsCache();
    private final ThreadLocal<MemorySegment> scratch = ThreadLocal.withInitial(() -> MemorySegment.NULL);

    /** The calling thread's probe for {@code op}, its team sized for a step of {@code stepWork} multiply-adds. */
    interface StepKeys {
        PrimitiveKey key(Op op, long stepWork);
    }

    OneDnnRnn(PrimitiveCache cache, StepKeys keys) {
        this.cache = cache;
        this.keys = keys;
    }

    /** The cache key of layer {@code layer}'s primitive for {@code prop}, in this thread's probe. */
    private PrimitiveKey key(RnnParams p, int layer, Prop prop) {
        PrimitiveKey row = keys.key(Op.RNN, stepWork(p, layer));
        return new Key(p.kind(), p.directions(), p.seq(), p.batch(), p.layerInput(layer), p.hidden(), row.threads(), prop)
                .writeTo(row);
    }

    /** Multiply-adds of one time step of layer {@code layer}: its gates' gemms over input and state, all directions. */
    private static long stepWork(RnnParams p, int layer) {
        return (long) p.directions() * p.batch() * p.kind().gates() * p.hidden() * ((long) p.layerInput(layer) + p.hidden());
    }

    /** Layer {@code layer}'s plan for {@code prop} (its sizes; made on first need). */
    private RnnPlan plan(RnnParams p, int layer, Prop prop) {
        return (RnnPlan) cache.get(key(p, layer, prop)).attachment();
    }

    /** Bytes of oneDNN's workspace of each layer, rounded up to whole 64-byte lines. */
    private long layerWorkspaceFloats(RnnParams p, int layer) {
        return (plan(p, layer, Prop.TRAINING).workspaceBytes + 63) / 64 * 16;
    }

    long workspaceSize(RnnParams p) {
        long n = 0;
        for (int l = 0; l < p.layers(); l++) {
            n += layerWorkspaceFloats(p, l);
        }
        return n + (p.layers() - 1) * layerOutputFloats(p);
    }

    private static long layerOutputFloats(RnnParams p) {
        return (long) p.seq() * p.batch() * p.outputSize();
    }

    /** Float offsets in the workspace: [2l] oneDNN's workspace of layer l, [2l+1] layer l's output. */
    private long[] workspaceOffsets(RnnParams p) {
        long[] at = new long[2 * p.layers()];
        long n = 0;
        for (int l = 0; l < p.layers(); l++) {
            at[2 * l] = n;
            n += layerWorkspaceFloats(p, l);
        }
        for (int l = 0; l < p.layers(); l++) {
            at[2 * l + 1] = n;
            n += l < p.layers() - 1 ? layerOutputFloats(p) : 0;
        }
        return at;
    }

    /** This thread's scratch of at least {@code bytes}, kept between calls. */
    private MemorySegment scratch(long bytes) {
        MemorySegment s = scratch.get();
        if (s.byteSize() < bytes) {
            s = Arena.ofAuto().allocate(Math.max(bytes, 2 * s.byteSize()), 64);
            scratch.set(s);
        }
        return s;
    }

    private static MemorySegment floats(MemorySegment s, long from, long count) {
        return s.asSlice(from * Float.BYTES, count * Float.BYTES);
    }

    /** Layer l's slice [directions, batch, hidden] of a state tensor [layers * directions, batch, hidden]. */
    private static MemorySegment state(RnnParams p, Tensor t, int l) {
        long n = (long) p.directions() * p.batch() * p.hidden();
        // one layer's slice is the whole tensor: its cached segment, no new slice per call
        return n == t.numel() ? t.segment() : floats(t.segment(), l * n, n);
    }

    void forward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                 Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        boolean training = workspace != null, lstm = p.kind() == RnnKind.LSTM;
        try (RnnWeightsCache.Converted cw = weights.get(p, w)) {
            long outFloats = layerOutputFloats(p);
            long[] wsAt = training ? workspaceOffsets(p) : null;
            // an inference keeps only the latest layer's output: two buffers taking turns
            MemorySegment inter = training ? workspace.segment() : p.layers() > 1 ? scratch(2 * outFloats * Float.BYTES) : null;
            MemorySegment in = src.segment();
            for (int l = 0; l < p.layers(); l++) {
                boolean last = l == p.layers() - 1;
                MemorySegment out = last ? dst.segment()
                        : training ? floats(inter, wsAt[2 * l + 1], outFloats) : floats(inter, (l % 2) * outFloats, outFloats);
                MemorySegment layerIn = in, h0l = state(p, h0, l), hNl = state(p, hN, l);
                MemorySegment c0l = lstm ? state(p, c0, l) : null, cNl = lstm ? state(p, cN, l) : null;
                MemorySegment ws = training ? floats(inter, wsAt[2 * l], layerWorkspaceFloats(p, l)) : null;
                int layer = l;
                PrimitiveKey key = key(p, l, training ? Prop.TRAINING : Prop.INFERENCE); // after every other lookup
                PrimitiveCache.Args args = key.args().add(layerIn).add(h0l).add(null).add(null).add(cw.bias[l]).add(out).add(hNl);
                if (lstm) {
                    args.add(c0l).add(cNl);
                }
                if (training) {
                    args.add(ws);
                }
                cache.execute(key, args, (prim, a) -> {
                    MemorySegment[] packed = cw.packed(layer, (RnnPlan) prim.attachment()); // the weights in this primitive's layout
                    a.set(2, packed[0]);
                    a.set(3, packed[1]);
                    a.bindAll(prim);
                    prim.execute();
                });
                in = out;
            }
        }
    }

    void backward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w, Tensor dst, Tensor hN, Tensor cN,
                  Tensor workspace, Tensor diffDst, Tensor diffHN, Tensor diffCN,
                  Tensor diffSrc, Tensor diffH0, Tensor diffC0, RnnWeights diffW) {
        boolean lstm = p.kind() == RnnKind.LSTM;
        RnnWeightsCache.checkTransposable(p);
        try (RnnWeightsCache.Converted cw = weights.get(p, w)) {
            long outFloats = layerOutputFloats(p);
            long[] wsAt = workspaceOffsets(p);
            MemorySegment ws = workspace.segment();
            int D = p.directions(), G = p.gates(), H = p.hidden(), GB = RnnPrimitives.biasGates(p.kind());
            long maxIn = Math.max(p.input(), p.outputSize());
            long dLayerFloats = (long) D * G * H * maxIn, dIterFloats = (long) D * G * H * H, dBiasFloats = (long) D * GB * H;
            // scratch: weight gradients of one layer in oneDNN's terms, and two layer-gradient buffers
            MemorySegment sc = scratch((dLayerFloats + dIterFloats + dBiasFloats + 2 * outFloats) * Float.BYTES);
            MemorySegment dLayerAll = floats(sc, 0, dLayerFloats), dIter = floats(sc, dLayerFloats, dIterFloats);
            MemorySegment dBias = floats(sc, dLayerFloats + dIterFloats, dBiasFloats);
            long gradAt = dLayerFloats + dIterFloats + dBiasFloats;
            MemorySegment dOut = diffDst.segment();
            for (int l = p.layers() - 1; l >= 0; l--) {
                MemorySegment in = l == 0 ? src.segment() : floats(ws, wsAt[2 * (l - 1) + 1], outFloats);
                MemorySegment out = l == p.layers() - 1 ? dst.segment() : floats(ws, wsAt[2 * l + 1], outFloats);
                MemorySegment dIn = l == 0 ? diffSrc.segment() : floats(sc, gradAt + (l % 2) * outFloats, outFloats);
                MemorySegment dLayer = floats(dLayerAll, 0, (long) D * G * H * p.layerInput(l));
                MemorySegment[] slots = {in, state(p, h0, l), cw.layer[l], cw.iter[l], cw.bias[l], out, state(p, hN, l),
                        floats(ws, wsAt[2 * l], layerWorkspaceFloats(p, l)), dIn, state(p, diffH0, l), dLayer, dIter,
                        dBias, dOut, state(p, diffHN, l)};
                MemorySegment[] cell = lstm ? new MemorySegment[] {state(p, c0, l), state(p, cN, l), state(p, diffC0, l),
                        state(p, diffCN, l)} : new MemorySegment[0];
                PrimitiveKey key = key(p, l, Prop.BACKWARD); // after every other lookup
                PrimitiveCache.Args args = key.args();
                for (MemorySegment m : slots) {
                    args.add(m);
                }
                for (MemorySegment m : cell) {
                    args.add(m);
                }
                cache.execute(key, args);
                RnnWeightsCache.unpack(p, l, dLayer, dIter, dBias, diffW);
                dOut = dIn;
            }
        }
    }

    /** Weight conversions made so far: tests check that unchanged weights are reused. */
    long weightConversions() {
        return weights.conversions();
    }

    /** Runs a weight reorder; the caller holds the monitor of the plan that owns it. */
    static void reorder(CachedPrimitive reorder, MemorySegment from, MemorySegment to) {
        reorder.bind(0, from);
        reorder.bind(1, to);
        reorder.execute();
    }
}
