package dev.gatun.backend.vector;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.scalar.ScalarQuantized;
import dev.gatun.tensor.ChannelsLast;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Java backend's quantized kernels, bit for bit {@link ScalarQuantized}: 8-bit codes widened
 * to int32 lanes, multiplied and summed in int32 (exact, so the lane order does not matter), then
 * dequantized with the oracle's own two float roundings. The convolution gathers each output
 * position's window into a row of codes (padding written as the zero point, a real 0) and runs
 * the product's dot kernel on it.
 */
final class VectorQuantized {
    private VectorQuantized() {}

    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** As many byte lanes as int lanes: one byte load widens into one int vector. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(I.length() * 8));
    private static final VectorSpecies<Byte> BF = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;
    /** Adding and subtracting 1.5 * 2^23 rounds a float below 2^22 in magnitude to the nearest integer, ties to even. */
    private static final float ROUND = 12582912f;

    // ---- quantize ------------------------------------------------------------------------------

    static void quantize(Tensor src, float invScale, int zeroPoint, Tensor dst) {
        quantize(src.segment(), invScale, zeroPoint, dst.segment(), dst.dtype(), src.numel());
    }

    /** {@code n} floats of {@code s} as codes of {@code type} into {@code d}. */
    private static void quantize(MemorySegment s, float invScale, int zeroPoint, MemorySegment d, DataType type, long n) {
        float lo = type.minCode() - zeroPoint, hi = type.maxCode() - zeroPoint;
        long i = 0;
        for (long end = n - F.length(); i <= end; i += F.length()) {
            FloatVector y = FloatVector.fromMemorySegment(F, s, i * Float.BYTES, ORDER).mul(invScale);
            VectorMask<Float> nan = y.test(VectorOperators.IS_NAN);
            y = y.max(lo).min(hi).blend(0f, nan).add(ROUND).sub(ROUND); // |y| <= 255: the rounding trick holds
            ((IntVector) y.convert(VectorOperators.F2I, 0)).add(zeroPoint)
                    .convertShape(VectorOperators.I2B, BF, 0).reinterpretAsBytes()
                    .intoMemorySegment(d, i, ORDER);
        }
        for (; i < n; i++) {
            d.set(I8, i, (byte) ScalarQuantized.code(s.getAtIndex(F32, i), invScale, zeroPoint, type));
        }
    }

    // ---- max pooling -------------------------------------------------------------------------

    private static final VectorSpecies<Byte> POOL_LANES = ByteVector.SPECIES_128;

    /** The most codes the heap-copy poolings take (a Java array's limit, with room). */
    private static final long MAX_HEAP_CODES = Integer.MAX_VALUE - 64;

    /** Per thread: the codes of one pooling call, in and out, on the heap (grown to the largest, then reused). */
    private static final class PoolScratch {
        byte[] in = new byte[0], out = new byte[0];

        byte[] in(Tensor src) {
            if (in.length < src.numel()) {
                in = new byte[(int) src.numel()];
            }
            return in;
        }

        byte[] out(Tensor dst) {
            if (out.length < dst.numel()) {
                out = new byte[(int) dst.numel()];
            }
            return out;
        }
    }

    private static final ThreadLocal<PoolScratch> POOL = ThreadLocal.withInitial(PoolScratch::new);

    /**
     * The oracle's pooling, with the int8 cnn's cases fast: channels-last codes in sixteens of
     * channels as vectors ({@link #channelsLastMaxPool2d}), and 2x2 windows of stride 2 without
     * padding on heap copies of the codes ({@link #pairsOnHeap}; NCHW is the channels-last case
     * of one channel per plane). Everything else, and a tensor of each layout, runs the oracle.
     */
    static void maxPool2d(Tensor src, Tensor dst, Pool2dParams p) {
        boolean last = ChannelsLast.is(src);
        if (last != ChannelsLast.is(dst)) {
            ScalarQuantized.maxPool2d(src, dst, p); // one of each: the strides the oracle follows
            return;
        }
        if (last && src.dim(1) % POOL_LANES.length() == 0) {
            channelsLastMaxPool2d(src, dst, p);
            return;
        }
        if (!p.isHalving() || src.numel() > MAX_HEAP_CODES) { // other windows, or more codes than a Java array holds
            ScalarQuantized.maxPool2d(src, dst, p);
            return;
        }
        int channels = last ? src.dim(1) : 1, images = last ? src.dim(0) : src.dim(0) * src.dim(1);
        pairsOnHeap(src, dst, images, channels);
    }

    /**
     * Channels-last pooling: each output pixel the lane-wise unsigned maximum of its window's
     * pixels, sixteen channels at a time (the int8 cnn's 16 and 32). One species only: with two
     * the JIT stopped compiling the vectors into instructions (measured 8x slower), and masked
     * tails for other channel counts were as slow.
     */
    private static void channelsLastMaxPool2d(Tensor src, Tensor dst, Pool2dParams p) {
        VectorSpecies<Byte> species = POOL_LANES;
        int batch = src.dim(0), c = src.dim(1), h = src.dim(2), w = src.dim(3), oh = dst.dim(2), ow = dst.dim(3);
        int lanes = species.length();
        MemorySegment s = ChannelsLast.memory(src), d = ChannelsLast.memory(dst);
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * p.strideH() - p.padTop(), yFrom = Math.max(0, -y0), yEnd = Math.min(p.kernelH(), h - y0);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * p.strideW() - p.padLeft(), xFrom = Math.max(0, -x0), xEnd = Math.min(p.kernelW(), w - x0);
                    long out = (((long) n * oh + oy) * ow + ox) * c;
                    for (int ch = 0; ch < c; ch += lanes) {
                        ByteVector max = ByteVector.zero(species);
                        for (int ky = yFrom; ky < yEnd; ky++) {
                            for (int kx = xFrom; kx < xEnd; kx++) {
                                long at = (((long) n * h + y0 + ky) * w + x0 + kx) * c + ch;
                                max = max.lanewise(VectorOperators.UMAX, ByteVector.fromMemorySegment(species, s, at, ORDER));
                            }
                        }
                        max.intoMemorySegment(d, out + ch, ORDER);
                    }
                }
            }
        }
    }

    /**
     * 2x2 windows of stride 2 without padding over {@code images} planes of pixels of
     * {@code channels} codes each (channels-last; NCHW is one channel per plane), on heap copies:
     * two bulk copies and plain array loops, which the JIT compiles with no per-access checks (on
     * the segments themselves this was 3x slower; as vectors along a row, whose pairwise step
     * needs shuffles the JIT does not compile well at these widths, 7x).
     */
    private static void pairsOnHeap(Tensor src, Tensor dst, int images, int channels) {
        int h = src.dim(2), w = src.dim(3), oh = dst.dim(2), ow = dst.dim(3), c = channels, row = w * c;
        byte[] in = POOL.get().in(src), out = POOL.get().out(dst);
        MemorySegment.copy(ChannelsLast.memory(src), I8, 0, in, 0, (int) src.numel());
        for (int n = 0; n < images; n++) {
            for (int oy = 0; oy < oh; oy++) {
                int r0 = (n * h + 2 * oy) * row, o = (n * oh + oy) * ow * c;
                if (c == 1) { // NCHW: no channel loop (with one, the JIT's loop was 6x slower)
                    for (int ox = 0; ox < ow; ox++) {
                        out[o + ox] = max4(in, r0 + 2 * ox, 1, row);
                    }
                    continue;
                }
                for (int ox = 0; ox < ow; ox++) { // output (ox, ch) reads pixels 2 ox and 2 ox + 1 of both rows
                    int at = r0 + 2 * ox * c, to = o + ox * c;
                    for (int ch = 0; ch < c; ch++) {
                        out[to + ch] = max4(in, at + ch, c, row);
                    }
                }
            }
        }
        MemorySegment.copy(out, 0, ChannelsLast.memory(dst), I8, 0, (int) dst.numel());
    }

    /** The largest of the codes at {@code at}, {@code at + right}, {@code at + down} and {@code at + right + down}. */
    private static byte max4(byte[] in, int at, int right, int down) {
        int a = Math.max(in[at] & 0xFF, in[at + right] & 0xFF), b = Math.max(in[at + down] & 0xFF, in[at + down + right] & 0xFF);
        return (byte) Math.max(a, b);
    }

    // ---- layouts ----------------------------------------------------------------------------------

    /** Per thread: NCHW copies of channels-last operands, one scratch per role (source, destination). */
    private static final class Relayout {
        final Scratch[] roles = {new Scratch(), new Scratch()};

        /** A contiguous NCHW tensor like {@code like} for {@code role}. */
        Tensor nchw(int role, Tensor like) {
            return roles[role].view(like.dtype(), like);
        }
    }

    private static final ThreadLocal<Relayout> RELAYOUT = ThreadLocal.withInitial(Relayout::new);

    /** Copies the 4-D codes or floats {@code from} into {@code to}, each NCHW or channels-last (through their strides). */
    private static void relayout(Tensor from, Tensor to) {
        MemorySegment s = ChannelsLast.memory(from), d = ChannelsLast.memory(to);
        long[] fs = from.strides(), ts = to.strides();
        int bytes = (int) from.dtype().byteSize();
        for (int n = 0; n < from.dim(0); n++) {
            for (int c = 0; c < from.dim(1); c++) {
                for (int y = 0; y < from.dim(2); y++) {
                    for (int x = 0; x < from.dim(3); x++) {
                        long a = n * fs[0] + c * fs[1] + y * fs[2] + x * fs[3], b = n * ts[0] + c * ts[1] + y * ts[2] + x * ts[3];
                        if (bytes == 1) {
                            d.set(I8, b, s.get(I8, a));
                        } else {
                            d.setAtIndex(F32, b, s.getAtIndex(F32, a));
                        }
                    }
                }
            }
        }
    }

    // ---- the product kernel --------------------------------------------------------------------

    /**
     * {@code sum_p (a[p] - zeroPoint) * w[p]} over {@code k} codes: a UINT8 at {@code aAt}, w INT8 at
     * {@code wAt}; computed as {@code sum a*w - zeroPoint * sum w}, both exact in int32.
     */
    static int dot(MemorySegment a, long aAt, MemorySegment w, long wAt, int k, int zeroPoint) {
        IntVector sum = IntVector.zero(I), weights = sum;
        int p = 0;
        for (int end = k - I.length(); p <= end; p += I.length()) {
            IntVector wv = signed(w, wAt + p);
            sum = sum.add(unsigned(a, aAt + p).mul(wv));
            weights = weights.add(wv);
        }
        int total = sum.reduceLanes(VectorOperators.ADD), wsum = weights.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
            int wv = w.get(I8, wAt + p);
            total += Byte.toUnsignedInt(a.get(I8, aAt + p)) * wv;
            wsum += wv;
        }
        return total - zeroPoint * wsum;
    }

    private static IntVector unsigned(MemorySegment s, long at) {
        return (IntVector) ByteVector.fromMemorySegment(B, s, at, ORDER).convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
    }

    private static IntVector signed(MemorySegment s, long at) {
        return (IntVector) ByteVector.fromMemorySegment(B, s, at, ORDER).convertShape(VectorOperators.B2I, I, 0);
    }

    /**
     * Four outputs at once: one row of a against weight rows {@code j .. j+3} ({@code wStride} bytes
     * apart), each activation vector widened once for the four; dequantized into {@code out} at
     * {@code outAt + r * outStride}. The zero point enters as {@code zeroPoint * sum w}, summed alongside.
     */
    private static void block4(MemorySegment a, long aAt, MemorySegment w, long wAt, long wStride, int k, Rows rows, int j,
                               MemorySegment out, long outAt, long outStride) {
        IntVector s0 = IntVector.zero(I), s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
        int p = 0;
        for (int end = k - I.length(); p <= end; p += I.length()) {
            IntVector av = unsigned(a, aAt + p);
            IntVector w0 = signed(w, wAt + p), w1 = signed(w, wAt + wStride + p);
            IntVector w2 = signed(w, wAt + 2 * wStride + p), w3 = signed(w, wAt + 3 * wStride + p);
            s0 = s0.add(av.mul(w0));
            s1 = s1.add(av.mul(w1));
            s2 = s2.add(av.mul(w2));
            s3 = s3.add(av.mul(w3));
            t0 = t0.add(w0);
            t1 = t1.add(w1);
            t2 = t2.add(w2);
            t3 = t3.add(w3);
        }
        int z = rows.zeroPoint();
        int r0 = s0.reduceLanes(VectorOperators.ADD) - z * t0.reduceLanes(VectorOperators.ADD);
        int r1 = s1.reduceLanes(VectorOperators.ADD) - z * t1.reduceLanes(VectorOperators.ADD);
        int r2 = s2.reduceLanes(VectorOperators.ADD) - z * t2.reduceLanes(VectorOperators.ADD);
        int r3 = s3.reduceLanes(VectorOperators.ADD) - z * t3.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
            int x = Byte.toUnsignedInt(a.get(I8, aAt + p)) - z;
            r0 += x * w.get(I8, wAt + p);
            r1 += x * w.get(I8, wAt + wStride + p);
            r2 += x * w.get(I8, wAt + 2 * wStride + p);
            r3 += x * w.get(I8, wAt + 3 * wStride + p);
        }
        rows.store(out, outAt, r0, j);
        rows.store(out, outAt + outStride, r1, j + 1);
        rows.store(out, outAt + 2 * outStride, r2, j + 2);
        rows.store(out, outAt + 3 * outStride, r3, j + 3);
    }

    /**
     * What the outputs of one call share: the zero point, the scales, the bias, whether a ReLU
     * follows and whether the output holds codes (UINT8) rather than floats. One per thread, set
     * by each call it makes (so a call allocates nothing) and only read while the call runs.
     */
    private static final class Rows {
        private int zeroPoint;
        private MemorySegment scales, bias;
        private boolean relu, codes;

        Rows set(int zeroPoint, MemorySegment scales, MemorySegment bias, boolean relu, boolean codes) {
            this.zeroPoint = zeroPoint;
            this.scales = scales;
            this.bias = bias;
            this.relu = relu;
            this.codes = codes;
            return this;
        }

        int zeroPoint() {
            return zeroPoint;
        }

        MemorySegment scales() {
            return scales;
        }

        MemorySegment bias() {
            return bias;
        }

        void store(MemorySegment out, long at, int acc, int j) {
            ScalarQuantized.store(out, codes, at, ScalarQuantized.dequantize(acc, scales.getAtIndex(F32, j),
                    bias == null ? 0f : bias.getAtIndex(F32, j), relu));
        }
    }

    private static final ThreadLocal<Rows> ROWS = ThreadLocal.withInitial(Rows::new);

    /** Outputs {@code [from, to)} of one activation row against weight rows, four at a time. */
    private static void outputs(MemorySegment a, long aAt, MemorySegment w, long wStride, int k, Rows rows, int from, int to,
                                MemorySegment out, long outAt, long outStride) {
        int j = from;
        for (; j + 4 <= to; j += 4) {
            block4(a, aAt, w, j * wStride, wStride, k, rows, j, out, outAt + (j - from) * outStride, outStride);
        }
        for (; j < to; j++) {
            rows.store(out, outAt + (j - from) * outStride, dot(a, aAt, w, j * wStride, k, rows.zeroPoint()), j);
        }
    }

    // ---- matmul ------------------------------------------------------------------------------

    static void matmul(Workers workers, Tensor a, int zeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu,
                       Tensor out) {
        int m = a.dim(0), k = a.dim(1), n = w.dim(0);
        MemorySegment A = a.segment(), W = w.segment(), O = out.segment();
        Rows rows = ROWS.get().set(zeroPoint, scales.segment(), bias == null ? null : bias.segment(), relu,
                out.dtype() == DataType.UINT8);
        boolean shareable = Workers.shareable(A, W, O) && Workers.shareable(rows.scales()) && Workers.shareable(rows.bias());
        workers.forRows(n, (long) m * k, shareable, (from, to) -> {
            for (int i = 0; i < m; i++) {
                outputs(A, (long) i * k, W, k, k, rows, (int) from, (int) to, O, (long) i * n + from, 1);
            }
        });
    }

    // ---- convolution -------------------------------------------------------------------------

    /**
     * Per thread: the windows of one image and group (one row of codes per output position), the
     * weights transposed and widened ([group][k][channels padded to whole vectors], zeros in the
     * padding), their per-channel sums, scales and bias padded alike, and one vector's outputs.
     */
    private static final class ConvScratch {
        MemorySegment windows = Arena.ofAuto().allocate(64, 64);
        int[] weights = new int[0];
        int[] sums = new int[0];
        float[] scales = new float[0], bias = new float[0];
        final float[] lanes = new float[F.length()];

        MemorySegment windows(long bytes) {
            if (windows.byteSize() < bytes) {
                windows = Arena.ofAuto().allocate(bytes, 64); // grown to the largest, then reused
            }
            return windows;
        }
    }

    private static final ThreadLocal<ConvScratch> CONV = ThreadLocal.withInitial(ConvScratch::new);

    /**
     * The convolution vectorized across output channels, not along the window: for each output
     * position, each window code (broadcast) times a vector of the channels' weights, summed in
     * int32 lanes with no reduction at all (LeNet's and the CNN's windows are 9 to 150 codes, too
     * short for per-output dot products); then {@code - zeroPoint * sum w}, the float conversion,
     * scale and bias as the oracle does them, lane by lane.
     */
    static void conv2d(Workers workers, Tensor src, int zeroPoint, Tensor weights, Tensor scales, Tensor bias, boolean relu,
                       Tensor dst, Conv2dParams p) {
        if (ChannelsLast.is(src) || ChannelsLast.is(dst)) { // through NCHW copies: these kernels are written for NCHW
            Relayout r = RELAYOUT.get();
            Tensor s = src;
            if (ChannelsLast.is(src)) {
                relayout(src, s = r.nchw(0, src));
            }
            Tensor d = ChannelsLast.is(dst) ? r.nchw(1, dst) : dst;
            conv2d(workers, s, zeroPoint, weights, scales, bias, relu, d, p);
            if (d != dst) {
                relayout(d, dst);
            }
            return;
        }
        long window = (long) weights.dim(1) * weights.dim(2) * weights.dim(3);
        if (window <= FLOAT_EXACT_K) {
            floatConv2d(workers, src, zeroPoint, weights, scales, bias, relu, dst, p);
        } else {
            intConv2d(workers, src, zeroPoint, weights, scales, bias, relu, dst, p);
        }
    }

    /**
     * The longest window whose sums are exact in float32 whatever the order: every partial sum of
     * products {@code (code - zeroPoint) * weight} is an integer below {@code 255 * 127 * K}, and
     * float32 holds every integer up to 2^24.
     */
    static final int FLOAT_EXACT_K = (1 << 24) / (255 * 127);

    /** Per thread: float32 copies of one call's operands, and the float32 result when the output takes codes. */
    private static final class Widened {
        final Scratch src = new Scratch(), weights = new Scratch(), dst = new Scratch();
    }

    private static final ThreadLocal<Widened> WIDENED = ThreadLocal.withInitial(Widened::new);

    /**
     * The convolution as the float32 one ({@link VectorConv}: im2col and the blocked sgemm) on the
     * codes widened to floats, {@code code - zeroPoint} and the weights: with windows of at most
     * {@link #FLOAT_EXACT_K} every sum is an exact integer, so the result is the int32 sum's to the
     * bit; then dequantized in place as the oracle does it (and rounded into codes for a UINT8 output).
     */
    private static void floatConv2d(Workers workers, Tensor src, int zeroPoint, Tensor weights, Tensor scales, Tensor bias,
                                    boolean relu, Tensor dst, Conv2dParams p) {
        Widened w = WIDENED.get();
        Tensor srcView = w.src.view(DataType.FLOAT32, src), weightsView = w.weights.view(DataType.FLOAT32, weights);
        boolean codes = dst.dtype() == DataType.UINT8;
        Tensor result = codes ? w.dst.view(DataType.FLOAT32, dst) : dst;
        widen(src.segment(), true, zeroPoint, srcView.segment(), src.numel());
        widen(weights.segment(), false, 0, weightsView.segment(), weights.numel());
        VectorConv.forward(workers, srcView, weightsView, null, result, p);
        MemorySegment d = result.segment(), sc = scales.segment(), b = bias == null ? null : bias.segment();
        int channels = dst.dim(1);
        long plane = (long) dst.dim(2) * dst.dim(3);
        for (long at = 0, images = dst.dim(0); at < images * channels; at++) {
            int c = (int) (at % channels);
            dequantize(d, at * plane, plane, sc.getAtIndex(F32, c), b == null ? 0f : b.getAtIndex(F32, c), relu);
        }
        if (codes) {
            quantize(d, 1f, 0, dst.segment(), DataType.UINT8, dst.numel()); // clamp(rint(y)), as the oracle's store
        }
    }

    /** {@code n} codes (UINT8 less {@code zeroPoint}, or INT8) as floats. */
    private static void widen(MemorySegment codes, boolean unsigned, int zeroPoint, MemorySegment out, long n) {
        long i = 0;
        for (long end = n - F.length(); i <= end; i += F.length()) {
            IntVector v = unsigned ? unsigned(codes, i).sub(zeroPoint) : signed(codes, i);
            ((FloatVector) v.convert(VectorOperators.I2F, 0)).intoMemorySegment(out, i * Float.BYTES, ORDER);
        }
        for (; i < n; i++) {
            byte code = codes.get(I8, i);
            out.setAtIndex(F32, i, unsigned ? Byte.toUnsignedInt(code) - zeroPoint : code);
        }
    }

    /** {@code y = acc * scale + bias} (two roundings, as the oracle), then the ReLU when asked, over {@code n} floats at {@code from}. */
    private static void dequantize(MemorySegment d, long from, long n, float scale, float bias, boolean relu) {
        long i = 0;
        for (long end = n - F.length(); i <= end; i += F.length()) {
            long at = (from + i) * Float.BYTES;
            FloatVector y = FloatVector.fromMemorySegment(F, d, at, ORDER).mul(scale).add(bias);
            if (relu) {
                y = y.blend(0f, y.compare(VectorOperators.GT, 0f).or(y.test(VectorOperators.IS_NAN)).not());
            }
            y.intoMemorySegment(d, at, ORDER);
        }
        for (; i < n; i++) {
            d.setAtIndex(F32, from + i, ScalarQuantized.dequantize((int) d.getAtIndex(F32, from + i), scale, bias, relu));
        }
    }

    /** The direct int32 convolution, for windows too long for {@link #floatConv2d}'s exact float sums. */
    private static void intConv2d(Workers workers, Tensor src, int zeroPoint, Tensor weights, Tensor scales, Tensor bias,
                                  boolean relu, Tensor dst, Conv2dParams p) {
        int batch = src.dim(0), ic = src.dim(1), h = src.dim(2), wd = src.dim(3);
        int oc = weights.dim(0), icg = weights.dim(1), kh = weights.dim(2), kw = weights.dim(3);
        int groups = p.groups(), ocg = oc / groups, oh = dst.dim(2), ow = dst.dim(3);
        int k = icg * kh * kw, positions = oh * ow, lanes = I.length();
        int ocp = (ocg + lanes - 1) / lanes * lanes;
        ConvScratch sc = CONV.get();
        prepare(sc, weights.segment(), scales.segment(), bias == null ? null : bias.segment(), groups, ocg, k, ocp);
        int[] wt = sc.weights, sums = sc.sums;
        float[] scale = sc.scales, shift = sc.bias;
        MemorySegment S = src.segment(), D = dst.segment(), windows = sc.windows((long) positions * k);
        boolean shareable = Workers.shareable(windows, D), codes = dst.dtype() == DataType.UINT8;
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < groups; g++) {
                gather(S, zeroPoint, ((long) n * ic + (long) g * icg) * h * wd, icg, h, wd, kh, kw, oh, ow, p, windows, k);
                long dstBase = ((long) n * oc + (long) g * ocg) * positions;
                int wBase = g * k * ocp, cBase = g * ocp;
                workers.forRows(positions, (long) ocg * k, shareable, (from, to) -> {
                    float[] out = CONV.get().lanes;
                    for (int q = (int) from; q < to; q++) {
                        for (int ob = 0; ob < ocg; ob += lanes) {
                            IntVector acc = IntVector.zero(I);
                            long at = (long) q * k;
                            for (int t = 0; t < k; t++) {
                                int x = Byte.toUnsignedInt(windows.get(I8, at + t));
                                acc = acc.add(IntVector.fromArray(I, wt, wBase + t * ocp + ob).mul(x));
                            }
                            acc = acc.sub(IntVector.fromArray(I, sums, cBase + ob).mul(zeroPoint));
                            ((FloatVector) acc.convert(VectorOperators.I2F, 0)).mul(FloatVector.fromArray(F, scale, cBase + ob))
                                    .add(FloatVector.fromArray(F, shift, cBase + ob)).intoArray(out, 0);
                            for (int l = 0, valid = Math.min(lanes, ocg - ob); l < valid; l++) {
                                float y = out[l];
                                ScalarQuantized.store(D, codes, dstBase + (long) (ob + l) * positions + q,
                                        relu && !(y > 0f || y != y) ? 0f : y); // the oracle's fused ReLU
                            }
                        }
                    }
                });
            }
        }
    }

    /** Fills the scratch's transposed weights, their sums, scales and bias for this call (padding zero). */
    private static void prepare(ConvScratch sc, MemorySegment w, MemorySegment scales, MemorySegment bias, int groups, int ocg,
                                int k, int ocp) {
        int size = groups * k * ocp, channels = groups * ocp;
        if (sc.weights.length < size) {
            sc.weights = new int[size];
        }
        if (sc.sums.length < channels) {
            sc.sums = new int[channels];
            sc.scales = new float[channels];
            sc.bias = new float[channels];
        }
        java.util.Arrays.fill(sc.weights, 0, size, 0);
        java.util.Arrays.fill(sc.sums, 0, channels, 0);
        java.util.Arrays.fill(sc.scales, 0, channels, 0f);
        java.util.Arrays.fill(sc.bias, 0, channels, 0f);
        for (int g = 0; g < groups; g++) {
            for (int o = 0; o < ocg; o++) {
                int out = g * ocg + o, sum = 0;
                for (int t = 0; t < k; t++) {
                    int code = w.get(I8, (long) out * k + t);
                    sc.weights[(g * k + t) * ocp + o] = code;
                    sum += code;
                }
                sc.sums[g * ocp + o] = sum;
                sc.scales[g * ocp + o] = scales.getAtIndex(F32, out);
                sc.bias[g * ocp + o] = bias == null ? 0f : bias.getAtIndex(F32, out);
            }
        }
    }

    /** Writes, for every output position, its window of {@code channels} input planes from {@code base} (padding: the zero point). */
    private static void gather(MemorySegment src, int zeroPoint, long base, int channels, int h, int w, int kh, int kw,
                               int oh, int ow, Conv2dParams p, MemorySegment rows, int stride) {
        byte pad = (byte) zeroPoint;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                long at = (long) (oy * ow + ox) * stride;
                for (int c = 0; c < channels; c++) {
                    long plane = base + (long) c * h * w;
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * p.strideW() - p.padLeft() + kx * p.dilationW();
                            rows.set(I8, at++, iy < 0 || iy >= h || ix < 0 || ix >= w ? pad
                                    : src.get(I8, plane + (long) iy * w + ix));
                        }
                    }
                }
            }
        }
    }
}
