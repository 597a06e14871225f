package dev.gatun.backend.onednn;

import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.backend.onednn.RnnPrimitives.Key;
import dev.gatun.backend.onednn.RnnPrimitives.Prop;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The onednn backend's recurrent ops: one oneDNN RNN primitive per layer ({@link RnnPrimitives}),
 * on our tensors in place (src, dst, h0/c0 and hN/cN slices of each layer), weights converted
 * once per version ({@link RnnWeightsCache}).
 *
 * <p>Workspace (floats): per layer, oneDNN's workspace (rounded up to 64 bytes), then per layer
 * but the last its output [seq, batch, directions * H], the next layer's input, which the
 * backward needs again. oneDNN's backward may overwrite its workspace: one backward per forward.
 *
 * <p>Plans are kept in a bounded LRU of their own (they hold several primitives and the sizes
 * the weight conversion needs), used under their monitor like {@link CachedPrimitive}s.
 */
final class OneDnnRnn {
    private static final int CAPACITY = 64;

    private final RnnPrimitives factory;
    private final IntSupplier threads; // sizes this thread's OpenMP team, returns the count
    private final RnnWeightsCache weights = new RnnWeightsCache();
    private final LinkedHashMap<Key, RnnPlan> plans = new LinkedHashMap<>(16, 0.75f, true);
    private final ThreadLocal<MemorySegment> scratch = ThreadLocal.withInitial(() -> MemorySegment.NULL);

    OneDnnRnn(MemorySegment engine, IntSupplier threads) {
        this.factory = new RnnPrimitives(engine);
        this.threads = threads;
    }

    private RnnPlan plan(RnnParams p, int layer, Prop prop) {
        Key k = new Key(p.kind(), p.directions(), p.seq(), p.batch(), p.layerInput(layer), p.hidden(),
                threads.getAsInt(), prop);
        synchronized (plans) {
            RnnPlan plan = plans.get(k);
            if (plan != null) {
                return plan;
            }
        }
        RnnPlan made = factory.create(k); // milliseconds: outside the lock
        List<RnnPlan> evicted = new ArrayList<>();
        RnnPlan winner;
        synchronized (plans) {
            winner = plans.putIfAbsent(k, made);
            while (plans.size() > CAPACITY) {
                Map.Entry<Key, RnnPlan> eldest = plans.entrySet().iterator().next();
                evicted.add(eldest.getValue());
                plans.remove(eldest.getKey());
            }
        }
        if (winner != null) {
            evicted.add(made);
        }
        for (RnnPlan e : evicted) {
            synchronized (e) {
                e.destroy();
            }
        }
        return winner != null ? winner : made;
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
        return floats(t.segment(), l * n, n);
    }

    void forward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                 Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        boolean training = workspace != null, lstm = p.kind() == RnnKind.LSTM;
        RnnWeightsCache.Converted cw = weights.get(p, w);
        long outFloats = layerOutputFloats(p);
        long[] wsAt = training ? workspaceOffsets(p) : null;
        // an inference keeps only the latest layer's output: two buffers taking turns
        MemorySegment inter = training ? workspace.segment() : p.layers() > 1 ? scratch(2 * outFloats * Float.BYTES) : null;
        MemorySegment in = src.segment();
        for (int l = 0; l < p.layers(); l++) {
            boolean last = l == p.layers() - 1;
            MemorySegment out = last ? dst.segment()
                    : training ? floats(inter, wsAt[2 * l + 1], outFloats) : floats(inter, (l % 2) * outFloats, outFloats);
            while (true) {
                RnnPlan plan = plan(p, l, training ? Prop.TRAINING : Prop.INFERENCE);
                synchronized (plan) {
                    if (plan.isDestroyed()) {
                        continue; // evicted between lookup and lock
                    }
                    MemorySegment[] packed = cw.packed(l, plan);
                    CachedPrimitive prim = plan.primitive;
                    prim.bind(0, in);
                    prim.bind(1, state(p, h0, l));
                    prim.bind(2, packed[0]);
                    prim.bind(3, packed[1]);
                    prim.bind(4, cw.bias[l]);
                    prim.bind(5, out);
                    prim.bind(6, state(p, hN, l));
                    int slot = 7;
                    if (lstm) {
                        prim.bind(slot++, state(p, c0, l));
                        prim.bind(slot++, state(p, cN, l));
                    }
                    if (training) {
                        prim.bind(slot, floats(inter, wsAt[2 * l], layerWorkspaceFloats(p, l)));
                    }
                    prim.execute();
                    break;
                }
            }
            in = out;
        }
    }

    void backward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w, Tensor dst, Tensor hN, Tensor cN,
                  Tensor workspace, Tensor diffDst, Tensor diffHN, Tensor diffCN,
                  Tensor diffSrc, Tensor diffH0, Tensor diffC0, RnnWeights diffW) {
        boolean lstm = p.kind() == RnnKind.LSTM;
        RnnWeightsCache.Converted cw = weights.get(p, w);
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
            while (true) {
                RnnPlan plan = plan(p, l, Prop.BACKWARD);
                synchronized (plan) {
                    if (plan.isDestroyed()) {
                        continue;
                    }
                    CachedPrimitive prim = plan.primitive;
                    MemorySegment[] args = {in, state(p, h0, l), cw.layer[l], cw.iter[l], cw.bias[l], out, state(p, hN, l),
                            floats(ws, wsAt[2 * l], layerWorkspaceFloats(p, l)), dIn, state(p, diffH0, l), dLayer, dIter,
                            dBias, dOut, state(p, diffHN, l)};
                    for (int i = 0; i < args.length; i++) {
                        prim.bind(i, args[i]);
                    }
                    if (lstm) {
                        prim.bind(15, state(p, c0, l));
                        prim.bind(16, state(p, cN, l));
                        prim.bind(17, state(p, diffC0, l));
                        prim.bind(18, state(p, diffCN, l));
                    }
                    prim.execute();
                    break;
                }
            }
            RnnWeightsCache.unpack(p, l, dLayer, dIter, dBias, diffW);
            dOut = dIn;
        }
    }

    /** Runs a weight reorder; the caller holds the monitor of the plan that owns it. */
    static void reorder(CachedPrimitive reorder, MemorySegment from, MemorySegment to) {
        reorder.bind(0, from);
        reorder.bind(1, to);
        reorder.execute();
    }
}
