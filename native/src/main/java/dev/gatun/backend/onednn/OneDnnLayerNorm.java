package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The onednn backend's layer normalization over the last axis, forward and backward
 * ({@link LayerNormKey}). The backend API speaks of rstd = 1 / sqrt(var + eps); oneDNN of the
 * variance: the forward turns the variance it wrote into rstd, the backward rebuilds a variance
 * from rstd in the primitive's own buffer (with eps 0), so the caller's rstd is never overwritten.
 */
record OneDnnLayerNorm(PrimitiveCache cache, Keys keys) {
    /** Normalizes each row of {@code src}; false for an empty tensor or a scalar (the caller's fallback runs it). */
    boolean forward(Tensor src, Tensor gamma, Tensor beta, float eps, Tensor dst, Tensor mean, Tensor rstd) {
        if (src.numel() == 0 || src.rank() == 0) {
            return false;
        }
        int cols = src.dim(-1);
        long rows = src.numel() / cols;
        int flags = (gamma != null ? dnnl_use_scale : 0) | (beta != null ? dnnl_use_shift : 0);
        MemorySegment r = rstd.segment(); // oneDNN writes the variance here; turned into rstd below
        PrimitiveKey key = new LayerNormKey(flags, rows, cols, eps).writeTo(keys.key(Op.LAYER_NORM, rows * cols));
        PrimitiveCache.Args args = key.args().add(src.segment()).add(dst.segment()).add(mean.segment()).add(r);
        if (gamma != null) {
            args.add(gamma.segment());
        }
        if (beta != null) {
            args.add(beta.segment());
        }
        cache.execute(key, args);
        for (long i = 0; i < rows; i++) {
            r.setAtIndex(JAVA_FLOAT, i, (float) (1.0 / Math.sqrt(r.getAtIndex(JAVA_FLOAT, i) + (double) eps)));
        }
        return true;
    }

