package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.onednn.Staging.Kind;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Makes the convolution, pooling and batch normalization primitives {@link OneDnnConv}'s keys
 * describe. Convolutions ask for {@code format_tag any} on src, weights and dst (oneDNN's direct
 * kernels want blocked layouts; on plain NCHW it falls back to a slower gemm path) and get a
 * {@link Staging} with the reorders from and to the user's NCHW / OIHW. Pooling and batch norm
 * run on plain NCHW, which their oneDNN kernels handle without a reorder.
 */
final class ConvPrimitives {
    private final MemorySegment engine;

    ConvPrimitives(MemorySegment engine) {
        this.engine = engine;
    }

    /**
     * A convolution key (forward, backward data or weights): src [n, ic, h, w], weights [oc, ic/g,
     * kh, kw], dst [n, oc, oh, ow], stride, padding, dilation, groups, bias, and the oneDNN data type
     * of the two operands each pass reads ({@code dnnl_f32}, or {@code dnnl_bf16} with float32
     * results, bias and gradients). {@link #write} and {@link #of} are the one place that knows the
     * row's order.
     */
    record Conv(long n, long ic, long h, long w, long oc, long kh, long kw, long oh, long ow, long sh, long sw,
                long pt, long pb, long pl, long pr, long dh, long dw, long groups, boolean bias, int operands) {
        static PrimitiveKey write(PrimitiveKey row, Tensor src, Tensor weights, Tensor dst, Conv2dParams p, boolean bias,
                                  int operands) {
            return row.add(src.dim(0)).add(src.dim(1)).add(src.dim(2)).add(src.dim(3)).add(weights.dim(0))
                    .add(weights.dim(2)).add(weights.dim(3)).add(dst.dim(2)).add(dst.dim(3)).add(p.strideH()).add(p.strideW())
                    .add(p.padTop()).add(p.padBottom()).add(p.padLeft()).add(p.padRight()).add(p.dilationH())
                    .add(p.dilationW()).add(p.groups()).add(bias).add(operands);
        }

        static Conv of(PrimitiveKey row) {
            return of(row.reader());
        }

        /** Reads a convolution's fields at {@code k}, which then stands after them (where a caller's own fields follow). */
        static Conv of(PrimitiveKey.Reader k) {
            return new Conv(k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(),
                    k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(),
                    k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextBoolean(), k.nextInt());
        }

        long[] src() {
            return new long[] {n, ic, h, w};
        }

        long[] dst() {
            return new long[] {n, oc, oh, ow};
        }

        /** [OC, IC, KH, KW], or [G, OC/G, IC/G, KH, KW] with groups: the same memory as PyTorch's [OC, IC/G, KH, KW]. */
        long[] weights() {
            return groups == 1 ? new long[] {oc, ic, kh, kw} : new long[] {groups, oc / groups, ic / groups, kh, kw};
        }

        @Override
        public String toString() {
            return "src " + Arrays.toString(src()) + " weights " + Arrays.toString(new long[] {oc, ic / groups, kh, kw})
                    + " dst " + Arrays.toString(dst()) + " stride " + sh + "x" + sw + " padding " + pt + "," + pb + "," + pl
                    + "," + pr + " dilation " + dh + "x" + dw + " groups " + groups + (bias ? " with bias" : "")
                    + (operands == dnnl_bf16 ? ", bf16 operands" : "");
        }
    }

    private MemorySegment forwardPd(PrimitiveBuilder b, Conv c, int prop, MemorySegment attr) {
        MemorySegment bias = c.bias ? b.md(c.oc) : MemorySegment.NULL;
        return b.pd(dnnl_convolution_forward_primitive_desc_create(b.out(), engine, prop, dnnl_convolution_direct,
                b.mdAny(c.src(), c.operands), b.mdAny(c.weights(), c.operands), bias, b.mdAny(c.dst()), b.dims(c.sh, c.sw),
                b.dims(c.dh - 1, c.dw - 1), b.dims(c.pt, c.pl), b.dims(c.pb, c.pr), attr),
                "dnnl_convolution_forward_primitive_desc_create");
    }

