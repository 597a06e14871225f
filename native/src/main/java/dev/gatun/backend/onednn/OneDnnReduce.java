package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;

import dev.gatun.backend.NaNs;
import dev.gatun.backend.ReduceOp;
import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** The onednn backend's sum, mean and max over axes: one {@link ReduceKey} primitive per algorithm and shapes. */
record OneDnnReduce(PrimitiveCache cache, Keys keys) {
    /** Reduces {@code src} into {@code dst} (1 where reduced); false where the fallback is right or faster. */
    boolean run(ReduceOp op, Tensor src, Tensor dst) {
        int rank = src.rank();
        if (rank == 0 || rank > DNNL_MAX_NDIMS || src.numel() == 0 || src.sameShape(dst)) {
            return false; // nothing to reduce: a copy
        }
        if (keepsInnermostAxis(src, dst)) {
            // oneDNN 3.13 has jit reductions only over trailing axes; the rest run its reference
            // code (ONEDNN_VERBOSE shows "ref:any"): 0.6 ms for a bias gradient, the column sums
            // of [128,256], where the Vector API kernel takes 2 us.
            return false;
        }
        MemorySegment s = src.segment(), d = dst.segment();
        if (op == ReduceOp.MAX && NaNs.any(s)) {
            return false; // oneDNN's max skips NaN; torch.amax returns it
        }
        int alg = switch (op) {
            case SUM -> dnnl_reduction_sum;
            case MEAN -> dnnl_reduction_mean;
            case MAX -> dnnl_reduction_max;
        };
        PrimitiveKey key = ReduceKey.write(keys.key(Op.REDUCE, src.numel()), alg, src, dst);
        cache.execute(key, key.args().add(s).add(d));
        return true;
    }

    /** True when the last axis is not reduced (and is longer than 1), e.g. column sums. */
    private static boolean keepsInnermostAxis(Tensor src, Tensor dst) {
        return src.dim(-1) > 1 && dst.dim(-1) == src.dim(-1);
    }

    /** The primitive of a {@link ReduceKey}. Args: src, dst. */
    static CachedPrimitive primitive(MemorySegment engine, PrimitiveKey key) {
        ReduceKey rk = ReduceKey.read(key);
        int alg = rk.alg();
        long[] s = rk.src(), d = rk.dst();
        String what = "reduction " + (alg == dnnl_reduction_sum ? "sum" : alg == dnnl_reduction_mean ? "mean" : "max")
                + " " + Arrays.toString(s) + " -> " + Arrays.toString(d);
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment src = b.md(s), dst = b.md(d);
            MemorySegment attr = b.attr();
            MemorySegment pd = b.pd(dnnl_reduction_primitive_desc_create(b.out(), engine, alg, src, dst, 0f, 0f, attr),
                    "dnnl_reduction_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new MemorySegment[] {src, dst}, 0);
        }
    }
}
