package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;

import dev.gatun.backend.NaNs;
import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/** The onednn backend's softmax and log-softmax over the last axis, forward and backward ({@link SoftmaxKey}). */
record OneDnnSoftmax(PrimitiveCache cache, Keys keys) {
    /** Softmax of {@code src}'s rows; false for an empty tensor or non-finite values (the caller's fallback runs it). */
    boolean forward(Tensor src, Tensor dst, boolean log) {
        // oneDNN's softmax gives 0 where a row holds NaN or an infinity; PyTorch gives NaN (exp(inf - inf))
        if (src.numel() == 0 || src.rank() == 0 || NaNs.anyNonFinite(src.segment())) {
            return false;
        }
        MemorySegment s = src.segment(), d = dst.segment();
        int cols = src.dim(-1);
        PrimitiveKey key = new SoftmaxKey(log, src.numel() / cols, cols).writeTo(keys.key(Op.SOFTMAX, src.numel()));
        cache.execute(key, key.args().add(s).add(d));
        return true;
    }

    /** Gradient from the forward's output {@code dst}; false as {@link #forward}. */
    boolean backward(Tensor dst, Tensor diffDst, Tensor diffSrc, boolean log) {
        if (dst.numel() == 0 || dst.rank() == 0 || NaNs.anyNonFinite(dst.segment())) { // as the forward
            return false;
        }
        MemorySegment d = dst.segment(), dd = diffDst.segment(), ds = diffSrc.segment();
        int cols = dst.dim(-1);
        PrimitiveKey key = new SoftmaxKey(log, dst.numel() / cols, cols).writeTo(keys.key(Op.SOFTMAX_BACKWARD, dst.numel()));
        cache.execute(key, key.args().add(d).add(dd).add(ds));
        return true;
    }

    /**
     * The primitive of a {@link SoftmaxKey}. Forward args: src, dst; backward
     * ({@link Op#SOFTMAX_BACKWARD}) args: dst (the forward output), diff_dst, diff_src.
     */
    static CachedPrimitive primitive(MemorySegment engine, PrimitiveKey key) {
        SoftmaxKey sk = SoftmaxKey.read(key);
        boolean backward = key.op() == Op.SOFTMAX_BACKWARD;
        int alg = sk.log() ? dnnl_softmax_log : dnnl_softmax_accurate;
        String what = (sk.log() ? "log-softmax " : "softmax ") + (backward ? "backward " : "") + "[" + sk.rows() + ", "
                + sk.cols() + "]";
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment data = b.md(sk.rows(), sk.cols());
            MemorySegment attr = b.attr();
            if (!backward) {
                MemorySegment pd = b.pd(dnnl_softmax_forward_primitive_desc_create(b.out(), engine, dnnl_forward_inference,
                        alg, data, data, 1, attr), "dnnl_softmax_forward_primitive_desc_create");
                return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new MemorySegment[] {data, data}, 0);
            }
            MemorySegment hint = b.pd(dnnl_softmax_forward_primitive_desc_create(b.out(), engine, dnnl_forward_training, alg,
                    data, data, 1, MemorySegment.NULL), "dnnl_softmax_forward_primitive_desc_create");
            MemorySegment pd = b.pd(dnnl_softmax_backward_primitive_desc_create(b.out(), engine, alg, data, data, data, 1,
                    hint, attr), "dnnl_softmax_backward_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_DST, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC},
                    new MemorySegment[] {data, data, data}, 0);
        }
    }
}