    /**
     * Gradients from the forward's {@code mean} and {@code rstd}; false for an empty tensor, a
     * scalar, or gamma without both its gradients (or gradients without gamma).
     */
    boolean backward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor rstd,
                     Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        boolean affine = gamma != null && diffGamma != null && diffBeta != null;
        boolean plain = gamma == null && diffGamma == null && diffBeta == null;
        if (src.numel() == 0 || src.rank() == 0 || !(affine || plain)) {
            return false;
        }
        int cols = src.dim(-1);
        long rows = src.numel() / cols;
        MemorySegment s = src.segment(), m = mean.segment(), r = rstd.segment(), dd = diffDst.segment(), ds = diffSrc.segment();
        MemorySegment g = affine ? gamma.segment() : null, dg = affine ? diffGamma.segment() : null;
        MemorySegment db = affine ? diffBeta.segment() : null;
        PrimitiveKey key = new LayerNormKey(affine ? dnnl_use_scale | dnnl_use_shift : 0, rows, cols, 0f)
                .writeTo(keys.key(Op.LAYER_NORM_BACKWARD, rows * cols));
        PrimitiveCache.Args args = key.args().add(s).add(m).add(r).add(dd).add(ds);
        if (affine) {
            args.add(g).add(dg).add(db);
        }
        cache.execute(key, args, WITH_VARIANCE_FROM_RSTD);
        return true;
    }

    /** Slot 2 holds the forward's rstd; the primitive reads the variance 1 / rstd^2 from its own buffer instead. */
    private static final PrimitiveCache.Run WITH_VARIANCE_FROM_RSTD = (p, args) -> {
        MemorySegment rstd = args.get(2), variance = p.aux();
        long rows = rstd.byteSize() / Float.BYTES;
        for (long i = 0; i < rows; i++) {
            float x = rstd.getAtIndex(JAVA_FLOAT, i);
            variance.setAtIndex(JAVA_FLOAT, i, 1f / (x * x));
        }
        args.set(2, variance);
        args.bindAll(p);
        p.execute();
    };

    /**
     * The forward primitive of a {@link LayerNormKey}: training forward over axis 1 of [rows,
     * cols], mean and variance are outputs. Args: src, dst, mean, variance, then scale and shift
     * when flagged.
     */
    static CachedPrimitive forwardPrimitive(MemorySegment engine, PrimitiveKey key) {
        LayerNormKey lk = LayerNormKey.read(key);
        int flags = lk.flags();
        long rows = lk.rows(), cols = lk.cols();
        float eps = lk.eps();
        String what = "layer normalization " + Arrays.toString(new long[] {rows, cols}) + flagNames(flags) + " eps " + eps;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment data = b.md(rows, cols), stat = b.md(rows), param = b.md(cols);
            MemorySegment attr = b.attr();
            MemorySegment pd = b.pd(dnnl_layer_normalization_forward_primitive_desc_create(b.out(), engine,
                    dnnl_forward_training, data, data, stat, eps, flags, attr), "dnnl_layer_normalization_forward_primitive_desc_create");
            int[] kinds = {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_SCALE, DNNL_ARG_SHIFT};
            MemorySegment[] mds = {data, data, stat, stat, param, param};
            int used = 4;
            if ((flags & dnnl_use_scale) != 0) {
                kinds[used++] = DNNL_ARG_SCALE;
            }
            if ((flags & dnnl_use_shift) != 0) {
                kinds[used++] = DNNL_ARG_SHIFT;
            }
            return b.build(pd, Arrays.copyOf(kinds, used), Arrays.copyOf(mds, used), 0);
        }
    }

    /**
     * The backward primitive of a {@link LayerNormKey} (eps 0). With flags (use_scale | use_shift)
     * it is {@code dnnl_backward} and also writes diff_scale and diff_shift; without, backward_data.
     * Epsilon is 0: the variance argument is rebuilt from the forward's rstd as 1 / rstd^2 in the
     * auxiliary buffer (rows floats), so oneDNN's 1 / sqrt(var + 0) gives rstd back.
     * Args: src, mean, variance, diff_dst, diff_src, then scale, diff_scale, diff_shift when flagged.
     */
    static CachedPrimitive backwardPrimitive(MemorySegment engine, PrimitiveKey key) {
        LayerNormKey lk = LayerNormKey.read(key);
        int flags = lk.flags();
        long rows = lk.rows(), cols = lk.cols();
        String what = "layer normalization backward " + Arrays.toString(new long[] {rows, cols}) + flagNames(flags);
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment data = b.md(rows, cols), stat = b.md(rows), param = b.md(cols);
            MemorySegment attr = b.attr();
            MemorySegment hint = b.pd(dnnl_layer_normalization_forward_primitive_desc_create(b.out(), engine,
                    dnnl_forward_training, data, data, stat, 0f, flags, MemorySegment.NULL),
                    "dnnl_layer_normalization_forward_primitive_desc_create");
            int prop = flags != 0 ? dnnl_backward : dnnl_backward_data;
            MemorySegment pd = b.pd(dnnl_layer_normalization_backward_primitive_desc_create(b.out(), engine, prop,
                    data, data, data, stat, 0f, flags, hint, attr), "dnnl_layer_normalization_backward_primitive_desc_create");
            int[] kinds = flags != 0
                    ? new int[] {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC,
                            DNNL_ARG_SCALE, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT}
                    : new int[] {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC};
            MemorySegment[] mds = flags != 0
                    ? new MemorySegment[] {data, stat, stat, data, data, param, param, param}
                    : new MemorySegment[] {data, stat, stat, data, data};
            return b.build(pd, kinds, mds, rows * Float.BYTES);
        }
    }

    private static String flagNames(int flags) {
        return ((flags & dnnl_use_scale) != 0 ? " with scale" : "") + ((flags & dnnl_use_shift) != 0 ? " with shift" : "");
    }
}
