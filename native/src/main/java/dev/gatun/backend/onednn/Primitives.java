package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Makes the primitive a {@link PrimitiveKey} describes. Each method reads its family's key record
 * ({@link MatmulKey}, {@link EltwiseKey}, ...: the one place that writes and reads the row) and
 * follows oneDNN's recipe:
 * memory descriptors (plain f32 with explicit strides, so transposes and views cost no copy),
 * attributes (user scratchpad, post-ops), primitive descriptor, primitive.
 */
final class Primitives implements PrimitiveCache.Factory {
    private final MemorySegment engine;
    private final ConvPrimitives conv;
    private final RnnPrimitives rnn;

    Primitives(MemorySegment engine) {
        this.engine = engine;
        this.conv = new ConvPrimitives(engine);
        this.rnn = new RnnPrimitives(engine);
    }

    @Override
    public CachedPrimitive create(PrimitiveKey key) {
        return switch (key.op()) {
            case MATMUL -> matmul(key);
            case BINARY -> binary(key);
            case ELTWISE -> eltwise(key);
            case ELTWISE_BACKWARD -> eltwiseBackward(key);
            case REDUCE -> reduce(key);
            case SOFTMAX -> softmax(key);
            case SOFTMAX_BACKWARD -> softmaxBackward(key);
            case LAYER_NORM -> layerNorm(key);
            case LAYER_NORM_BACKWARD -> layerNormBackward(key);
            case REORDER -> reorder(key);
            case CONVOLUTION -> conv.convForward(key);
            case CONVOLUTION_BACKWARD_DATA -> conv.convBackwardData(key);
            case CONVOLUTION_BACKWARD_WEIGHTS -> conv.convBackwardWeights(key);
            case POOLING -> conv.poolForward(key);
            case POOLING_BACKWARD -> conv.poolBackward(key);
            case BATCH_NORM -> conv.batchNormForward(key);
            case BATCH_NORM_BACKWARD -> conv.batchNormBackward(key);
            case RNN -> rnnLayer(key);
        };
    }

    /** The layer's RNN primitive, carrying its plan (weight reorders and sizes) as its attachment. */
    private CachedPrimitive rnnLayer(PrimitiveKey key) {
        RnnPlan plan = rnn.create(RnnPrimitives.Key.readFrom(key));
        plan.primitive.attach(plan);
        return plan.primitive;
    }

