package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.backend.onednn.Staging.Kind;
import dev.gatun.tensor.ChannelsLast;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The onednn backend's quantized products: oneDNN int8 matmul and convolution primitives (uint8
 * source with a zero point, int8 weights, VNNI kernels where the CPU has them) that dequantize in
 * the primitive: per-output-channel scales as the weights' scale attribute, the float32 bias and a
 * float32 destination, or a uint8 one that oneDNN rounds (half to even, as the float to int
 * conversion of the CPU) and saturates into the codes of the next layer, so no int32 tensor ever
 * leaves oneDNN. The source's zero point is a
 * runtime argument (oneDNN's compensation makes the sums those of {@code a - zeroPoint}, padding a
 * real 0), bound from a per-thread int32. Weights take the layout oneDNN chooses, reordered
 * through a {@link Staging} slot only when their bytes change (or, for a
 * {@linkplain Tensor#constant constant}, their address); the scales and bias are bound as they are.
 */
final class OneDnnQuantized {
    private final PrimitiveCache cache;
    private final Keys keys;

    OneDnnQuantized(PrimitiveCache cache, Keys keys) {
        this.cache = cache;
        this.keys = keys;
    }

    /**
     * A quantized matmul: a uint8 [m, k], weights int8 [n, k] (read as [k, n] transposed), bias or
     * not, dst float32 or uint8 codes [m, n], a ReLU post-op or not.
     */
    record MatmulKey(long m, long n, long k, boolean bias, boolean relu, boolean codes) {
        PrimitiveKey writeTo(PrimitiveKey row) {
            return row.add(m).add(n).add(k).add(bias).add(relu).add(codes);
        }

        static MatmulKey read(PrimitiveKey row) {
            PrimitiveKey.Reader r = row.reader();
            return new MatmulKey(r.nextLong(), r.nextLong(), r.nextLong(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
        }
    }

    /** False when oneDNN has nothing to do (an empty product); the caller's fallback runs it. */
    boolean matmul(Tensor a, int zeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu, Tensor out) {
        int m = a.dim(0), k = a.dim(1), n = w.dim(0);
        if (out.numel() == 0 || k == 0) {
            return false;
        }
        PrimitiveKey key = new MatmulKey(m, n, k, bias != null, relu, out.dtype() == DataType.UINT8).writeTo(keys.key(Op.QUANTIZED_MATMUL, (long) m * n * k));
        run(key, a.segment(), w, bias == null ? null : bias.segment(), out.segment(), scales.segment(), zeroPoint);
        return true;
    }

    /** False for an empty batch; the caller's fallback runs it. */
    boolean conv2d(Tensor src, int zeroPoint, Tensor weights, Tensor scales, Tensor bias, boolean relu, Tensor dst,
                   Conv2dParams p) {
        if (src.dim(0) == 0) {
            return false;
        }
        long work = dst.numel() * (weights.numel() / Math.max(1, weights.dim(0)));
        PrimitiveKey key = ConvPrimitives.Conv.write(keys.key(Op.QUANTIZED_CONVOLUTION, work), src, weights, dst, p,
                bias != null, dnnl_u8).add(relu).add(dst.dtype() == DataType.UINT8).add(channelsLast(src))
                .add(channelsLast(dst));
        run(key, ChannelsLast.memory(src), weights, bias == null ? null : bias.segment(), ChannelsLast.memory(dst),
                scales.segment(), zeroPoint);
        return true;
    }

    /** Per thread: the int32 zero point a call binds (written before the call; no allocation). */
    private static final ThreadLocal<MemorySegment> ZERO_POINT =
            ThreadLocal.withInitial(() -> java.lang.foreign.Arena.ofAuto().allocate(JAVA_INT));

    /** Slots: src, weights, [bias], dst through the staging; then the scales and the zero point. */
    private void run(PrimitiveKey key, MemorySegment src, Tensor weights, MemorySegment bias, MemorySegment dst,
                     MemorySegment scales, int zeroPoint) {
        MemorySegment zero = ZERO_POINT.get();
        zero.set(JAVA_INT, 0, zeroPoint);
        PrimitiveCache.Args args = key.args().add(src).add(weights.segment());
        if (bias != null) {
            args.add(bias);
        }
        args.add(dst).add(scales).add(zero);
        boolean constant = weights.isConstant();
        cache.execute(key, args, bias != null ? (constant ? BIAS_CONSTANT : BIAS) : (constant ? PLAIN_CONSTANT : PLAIN));
    }

    private static final PrimitiveCache.Run BIAS = (c, a) -> staged(c, a, 4, false), BIAS_CONSTANT = (c, a) -> staged(c, a, 4, true),
            PLAIN = (c, a) -> staged(c, a, 3, false), PLAIN_CONSTANT = (c, a) -> staged(c, a, 3, true);

    private static void staged(CachedPrimitive c, PrimitiveCache.Args a, int slots, boolean constant) {
        c.bind(slots, a.get(slots)); // the scales
        c.bind(slots + 1, a.get(slots + 1)); // the zero point
        ((Staging) c.attachment()).run(c, a.get(0), a.get(1), a.get(2), slots == 4 ? a.get(3) : null, constant);
    }

    // ---- primitives ----------------------------------------------------------------------------

    static CachedPrimitive matmulPrimitive(MemorySegment engine, PrimitiveKey key) {
        MatmulKey mk = MatmulKey.read(key);
        long m = mk.m(), n = mk.n(), k = mk.k();
        String what = "quantized matmul [" + m + ", " + k + "] uint8 x [" + n + ", " + k + "]^T int8 -> [" + m + ", " + n + "]"
                + (mk.codes() ? " uint8" : "") + (mk.bias() ? " with bias" : "") + (mk.relu() ? " and ReLU" : "");
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            long[] wDims = {k, n};
            MemorySegment src = b.md(new long[] {m, k}, dnnl_u8), dst = b.md(new long[] {m, n}, mk.codes() ? dnnl_u8 : dnnl_f32);
            MemorySegment bias = mk.bias() ? b.md(1, n) : MemorySegment.NULL;
            MemorySegment attr = attr(b, 1 << 1, mk.relu()); // one weight scale per column n of [k, n]
            MemorySegment pd = b.pd(dnnl_matmul_primitive_desc_create(b.out(), engine, src, b.mdAny(wDims, dnnl_s8), bias, dst,
                    attr), "dnnl_matmul_primitive_desc_create");
            MemorySegment userWeights = b.md(wDims, new long[] {1, k}, dnnl_s8);
            return staged(engine, b, what, pd, src, userWeights, bias, dst, n);
        }
    }

    static CachedPrimitive convPrimitive(MemorySegment engine, PrimitiveKey key) {
        PrimitiveKey.Reader fields = key.reader();
        ConvPrimitives.Conv c = ConvPrimitives.Conv.of(fields);
        boolean relu = fields.nextBoolean(), codes = fields.nextBoolean(), srcLast = fields.nextBoolean(), dstLast = fields.nextBoolean();
        int dstType = codes ? dnnl_u8 : dnnl_f32;
        String what = "quantized convolution " + c + (srcLast ? " from channels-last" : "") + (codes ? " to uint8" : "")
                + (dstLast ? " channels-last" : "") + (relu ? " with ReLU" : "");
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment bias = c.bias() ? b.md(c.oc()) : MemorySegment.NULL;
            MemorySegment attr = attr(b, c.groups() == 1 ? 1 : 3, relu); // per output channel: dim 0, or dims 0 and 1 with groups
            MemorySegment pd = b.pd(dnnl_convolution_forward_primitive_desc_create(b.out(), engine, dnnl_forward_inference,
                    dnnl_convolution_direct, b.mdAny(c.src(), dnnl_u8), b.mdAny(c.weights(), dnnl_s8), bias,
                    b.mdAny(c.dst(), dstType), b.dims(c.sh(), c.sw()), b.dims(c.dh() - 1, c.dw() - 1), b.dims(c.pt(), c.pl()),
                    b.dims(c.pb(), c.pr()), attr), "dnnl_convolution_forward_primitive_desc_create");
            MemorySegment src = srcLast ? b.md(c.src(), channelsLast(c.src()), dnnl_u8) : b.md(c.src(), dnnl_u8);
            MemorySegment dst = dstLast ? b.md(c.dst(), channelsLast(c.dst()), dstType) : b.md(c.dst(), dstType);
            return staged(engine, b, what, pd, src, b.md(c.weights(), dnnl_s8), bias, dst, c.oc());
        }
    }

    /** Whether {@code t} is laid out channels-last: a view so, or one channel (NCHW is then NHWC too, and oneDNN skips its reorder). */
    private static boolean channelsLast(Tensor t) {
        return ChannelsLast.is(t) || t.dim(1) == 1;
    }

    /** The strides of a channels-last [N, C, H, W]: {@code {H*W*C, 1, W*C, C}} (oneDNN's acdb). */
    private static long[] channelsLast(long[] nchw) {
        long c = nchw[1], h = nchw[2], w = nchw[3];
        return new long[] {h * w * c, 1, w * c, c};
    }

    /**
     * Attributes: user scratchpad, per-channel weight scales ({@code mask}), a runtime zero point
     * for the source, and with {@code relu} a ReLU post-op (applied after the scales and bias).
     */
    private static MemorySegment attr(PrimitiveBuilder b, int mask, boolean relu) {
        MemorySegment attr = relu ? b.reluAttr() : b.attr();
        b.check(dnnl_primitive_attr_set_scales_mask(attr, DNNL_ARG_WEIGHTS, mask), "dnnl_primitive_attr_set_scales_mask");
        b.check(dnnl_primitive_attr_set_zero_points_mask(attr, DNNL_ARG_SRC, 0), "dnnl_primitive_attr_set_zero_points_mask");
        return attr;
    }

    /**
     * The primitive with its staging: src in (reordered when oneDNN chose another layout), weights
     * cached in, bias direct, dst out; then the scales [channels] float32 and the zero point, an
     * int32 in the auxiliary buffer.
     */
    private static CachedPrimitive staged(MemorySegment engine, PrimitiveBuilder b, String what, MemorySegment pd,
                                          MemorySegment src, MemorySegment weights, MemorySegment bias, MemorySegment dst,
                                          long channels) {
        boolean hasBias = !bias.equals(MemorySegment.NULL);
        int slots = hasBias ? 4 : 3;
        Staging.Builder s = new Staging.Builder(engine, what, slots);
        try {
            s.slot(0, src, dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0), Kind.IN);
            s.slot(1, weights, dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0), Kind.CACHED_IN);
            if (hasBias) {
                s.direct(2, bias);
            }
            s.slot(slots - 1, dst, dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0), Kind.OUT);
            MemorySegment[] mds = java.util.Arrays.copyOf(s.mds(), slots + 2);
            mds[slots] = b.md(channels);
            mds[slots + 1] = b.md(new long[] {1}, dnnl_s32);
            int[] kinds = new int[slots + 2];
            kinds[0] = DNNL_ARG_SRC;
            kinds[1] = DNNL_ARG_WEIGHTS;
            if (hasBias) {
                kinds[2] = DNNL_ARG_BIAS;
            }
            kinds[slots - 1] = DNNL_ARG_DST;
            kinds[slots] = DNNL_ARG_ATTR_SCALES | DNNL_ARG_WEIGHTS;
            kinds[slots + 1] = DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC;
            CachedPrimitive p = b.build(pd, kinds, mds, 0);
            p.attach(s.build());
            return p;
        } catch (RuntimeException | Error e) {
            s.abandon();
            throw e;
        }
    }
}