    /** Args: src, weights, [bias], dst. */
    CachedPrimitive convForward(PrimitiveKey key) {
        Conv c = Conv.of(key);
        String what = "convolution forward " + c;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment pd = forwardPd(b, c, dnnl_forward_inference, b.attr());
            int slots = c.bias ? 4 : 3;
            Staging.Builder s = new Staging.Builder(engine, what, slots);
            try {
                s.slot(0, b.md(c.src(), c.operands), dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0), Kind.IN);
                s.slot(1, b.md(c.weights(), c.operands), dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0),
                        Kind.CACHED_IN);
                if (c.bias) {
                    s.direct(2, b.md(c.oc));
                }
                s.slot(slots - 1, b.md(c.dst()), dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0), Kind.OUT);
                int[] kinds = c.bias ? new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST}
                        : new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST};
                CachedPrimitive p = b.build(pd, kinds, s.mds(), 0);
                p.attach(s.build());
                return p;
            } catch (RuntimeException | Error e) {
                s.abandon();
                throw e;
            }
        }
    }

    /** Args: diff_dst, weights, diff_src. */
    CachedPrimitive convBackwardData(PrimitiveKey key) {
        Conv c = Conv.of(key);
        String what = "convolution backward data " + c;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment hint = forwardPd(b, c, dnnl_forward_training, MemorySegment.NULL);
            MemorySegment pd = b.pd(dnnl_convolution_backward_data_primitive_desc_create(b.out(), engine,
                    dnnl_convolution_direct, b.mdAny(c.src()), b.mdAny(c.weights(), c.operands), b.mdAny(c.dst(), c.operands),
                    b.dims(c.sh, c.sw), b.dims(c.dh - 1, c.dw - 1), b.dims(c.pt, c.pl), b.dims(c.pb, c.pr), hint, b.attr()),
                    "dnnl_convolution_backward_data_primitive_desc_create");
            Staging.Builder s = new Staging.Builder(engine, what, 3);
            try {
                s.slot(0, b.md(c.dst(), c.operands), dnnl_primitive_desc_query_md(pd, dnnl_query_diff_dst_md, 0), Kind.IN);
                s.slot(1, b.md(c.weights(), c.operands), dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0),
                        Kind.CACHED_IN);
                s.slot(2, b.md(c.src()), dnnl_primitive_desc_query_md(pd, dnnl_query_diff_src_md, 0), Kind.OUT);
                CachedPrimitive p = b.build(pd, new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC}, s.mds(), 0);
                p.attach(s.build());
                return p;
            } catch (RuntimeException | Error e) {
                s.abandon();
                throw e;
            }
        }
    }

    /** Args: src, diff_dst, diff_weights, [diff_bias]. */
    CachedPrimitive convBackwardWeights(PrimitiveKey key) {
        Conv c = Conv.of(key);
        String what = "convolution backward weights " + c;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment hint = forwardPd(b, c, dnnl_forward_training, MemorySegment.NULL);
            MemorySegment bias = c.bias ? b.md(c.oc) : MemorySegment.NULL;
            MemorySegment pd = b.pd(dnnl_convolution_backward_weights_primitive_desc_create(b.out(), engine,
                    dnnl_convolution_direct, b.mdAny(c.src(), c.operands), b.mdAny(c.weights()), bias,
                    b.mdAny(c.dst(), c.operands), b.dims(c.sh, c.sw), b.dims(c.dh - 1, c.dw - 1), b.dims(c.pt, c.pl),
                    b.dims(c.pb, c.pr), hint, b.attr()),
                    "dnnl_convolution_backward_weights_primitive_desc_create");
            Staging.Builder s = new Staging.Builder(engine, what, c.bias ? 4 : 3);
            try {
                s.slot(0, b.md(c.src(), c.operands), dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0), Kind.IN);
                s.slot(1, b.md(c.dst(), c.operands), dnnl_primitive_desc_query_md(pd, dnnl_query_diff_dst_md, 0), Kind.IN);
                s.slot(2, b.md(c.weights()), dnnl_primitive_desc_query_md(pd, dnnl_query_diff_weights_md, 0), Kind.OUT);
                if (c.bias) {
                    s.direct(3, bias);
                }
                int[] kinds = c.bias ? new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_DIFF_BIAS}
                        : new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS};
                CachedPrimitive p = b.build(pd, kinds, s.mds(), 0);
                p.attach(s.build());
                return p;
            } catch (RuntimeException | Error e) {
                s.abandon();
                throw e;
            }
        }
    }

    /** A batch normalization key: oneDNN's flags (scale, shift, global stats), src [n, c, h, w], eps. */
    record BatchNorm(int flags, long n, long c, long h, long w, float eps) {
        static PrimitiveKey write(PrimitiveKey row, int flags, Tensor src, float eps) {
            return row.add(flags).add(src.dim(0)).add(src.dim(1)).add(src.dim(2)).add(src.dim(3)).add(eps);
        }

        static BatchNorm of(PrimitiveKey row) {
            PrimitiveKey.Reader k = row.reader();
            return new BatchNorm(k.nextInt(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextFloat());
        }
    }

    // ---- pooling -----------------------------------------------------------------------------

    /** A pooling key: algorithm, src [n, c, h, w], dst [oh, ow], window, stride, padding, whether a workspace is kept. */
    record Pool(int alg, long n, long c, long h, long w, long oh, long ow, long kh, long kw, long sh, long sw,
                long pt, long pb, long pl, long pr, boolean workspace) {
        static PrimitiveKey write(PrimitiveKey row, int alg, Tensor src, Tensor dst, Pool2dParams p, boolean workspace) {
            return row.add(alg).add(src.dim(0)).add(src.dim(1)).add(src.dim(2)).add(src.dim(3)).add(dst.dim(2))
                    .add(dst.dim(3)).add(p.kernelH()).add(p.kernelW()).add(p.strideH()).add(p.strideW()).add(p.padTop())
                    .add(p.padBottom()).add(p.padLeft()).add(p.padRight()).add(workspace);
        }

        static Pool of(PrimitiveKey row) {
            PrimitiveKey.Reader k = row.reader();
            return new Pool(k.nextInt(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(),
                    k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(), k.nextLong(),
                    k.nextLong(), k.nextBoolean());
        }

        @Override
        public String toString() {
            String name = alg == dnnl_pooling_max ? "max" : alg == dnnl_pooling_avg_include_padding ? "avg (padding counted)"
                    : "avg (padding not counted)";
            return name + " src " + Arrays.toString(new long[] {n, c, h, w}) + " dst " + Arrays.toString(new long[] {n, c, oh, ow})
                    + " kernel " + kh + "x" + kw + " stride " + sh + "x" + sw + " padding " + pt + "," + pb + "," + pl + "," + pr;
        }
    }

    private MemorySegment poolForwardPd(PrimitiveBuilder b, Pool p, int prop, MemorySegment attr) {
        return b.pd(dnnl_pooling_forward_primitive_desc_create(b.out(), engine, prop, p.alg, b.md(p.n, p.c, p.h, p.w),
                b.md(p.n, p.c, p.oh, p.ow), b.dims(p.sh, p.sw), b.dims(p.kh, p.kw), b.dims(0, 0), b.dims(p.pt, p.pl),
                b.dims(p.pb, p.pr), attr), "dnnl_pooling_forward_primitive_desc_create");
    }

    /**
     * Args: src, dst, and with a workspace (max pooling for training) the workspace, which is the
     * auxiliary buffer; its element type ({@link Workspace}) is attached.
     */
    CachedPrimitive poolForward(PrimitiveKey key) {
        Pool p = Pool.of(key);
        String what = "pooling forward " + p;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment pd = poolForwardPd(b, p, p.workspace ? dnnl_forward_training : dnnl_forward_inference, b.attr());
            MemorySegment src = b.md(p.n, p.c, p.h, p.w), dst = b.md(p.n, p.c, p.oh, p.ow);
            if (!p.workspace) {
                return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new MemorySegment[] {src, dst}, 0);
            }
            MemorySegment ws = dnnl_primitive_desc_query_md(pd, dnnl_query_workspace_md, 0);
            long bytes = dnnl_memory_desc_get_size(ws);
            long elements = p.n * p.c * p.oh * p.ow;
            if (bytes != elements && bytes != elements * Integer.BYTES) {
                throw new IllegalStateException(what + ": unexpected workspace of " + bytes + " bytes for " + elements
                        + " outputs");
            }
            CachedPrimitive prim = b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_WORKSPACE},
                    new MemorySegment[] {src, dst, ws}, bytes);
            prim.attach(new Workspace(bytes == elements));
            return prim;
        }
    }

    /** How max pooling's workspace stores the argmax of a window (its offset kh * KW + kw): bytes or ints. */
    record Workspace(boolean bytes) implements CachedPrimitive.Attachment {
        @Override
        public void destroy() {}
    }

    /** Average pooling backward (max pooling's backward scatters by index in Java). Args: diff_dst, diff_src. */
    CachedPrimitive poolBackward(PrimitiveKey key) {
        Pool p = Pool.of(key);
        String what = "pooling backward " + p;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment hint = poolForwardPd(b, p, dnnl_forward_training, MemorySegment.NULL);
            MemorySegment src = b.md(p.n, p.c, p.h, p.w), dst = b.md(p.n, p.c, p.oh, p.ow);
            MemorySegment pd = b.pd(dnnl_pooling_backward_primitive_desc_create(b.out(), engine, p.alg, src, dst,
                    b.dims(p.sh, p.sw), b.dims(p.kh, p.kw), b.dims(0, 0), b.dims(p.pt, p.pl), b.dims(p.pb, p.pr), hint,
                    b.attr()), "dnnl_pooling_backward_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC}, new MemorySegment[] {dst, src}, 0);
        }
    }

    // ---- batch normalization -----------------------------------------------------------------

    /**
     * {@link BatchNorm}. Training (no use_global_stats flag): args src,
     * dst, mean, variance (outputs), then scale, shift when flagged. Inference (use_global_stats):
     * the same, mean and variance read.
     */
    CachedPrimitive batchNormForward(PrimitiveKey key) {
        BatchNorm bn = BatchNorm.of(key);
        int flags = bn.flags();
        long n = bn.n(), c = bn.c(), h = bn.h(), w = bn.w();
        float eps = bn.eps();
        boolean training = (flags & dnnl_use_global_stats) == 0;
        String what = "batch normalization " + (training ? "training " : "inference ") + Arrays.toString(new long[] {n, c, h, w})
                + " eps " + eps;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment data = b.md(n, c, h, w), stat = b.md(c);
            MemorySegment pd = b.pd(dnnl_batch_normalization_forward_primitive_desc_create(b.out(), engine,
                    training ? dnnl_forward_training : dnnl_forward_inference, data, data, eps, flags, b.attr()),
                    "dnnl_batch_normalization_forward_primitive_desc_create");
            int[] kinds = {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, 0, 0};
            int used = 4;
            if ((flags & dnnl_use_scale) != 0) {
                kinds[used++] = DNNL_ARG_SCALE;
            }
            if ((flags & dnnl_use_shift) != 0) {
                kinds[used++] = DNNL_ARG_SHIFT;
            }
            MemorySegment[] mds = {data, data, stat, stat, stat, stat};
            return b.build(pd, Arrays.copyOf(kinds, used), Arrays.copyOf(mds, used), 0);
        }
    }

    /**
     * {@link BatchNorm}, without use_global_stats. With scale and shift flags it is
     * {@code dnnl_backward}: args src, mean, variance, diff_dst, diff_src, scale, diff_scale,
     * diff_shift; without, backward_data with the first five.
     */
    CachedPrimitive batchNormBackward(PrimitiveKey key) {
        BatchNorm bn = BatchNorm.of(key);
        int flags = bn.flags();
        long n = bn.n(), c = bn.c(), h = bn.h(), w = bn.w();
        float eps = bn.eps();
        String what = "batch normalization backward " + Arrays.toString(new long[] {n, c, h, w}) + " eps " + eps;
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment data = b.md(n, c, h, w), stat = b.md(c);
            MemorySegment hint = b.pd(dnnl_batch_normalization_forward_primitive_desc_create(b.out(), engine,
                    dnnl_forward_training, data, data, eps, flags, MemorySegment.NULL),
                    "dnnl_batch_normalization_forward_primitive_desc_create");
            boolean affine = flags != 0;
            MemorySegment pd = b.pd(dnnl_batch_normalization_backward_primitive_desc_create(b.out(), engine,
                    affine ? dnnl_backward : dnnl_backward_data, data, data, data, eps, flags, hint, b.attr()),
                    "dnnl_batch_normalization_backward_primitive_desc_create");
            int[] kinds = affine
                    ? new int[] {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC,
                            DNNL_ARG_SCALE, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT}
                    : new int[] {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC};
            MemorySegment[] mds = affine ? new MemorySegment[] {data, stat, stat, data, data, stat, stat, stat}
                    : new MemorySegment[] {data, stat, stat, data, data};
            return b.build(pd, kinds, mds, 0);
        }
    }
}
