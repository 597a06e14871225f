package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;

import dev.gatun.backend.RnnKind;
import java.lang.foreign.MemorySegment;

/**
 * Makes the {@link RnnPlan} of one layer: a oneDNN RNN primitive over the whole sequence, one
 * layer (L = 1), one direction or both ({@code bidirectional_concat}, PyTorch's output layout).
 * Layers are separate primitives because oneDNN's stacks need every layer's input as wide as its
 * output, and feed each direction only its own direction's lower layer, unlike PyTorch.
 *
 * <p>Cells: {@code vanilla_rnn} (tanh or relu), {@code lstm} (no peephole, no projection; gate
 * order i, f, c~, o is PyTorch's i, f, g, o) and {@code lbr_gru} (gate order u, r, o = PyTorch's
 * z, r, n; bias u, r, o, u' where u' is b_hn, applied inside the reset as PyTorch does).
 *
 * <p>Layouts: src/dst layer tnc, states ldnc, bias ldgo (all plain, so our tensors are used in
 * place). Forward weights are {@code any} (the primitive picks a packed layout) with reorders
 * from {@code ldgoi}, PyTorch's [G*H, in] row order once gates are arranged; backward reads
 * weights in {@code ldgoi} itself (the conversion's own buffer, no reorder) and writes weight
 * gradients in {@code ldigo}, which {@link RnnWeightsCache#unpack} transposes back.
 */
final class RnnPrimitives {
    private final MemorySegment engine;

    RnnPrimitives(MemorySegment engine) {
        this.engine = engine;
    }

    /** One layer's shape and what to make; threads because some implementations fix their partitioning. */
    record Key(RnnKind kind, int directions, int seq, int batch, int input, int hidden, int threads, Prop prop) {
        /** Writes this key into a cache row started for {@link PrimitiveKey.Op#RNN} (which holds the threads). */
        PrimitiveKey writeTo(PrimitiveKey row) {
            return row.add(kind.ordinal()).add(directions).add(seq).add(batch).add(input).add(hidden).add(prop.ordinal());
        }

        /** The key {@link #writeTo} wrote. */
        static Key readFrom(PrimitiveKey row) {
            PrimitiveKey.Reader r = row.reader();
            return new Key(RnnKind.values()[r.nextInt()], r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(),
                    row.threads(), Prop.values()[r.nextInt()]);
        }
    }

    enum Prop { INFERENCE, TRAINING, BACKWARD }

    /** oneDNN's bias gate count: one more than the gates for the linear-before-reset GRU (b_hn apart). */
    static int biasGates(RnnKind kind) {
        return kind == RnnKind.GRU ? 4 : kind.gates();
    }

    /** ldgoi strides for weights of logical dims [1, D, in, G, H] (ldigo order of dims). */
    private static long[] ldgoiStrides(int d, int in, int g, int h) {
        return new long[] {(long) d * g * h * in, (long) g * h * in, 1, (long) h * in, in};
    }

