package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;

import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.NaNs;
import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The onednn backend's elementwise functions, forward and backward: one {@link EltwiseKey}
 * primitive per op, constants it reads and length. The only per-op knowledge here is
 * {@link #alg}, oneDNN's algorithm for each {@link EltwiseOp} (an exhaustive switch: a new op does
 * not compile until it names its algorithm, or -1 for none); the key, the primitive and the
 * execute path are the same for every op.
 */
record OneDnnEltwise(PrimitiveCache cache, Keys keys) {
    /** {@code dst = f(src)}; false when oneDNN has no algorithm or would differ from the oracle (the caller's fallback runs it). */
    boolean forward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
        if (INACCURATE_FORWARD.contains(op) || alg(op) < 0 || src.numel() == 0) {
            return false;
        }
        MemorySegment s = src.segment(), d = dst.segment();
        if (NaNs.any(s)) { // oneDNN's JIT kernels lose NaN (relu gives 0, exp inf): the fallback keeps it, as PyTorch
            return false;
        }
        PrimitiveKey key = EltwiseKey.of(op, alpha, beta, src.numel()).writeTo(keys.key(Op.ELTWISE, src.numel()));
        cache.execute(key, key.args().add(s).add(d));
        return true;
    }

    /** {@code diffSrc = diffDst * f'(src)}; false as {@link #forward}. */
    boolean backward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor diffDst, Tensor diffSrc) {
        if (alg(op) < 0 || src.numel() == 0) {
            return false;
        }
        MemorySegment s = src.segment(), dd = diffDst.segment(), ds = diffSrc.segment();
        if (NaNs.any(s)) { // as the forward; and oneDNN's ReLU slope at NaN is 1, the oracle's alpha
            return false;
        }
        PrimitiveKey key = EltwiseKey.of(op, alpha, beta, src.numel()).writeTo(keys.key(Op.ELTWISE_BACKWARD, src.numel()));
        cache.execute(key, key.args().add(s).add(dd).add(ds));
        return true;
    }

    /**
     * Forwards oneDNN computes less accurately than the oracle's few-ulp tolerance, measured over
     * the parity domains: {@code log} near 1 (absolute error ~3e-6, so 1e-4 relative at
     * log(1.03)), {@code gelu_erf} in its negative tail (1e-3 relative at x = -3.5). They run on
     * the java backend; their backward passes are accurate in oneDNN and stay there.
     */
    static final Set<EltwiseOp> INACCURATE_FORWARD = EnumSet.of(EltwiseOp.LOG, EltwiseOp.GELU_ERF);

    /** oneDNN's algorithm for {@code op}, or -1 when it has none (STEP: oneDNN has no Heaviside). */
    static int alg(EltwiseOp op) {
        return switch (op) {
            case STEP -> -1;
            case SIGMOID -> dnnl_eltwise_logistic;
            case TANH -> dnnl_eltwise_tanh;
            case RELU -> dnnl_eltwise_relu;
            case GELU_ERF -> dnnl_eltwise_gelu_erf;
            case GELU_TANH -> dnnl_eltwise_gelu_tanh;
            case EXP -> dnnl_eltwise_exp;
            case LOG -> dnnl_eltwise_log;
            case SQRT -> dnnl_eltwise_sqrt;
            case ABS -> dnnl_eltwise_abs;
            case SQUARE -> dnnl_eltwise_square;
            case LINEAR -> dnnl_eltwise_linear;
        };
    }

    /**
     * The primitive of an {@link EltwiseKey}, the tensor seen as one long vector. Forward args:
     * src, dst; backward ({@link Op#ELTWISE_BACKWARD}) args: src (the forward input), diff_dst, diff_src.
     */
    static CachedPrimitive primitive(MemorySegment engine, PrimitiveKey key) {
        EltwiseKey ek = EltwiseKey.read(key);
        boolean backward = key.op() == Op.ELTWISE_BACKWARD;
        int alg = alg(ek.op());
        float alpha = ek.alpha(), beta = ek.beta();
        String what = "eltwise " + (backward ? "backward " : "") + ek.op().name().toLowerCase(Locale.ROOT)
                + " [" + ek.numel() + "] alpha " + alpha + " beta " + beta;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment data = b.md(ek.numel());
            MemorySegment attr = b.attr();
            if (!backward) {
                MemorySegment pd = b.pd(dnnl_eltwise_forward_primitive_desc_create(b.out(), engine, dnnl_forward_inference,
                        alg, data, data, alpha, beta, attr), "dnnl_eltwise_forward_primitive_desc_create");
                return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new MemorySegment[] {data, data}, 0);
            }
            MemorySegment hint = b.pd(dnnl_eltwise_forward_primitive_desc_create(b.out(), engine, dnnl_forward_training, alg,
                    data, data, alpha, beta, MemorySegment.NULL), "dnnl_eltwise_forward_primitive_desc_create");
            MemorySegment pd = b.pd(dnnl_eltwise_backward_primitive_desc_create(b.out(), engine, alg, data, data, data,
                    alpha, beta, hint, attr), "dnnl_eltwise_backward_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC},
                    new MemorySegment[] {data, data, data}, 0);
        }
    }
}