    /**
     * {@link MatmulKey}: a is [B|1, M, K] (stored [K, M] when transposed: strides swapped), b is [B|1, K, N]
     * (stored [N, K] when transposed); a batch dim of 1 is broadcast. Args: src, weights, dst.
     */
    private CachedPrimitive matmul(PrimitiveKey key) {
        MatmulKey mk = MatmulKey.read(key);
        long batch = mk.batch(), m = mk.m(), n = mk.n(), k = mk.k();
        boolean aBatched = mk.aBatched(), bBatched = mk.bBatched(), transA = mk.transA(), transB = mk.transB();
        float alpha = mk.alpha();
        long[] aDims = {m, k}, aStrides = transA ? new long[] {1, m} : new long[] {k, 1};
        long[] bDims = {k, n}, bStrides = transB ? new long[] {1, k} : new long[] {n, 1};
        long[] cDims = {m, n};
        if (batch > 0) {
            aDims = new long[] {aBatched ? batch : 1, m, k};
            aStrides = new long[] {m * k, aStrides[0], aStrides[1]};
            bDims = new long[] {bBatched ? batch : 1, k, n};
            bStrides = new long[] {k * n, bStrides[0], bStrides[1]};
            cDims = new long[] {batch, m, n};
        }
        String what = "matmul " + str(aDims) + (transA ? " (a transposed)" : "") + " x " + str(bDims)
                + (transB ? " (b transposed)" : "") + " -> " + str(cDims) + (alpha != 1f ? ", alpha " + alpha : "");
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment src = b.md(aDims, aStrides), weights = b.md(bDims, bStrides), dst = b.md(cDims);
            MemorySegment attr = b.attr(alpha);
            MemorySegment pd = b.pd(dnnl_matmul_primitive_desc_create(b.out(), engine, src, weights, MemorySegment.NULL, dst, attr),
                    "dnnl_matmul_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
                    new MemorySegment[] {src, weights, dst}, 0);
        }
    }

    /** Args: src0, src1, dst. */
    private CachedPrimitive binary(PrimitiveKey key) {
        BinaryKey bk = BinaryKey.read(key);
        int alg = bk.alg();
        long[] a = bk.src0(), b = bk.src1(), c = bk.dst();
        String what = "binary " + binaryName(alg) + " " + str(a) + " and " + str(b) + " -> " + str(c);
        try (PrimitiveBuilder pb = new PrimitiveBuilder(engine, what)) {
            MemorySegment src0 = pb.md(a), src1 = pb.md(b), dst = pb.md(c);
            MemorySegment attr = pb.attr();
            MemorySegment pd = pb.pd(dnnl_binary_primitive_desc_create(pb.out(), engine, alg, src0, src1, dst, attr),
                    "dnnl_binary_primitive_desc_create");
            return pb.build(pd, new int[] {DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST}, new MemorySegment[] {src0, src1, dst}, 0);
        }
    }

    /** {@link EltwiseKey}: the tensor is seen as one long vector. Args: src, dst. */
    private CachedPrimitive eltwise(PrimitiveKey key) {
        EltwiseKey ek = EltwiseKey.read(key);
        int alg = ek.alg();
        float alpha = ek.alpha(), beta = ek.beta();
        long numel = ek.numel();
        String what = "eltwise " + eltwiseName(alg) + " [" + numel + "] alpha " + alpha + " beta " + beta;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment data = b.md(numel);
            MemorySegment attr = b.attr();
            MemorySegment pd = b.pd(dnnl_eltwise_forward_primitive_desc_create(b.out(), engine, dnnl_forward_inference, alg,
                    data, data, alpha, beta, attr), "dnnl_eltwise_forward_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new MemorySegment[] {data, data}, 0);
        }
    }

    /** Args: src (the forward input), diff_dst, diff_src. */
    private CachedPrimitive eltwiseBackward(PrimitiveKey key) {
        EltwiseKey ek = EltwiseKey.read(key);
        int alg = ek.alg();
        float alpha = ek.alpha(), beta = ek.beta();
        long numel = ek.numel();
        String what = "eltwise backward " + eltwiseName(alg) + " [" + numel + "] alpha " + alpha + " beta " + beta;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment data = b.md(numel);
            MemorySegment attr = b.attr();
            MemorySegment hint = b.pd(dnnl_eltwise_forward_primitive_desc_create(b.out(), engine, dnnl_forward_training, alg,
                    data, data, alpha, beta, MemorySegment.NULL), "dnnl_eltwise_forward_primitive_desc_create");
            MemorySegment pd = b.pd(dnnl_eltwise_backward_primitive_desc_create(b.out(), engine, alg, data, data, data,
                    alpha, beta, hint, attr), "dnnl_eltwise_backward_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC},
                    new MemorySegment[] {data, data, data}, 0);
        }
    }

    /** Args: src, dst. */
    private CachedPrimitive reduce(PrimitiveKey key) {
        ReduceKey rk = ReduceKey.read(key);
        int alg = rk.alg();
        long[] s = rk.src(), d = rk.dst();
        String what = "reduction " + (alg == dnnl_reduction_sum ? "sum" : alg == dnnl_reduction_mean ? "mean" : "max")
                + " " + str(s) + " -> " + str(d);
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment src = b.md(s), dst = b.md(d);
            MemorySegment attr = b.attr();
            MemorySegment pd = b.pd(dnnl_reduction_primitive_desc_create(b.out(), engine, alg, src, dst, 0f, 0f, attr),
                    "dnnl_reduction_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new MemorySegment[] {src, dst}, 0);
        }
    }

    /** Args: src, dst. */
    private CachedPrimitive softmax(PrimitiveKey key) {
        SoftmaxKey sk = SoftmaxKey.read(key);
        int alg = sk.log() ? dnnl_softmax_log : dnnl_softmax_accurate;
        long rows = sk.rows(), cols = sk.cols();
        String what = (sk.log() ? "log-softmax " : "softmax ") + str(new long[] {rows, cols});
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment data = b.md(rows, cols);
            MemorySegment attr = b.attr();
            MemorySegment pd = b.pd(dnnl_softmax_forward_primitive_desc_create(b.out(), engine, dnnl_forward_inference, alg,
                    data, data, 1, attr), "dnnl_softmax_forward_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new MemorySegment[] {data, data}, 0);
        }
    }

    /** Args: dst (the forward output), diff_dst, diff_src. */
    private CachedPrimitive softmaxBackward(PrimitiveKey key) {
        SoftmaxKey sk = SoftmaxKey.read(key);
        int alg = sk.log() ? dnnl_softmax_log : dnnl_softmax_accurate;
        long rows = sk.rows(), cols = sk.cols();
        String what = (sk.log() ? "log-softmax backward " : "softmax backward ") + str(new long[] {rows, cols});
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment data = b.md(rows, cols);
            MemorySegment attr = b.attr();
            MemorySegment hint = b.pd(dnnl_softmax_forward_primitive_desc_create(b.out(), engine, dnnl_forward_training, alg,
                    data, data, 1, MemorySegment.NULL), "dnnl_softmax_forward_primitive_desc_create");
            MemorySegment pd = b.pd(dnnl_softmax_backward_primitive_desc_create(b.out(), engine, alg, data, data, data, 1,
                    hint, attr), "dnnl_softmax_backward_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_DST, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC},
                    new MemorySegment[] {data, data, data}, 0);
        }
    }

    /**
     * {@link LayerNormKey}. Training forward over
     * axis 1 of [rows, cols]: mean and variance are outputs. Args: src, dst, mean, variance, then
     * scale and shift when flagged.
     */
    private CachedPrimitive layerNorm(PrimitiveKey key) {
        LayerNormKey lk = LayerNormKey.read(key);
        int flags = lk.flags();
        long rows = lk.rows(), cols = lk.cols();
        float eps = lk.eps();
        String what = "layer normalization " + str(new long[] {rows, cols}) + flagNames(flags) + " eps " + eps;
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
     * {@link LayerNormKey} (eps 0). With flags (use_scale | use_shift) it is
     * {@code dnnl_backward} and also writes diff_scale and diff_shift; without, backward_data.
     * Epsilon is 0: the variance argument is rebuilt from the forward's rstd as 1 / rstd^2 in the
     * auxiliary buffer (rows floats), so oneDNN's 1 / sqrt(var + 0) gives rstd back.
     * Args: src, mean, variance, diff_dst, diff_src, then scale, diff_scale, diff_shift when flagged.
     */
    private CachedPrimitive layerNormBackward(PrimitiveKey key) {
        LayerNormKey lk = LayerNormKey.read(key);
        int flags = lk.flags();
        long rows = lk.rows(), cols = lk.cols();
        String what = "layer normalization backward " + str(new long[] {rows, cols}) + flagNames(flags);
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

    /** {@link ReorderKey}. Args: from, to. */
    private CachedPrimitive reorder(PrimitiveKey key) {
        ReorderKey ok = ReorderKey.read(key);
        long[] d = ok.dims(), ss = ok.srcStrides(), ds = ok.dstStrides();
        String what = "reorder " + str(d) + " strides " + str(ss) + " -> strides " + str(ds);
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment src = b.md(d, ss), dst = b.md(d, ds);
            MemorySegment attr = b.attr();
            MemorySegment pd = b.pd(dnnl_reorder_primitive_desc_create(b.out(), src, engine, dst, engine, attr),
                    "dnnl_reorder_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, new MemorySegment[] {src, dst}, 0);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static String str(long[] dims) {
        return Arrays.toString(dims);
    }

    private static String flagNames(int flags) {
        return ((flags & dnnl_use_scale) != 0 ? " with scale" : "") + ((flags & dnnl_use_shift) != 0 ? " with shift" : "");
    }

    static String binaryName(int alg) {
        return switch (alg) {
            case dnnl_binary_add -> "add";
            case dnnl_binary_sub -> "sub";
            case dnnl_binary_mul -> "mul";
            case dnnl_binary_div -> "div";
            case dnnl_binary_max -> "max";
            case dnnl_binary_min -> "min";
            case dnnl_binary_ge -> "ge";
            case dnnl_binary_le -> "le";
            case dnnl_binary_eq -> "eq";
            default -> "alg " + alg;
        };
    }

    static String eltwiseName(int alg) {
        return switch (alg) {
            case dnnl_eltwise_relu -> "relu";
            case dnnl_eltwise_logistic -> "logistic";
            case dnnl_eltwise_tanh -> "tanh";
            case dnnl_eltwise_gelu_erf -> "gelu_erf";
            case dnnl_eltwise_gelu_tanh -> "gelu_tanh";
            case dnnl_eltwise_exp -> "exp";
            case dnnl_eltwise_log -> "log";
            case dnnl_eltwise_sqrt -> "sqrt";
            case dnnl_eltwise_abs -> "abs";
            case dnnl_eltwise_square -> "square";
            case dnnl_eltwise_linear -> "linear";
            default -> "alg " + alg;
        };
    }
}