    RnnPlan create(Key k) {
        int D = k.directions(), T = k.seq(), N = k.batch(), I = k.input(), H = k.hidden(), G = k.kind().gates();
        boolean lstm = k.kind() == RnnKind.LSTM;
        String what = k.kind() + " layer " + (D == 2 ? "bidirectional " : "") + k.prop().name().toLowerCase(java.util.Locale.ROOT)
                + " seq " + T + ", batch " + N + ", input " + I + ", hidden " + H;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment srcLayer = b.md(T, N, I), dstLayer = b.md(T, N, (long) D * H);
            MemorySegment state = b.md(1, D, N, H); // src/dst iter (and the LSTM's c)
            MemorySegment bias = b.md(1, D, biasGates(k.kind()), H);
            long[] wlDims = {1, D, I, G, H}, wiDims = {1, D, H, G, H};
            MemorySegment wlAny = b.mdAny(wlDims), wiAny = b.mdAny(wiDims);
            MemorySegment wlUser = b.md(wlDims, ldgoiStrides(D, I, G, H)), wiUser = b.md(wiDims, ldgoiStrides(D, H, G, H));
            int direction = D == 2 ? dnnl_bidirectional_concat : dnnl_unidirectional_left2right;
            MemorySegment attr = b.attr();
            int fwdProp = k.prop() == Prop.INFERENCE ? dnnl_forward_inference : dnnl_forward_training;
            MemorySegment fwd = forwardPd(b, k.kind(), fwdProp, direction, srcLayer, state, wlAny, wiAny, bias, dstLayer,
                    k.prop() == Prop.BACKWARD ? MemorySegment.NULL : attr);
            if (k.prop() != Prop.BACKWARD) {
                MemorySegment wl = dnnl_primitive_desc_query_md(fwd, dnnl_query_exec_arg_md, DNNL_ARG_WEIGHTS_LAYER);
                MemorySegment wi = dnnl_primitive_desc_query_md(fwd, dnnl_query_exec_arg_md, DNNL_ARG_WEIGHTS_ITER);
                MemorySegment ws = dnnl_primitive_desc_query_md(fwd, dnnl_query_workspace_md, 0);
                long wsBytes = ws.equals(MemorySegment.NULL) ? 0 : dnnl_memory_desc_get_size(ws);
                boolean training = k.prop() == Prop.TRAINING;
                MemorySegment reorderLayerPd = b.pd(dnnl_reorder_primitive_desc_create(b.out(), wlUser, engine, wl, engine, b.attr()),
                        "dnnl_reorder_primitive_desc_create");
                MemorySegment reorderIterPd = b.pd(dnnl_reorder_primitive_desc_create(b.out(), wiUser, engine, wi, engine, b.attr()),
                        "dnnl_reorder_primitive_desc_create");
                int n = 7 + (lstm ? 2 : 0) + (training ? 1 : 0);
                int[] kinds = new int[n];
                MemorySegment[] mds = new MemorySegment[n];
                int i = fill(kinds, mds, 0, new int[] {DNNL_ARG_SRC_LAYER, DNNL_ARG_SRC_ITER, DNNL_ARG_WEIGHTS_LAYER,
                        DNNL_ARG_WEIGHTS_ITER, DNNL_ARG_BIAS, DNNL_ARG_DST_LAYER, DNNL_ARG_DST_ITER},
                        new MemorySegment[] {srcLayer, state, wl, wi, bias, dstLayer, state});
                if (lstm) {
                    i = fill(kinds, mds, i, new int[] {DNNL_ARG_SRC_ITER_C, DNNL_ARG_DST_ITER_C}, new MemorySegment[] {state, state});
                }
                if (training) {
                    fill(kinds, mds, i, new int[] {DNNL_ARG_WORKSPACE}, new MemorySegment[] {ws});
                }
                CachedPrimitive reorderLayer = b.build(reorderLayerPd, new int[] {DNNL_ARG_FROM, DNNL_ARG_TO},
                        new MemorySegment[] {wlUser, wl}, 0);
                CachedPrimitive reorderIter = b.build(reorderIterPd, new int[] {DNNL_ARG_FROM, DNNL_ARG_TO},
                        new MemorySegment[] {wiUser, wi}, 0);
                CachedPrimitive primitive = b.build(fwd, kinds, mds, 0);
                return new RnnPlan(primitive, reorderLayer, reorderIter, dnnl_memory_desc_get_size(wl),
                        dnnl_memory_desc_get_size(wi), wsBytes);
            }
            MemorySegment ws = dnnl_primitive_desc_query_md(fwd, dnnl_query_workspace_md, 0);
            MemorySegment dwl = b.md(wlDims), dwi = b.md(wiDims); // ldigo: what oneDNN's backward writes
            MemorySegment bwd = backwardPd(b, k.kind(), direction, srcLayer, state, wlUser, wiUser, dwl, dwi, bias, dstLayer,
                    fwd, attr);
            int n = 15 + (lstm ? 4 : 0);
            int[] kinds = new int[n];
            MemorySegment[] mds = new MemorySegment[n];
            int i = fill(kinds, mds, 0, new int[] {DNNL_ARG_SRC_LAYER, DNNL_ARG_SRC_ITER, DNNL_ARG_WEIGHTS_LAYER,
                    DNNL_ARG_WEIGHTS_ITER, DNNL_ARG_BIAS, DNNL_ARG_DST_LAYER, DNNL_ARG_DST_ITER, DNNL_ARG_WORKSPACE,
                    DNNL_ARG_DIFF_SRC_LAYER, DNNL_ARG_DIFF_SRC_ITER, DNNL_ARG_DIFF_WEIGHTS_LAYER, DNNL_ARG_DIFF_WEIGHTS_ITER,
                    DNNL_ARG_DIFF_BIAS, DNNL_ARG_DIFF_DST_LAYER, DNNL_ARG_DIFF_DST_ITER},
                    new MemorySegment[] {srcLayer, state, wlUser, wiUser, bias, dstLayer, state, ws,
                            srcLayer, state, dwl, dwi, bias, dstLayer, state});
            if (lstm) {
                fill(kinds, mds, i, new int[] {DNNL_ARG_SRC_ITER_C, DNNL_ARG_DST_ITER_C, DNNL_ARG_DIFF_SRC_ITER_C,
                        DNNL_ARG_DIFF_DST_ITER_C}, new MemorySegment[] {state, state, state, state});
            }
            CachedPrimitive primitive = b.build(bwd, kinds, mds, 0);
            return new RnnPlan(primitive, null, null, 0, 0, dnnl_memory_desc_get_size(ws));
        }
    }

    private static int fill(int[] kinds, MemorySegment[] mds, int at, int[] k, MemorySegment[] m) {
        System.arraycopy(k, 0, kinds, at, k.length);
        System.arraycopy(m, 0, mds, at, m.length);
        return at + k.length;
    }

    private MemorySegment forwardPd(PrimitiveBuilder b, RnnKind kind, int prop, int direction, MemorySegment srcLayer,
                                    MemorySegment state, MemorySegment wl, MemorySegment wi, MemorySegment bias,
                                    MemorySegment dstLayer, MemorySegment attr) {
        MemorySegment none = MemorySegment.NULL;
        return switch (kind) {
            case RNN_TANH, RNN_RELU -> b.pd(dnnl_vanilla_rnn_forward_primitive_desc_create(b.out(), engine, prop,
                    activation(kind), direction, srcLayer, state, wl, wi, bias, dstLayer, state, dnnl_rnn_flags_undef,
                    0f, 0f, attr), "dnnl_vanilla_rnn_forward_primitive_desc_create");
            case LSTM -> b.pd(dnnl_lstm_forward_primitive_desc_create(b.out(), engine, prop, direction, srcLayer, state,
                    state, wl, wi, none, none, bias, dstLayer, state, state, dnnl_rnn_flags_undef, attr),
                    "dnnl_lstm_forward_primitive_desc_create");
            case GRU -> b.pd(dnnl_lbr_gru_forward_primitive_desc_create(b.out(), engine, prop, direction, srcLayer, state,
                    wl, wi, bias, dstLayer, state, dnnl_rnn_flags_undef, attr), "dnnl_lbr_gru_forward_primitive_desc_create");
        };
    }

    /** Weight gradients overwrite (oneDNN accumulates by default), as the Backend contract says. */
    private MemorySegment backwardPd(PrimitiveBuilder b, RnnKind kind, int direction, MemorySegment srcLayer,
                                     MemorySegment state, MemorySegment wl, MemorySegment wi, MemorySegment dwl,
                                     MemorySegment dwi, MemorySegment bias, MemorySegment dstLayer, MemorySegment hint,
                                     MemorySegment attr) {
        MemorySegment none = MemorySegment.NULL;
        int flags = dnnl_rnn_flags_diff_weights_overwrite;
        return switch (kind) {
            case RNN_TANH, RNN_RELU -> b.pd(dnnl_vanilla_rnn_backward_primitive_desc_create(b.out(), engine, dnnl_backward,
                    activation(kind), direction, srcLayer, state, wl, wi, bias, dstLayer, state,
                    srcLayer, state, dwl, dwi, bias, dstLayer, state, flags, 0f, 0f, hint, attr),
                    "dnnl_vanilla_rnn_backward_primitive_desc_create");
            case LSTM -> b.pd(dnnl_lstm_backward_primitive_desc_create(b.out(), engine, dnnl_backward, direction,
                    srcLayer, state, state, wl, wi, none, none, bias, dstLayer, state, state,
                    srcLayer, state, state, dwl, dwi, none, none, bias, dstLayer, state, state, flags, hint, attr),
                    "dnnl_lstm_backward_primitive_desc_create");
            case GRU -> b.pd(dnnl_lbr_gru_backward_primitive_desc_create(b.out(), engine, dnnl_backward, direction,
                    srcLayer, state, wl, wi, bias, dstLayer, state, srcLayer, state, dwl, dwi, bias, dstLayer, state,
                    flags, hint, attr), "dnnl_lbr_gru_backward_primitive_desc_create");
        };
    }

    private static int activation(RnnKind kind) {
        return kind == RnnKind.RNN_RELU ? dnnl_eltwise_relu : dnnl_eltwise_tanh;
    }
}
