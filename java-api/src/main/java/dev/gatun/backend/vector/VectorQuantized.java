package dev.gatun.backend.vector;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.scalar.ScalarQuantized;
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
        MemorySegment s = src.segment(), d = dst.segment();
        DataType type = dst.dtype();
        long n = src.numel();
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

    // ---- the dot kernel ----------------------------------------------------------------------

    /**
     * {@code sum_p (a[p] - zeroPoint) * w[p]} over {@code k} codes: a UINT8 at {@code aAt}, w INT8 at
     * {@code wAt}; computed as {@code sum a*w - zeroPoint * sum w}, both exact in int32.
     */
    static int dot(MemorySegment a, long aAt, MemorySegment w, long wAt, int k, int zeroPoint) {
        IntVector products = IntVector.zero(I), weights = IntVector.zero(I);
        int p = 0;
        for (int end = k - I.length(); p <= end; p += I.length()) {
            IntVector av = (IntVector) ByteVector.fromMemorySegment(B, a, aAt + p, ORDER)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
            IntVector wv = (IntVector) ByteVector.fromMemorySegment(B, w, wAt + p, ORDER)
                    .convertShape(VectorOperators.B2I, I, 0);
            products = products.add(av.mul(wv));
            weights = weights.add(wv);
        }
        int sum = products.reduceLanes(VectorOperators.ADD), wsum = weights.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
            int wv = w.get(I8, wAt + p);
            sum += Byte.toUnsignedInt(a.get(I8, aAt + p)) * wv;
            wsum += wv;
        }
        return sum - zeroPoint * wsum;
    }

    // ---- matmul ------------------------------------------------------------------------------

    static void matmul(Workers workers, Tensor a, int zeroPoint, Tensor w, Tensor scales, Tensor bias, Tensor out) {
        int m = a.dim(0), k = a.dim(1), n = w.dim(0);
        MemorySegment A = a.segment(), W = w.segment(), S = scales.segment(), O = out.segment();
        MemorySegment Bs = bias == null ? null : bias.segment();
        boolean shareable = Workers.shareable(A, W, O) && Workers.shareable(S) && Workers.shareable(Bs);
        workers.forRows(n, (long) m * k, shareable, (from, to) -> {
            for (int j = (int) from; j < to; j++) {
                float scale = S.getAtIndex(F32, j), b = Bs == null ? 0f : Bs.getAtIndex(F32, j);
                for (int i = 0; i < m; i++) {
                    int acc = dot(A, (long) i * k, W, (long) j * k, k, zeroPoint);
                    O.setAtIndex(F32, (long) i * n + j, ScalarQuantized.dequantize(acc, scale, b));
                }
            }
        });
    }

    // ---- convolution -------------------------------------------------------------------------

    /** Per thread: the windows of one image and group, one row of codes per output position. */
    private static final ThreadLocal<MemorySegment[]> WINDOWS = ThreadLocal.withInitial(() -> new MemorySegment[1]);

    private static MemorySegment windows(long bytes) {
        MemorySegment[] slot = WINDOWS.get();
        if (slot[0] == null || slot[0].byteSize() < bytes) {
            slot[0] = Arena.ofAuto().allocate(Math.max(64, bytes), 64); // grown to the largest, then reused
        }
        return slot[0];
    }

    static void conv2d(Workers workers, Tensor src, int zeroPoint, Tensor weights, Tensor scales, Tensor bias, Tensor dst,
                       Conv2dParams p) {
        int batch = src.dim(0), ic = src.dim(1), h = src.dim(2), wd = src.dim(3);
        int oc = weights.dim(0), icg = weights.dim(1), kh = weights.dim(2), kw = weights.dim(3);
        int groups = p.groups(), ocg = oc / groups, oh = dst.dim(2), ow = dst.dim(3);
        int k = icg * kh * kw, positions = oh * ow;
        MemorySegment S = src.segment(), W = weights.segment(), SC = scales.segment(), D = dst.segment();
        MemorySegment Bs = bias == null ? null : bias.segment();
        MemorySegment rows = windows((long) positions * k);
        boolean shareable = Workers.shareable(rows, W, D) && Workers.shareable(SC) && Workers.shareable(Bs);
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < groups; g++) {
                gather(S, zeroPoint, ((long) n * ic + (long) g * icg) * h * wd, icg, h, wd, kh, kw, oh, ow, p, rows);
                long dstBase = ((long) n * oc + (long) g * ocg) * positions;
                int firstOut = g * ocg;
                workers.forRows(ocg, (long) positions * k, shareable, (from, to) -> {
                    for (int o = (int) from; o < to; o++) {
                        int out = firstOut + o;
                        float scale = SC.getAtIndex(F32, out), b = Bs == null ? 0f : Bs.getAtIndex(F32, out);
                        for (int q = 0; q < positions; q++) {
                            int acc = dot(rows, (long) q * k, W, (long) out * k, k, zeroPoint);
                            D.setAtIndex(F32, dstBase + (long) o * positions + q, ScalarQuantized.dequantize(acc, scale, b));
                        }
                    }
                });
            }
        }
    }

    /** Writes, for every output position, its window of {@code channels} input planes from {@code base} (padding: the zero point). */
    private static void gather(MemorySegment src, int zeroPoint, long base, int channels, int h, int w, int kh, int kw,
                               int oh, int ow, Conv2dParams p, MemorySegment rows) {
        byte pad = (byte) zeroPoint;
        long at = 0;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
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
