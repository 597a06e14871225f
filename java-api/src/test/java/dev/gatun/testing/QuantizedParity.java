package dev.gatun.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.ChannelsLast;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Checks a backend's quantized kernels against the scalar oracle bit for bit: {@code quantize}
 * (ties, NaN, infinities, values far outside the range, both integer types), the quantized
 * matmul (K around a vector's lanes, every kind of zero point, with and without bias, one row and
 * many) and the quantized convolution on {@link ConvParity}'s shapes (padding, stride, dilation,
 * groups), each with a float32 output and with UINT8 codes (rounded half to even, saturated).
 * Exactness is the contract: the sums are int32, and the float steps are the oracle's.
 */
public final class QuantizedParity {
    private static final Backend ORACLE = new ScalarBackend();

    private QuantizedParity() {}

    /** [M, K, N] of the matmul cases. */
    private static final List<int[]> MATMUL = List.of(new int[] {1, 1, 1}, new int[] {1, 784, 128}, new int[] {3, 15, 7},
            new int[] {2, 16, 5}, new int[] {5, 17, 9}, new int[] {64, 128, 10}, new int[] {4, 63, 33}, new int[] {1, 1568, 128});

    private static final int[] ZERO_POINTS = {0, 1, 128, 255};

    /**
     * The float convolution cases, and windows on both sides of the longest whose sums stay exact
     * in float32 (518 products of 255 * 127): 57 * 3 * 3 = 513 and 64 * 3 * 3 = 576 (a kernel may
     * take another path past that bound; the zero point 255 makes the sums as large as they get).
     */
    private static final List<ConvParity.ConvCase> CONV = java.util.stream.Stream.concat(ConvParity.CONV_CASES.stream(),
            java.util.stream.Stream.of(new ConvParity.ConvCase(1, 57, 5, 6, 9, 3, 3, true, Conv2dParams.of(1, 1)),
                    new ConvParity.ConvCase(2, 64, 4, 5, 18, 3, 3, false, Conv2dParams.of(1, 1)))).toList();

    public static void checkAll(Backend candidate, long seed) {
        Rng rng = new Rng(seed);
        for (DataType type : new DataType[] {DataType.UINT8, DataType.INT8}) {
            checkQuantize(candidate, type, rng.split());
        }
        int c = 0;
        for (int[] mkn : MATMUL) {
            checkMatmul(candidate, mkn[0], mkn[1], mkn[2], ZERO_POINTS[c % ZERO_POINTS.length], c % 3 != 2, c % 4 >= 2, rng.split(),
                    c % 2 == 1);
            c++;
        }
        for (ConvParity.ConvCase cc : CONV) {
            checkConv(candidate, cc, ZERO_POINTS[c % ZERO_POINTS.length], c % 4 >= 2, rng.split(), c % 2 == 1);
            c++;
        }
        for (int[] pool : POOLS) {
            checkMaxPool(candidate, pool, rng.split());
        }
    }

    /**
     * Max pooling cases {N, C, H, W, kernel, stride, padding}: the 2x2 windows of the cnn on rows
     * of 28, 14 and 8 codes, odd and narrow planes, padding, overlap; channel counts a channels-last
     * kernel takes in vectors (16, 32) and not (1 to 8). An eighth number pads the bottom and right
     * only: 2x2 windows whose last row and column reach past an odd plane.
     */
    private static final List<int[]> POOLS = List.of(new int[] {1, 16, 28, 28, 2, 2, 0}, new int[] {2, 3, 14, 14, 2, 2, 0},
            new int[] {1, 2, 8, 8, 2, 2, 0}, new int[] {1, 2, 9, 17, 2, 2, 0}, new int[] {2, 2, 7, 7, 2, 2, 0},
            new int[] {1, 3, 6, 6, 2, 2, 1}, new int[] {1, 2, 10, 11, 3, 2, 1}, new int[] {1, 1, 5, 40, 3, 1, 0},
            new int[] {2, 32, 7, 7, 2, 2, 0}, new int[] {1, 16, 6, 6, 3, 2, 1}, new int[] {2, 8, 9, 9, 2, 2, 0},
            new int[] {2, 3, 7, 9, 2, 2, 0, 1}, new int[] {2, 16, 5, 5, 2, 2, 0, 1});

    static void checkMaxPool(Backend candidate, int[] c, Rng rng) {
        try (Scope s = Scope.confined()) {
            dev.gatun.backend.Pool2dParams p = dev.gatun.backend.Pool2dParams.of(c[4], c[5], c[6]);
            if (c.length > 7) {
                p = p.withPadding(c[6], c[6] + c[7], c[6], c[6] + c[7]);
            }
            Tensor x = codes(DataType.UINT8, rng, c[0], c[1], c[2], c[3]);
            int[] shape = {c[0], c[1], p.outH(c[2]), p.outW(c[3])};
            Tensor want = Tensor.zeros(s, DataType.UINT8, shape), got = Tensor.zeros(s, DataType.UINT8, shape);
            ORACLE.quantizedMaxPool2d(x, want, p);
            candidate.quantizedMaxPool2d(x, got, p);
            String what = "quantized maxPool2d " + Shapes.str(x.shape()) + " " + p + " on " + candidate.name();
            assertSameBytes(what, want, got);
            Tensor last = ChannelsLast.zeros(s, DataType.UINT8, shape[0], shape[1], shape[2], shape[3]);
            candidate.quantizedMaxPool2d(channelsLast(x), last, p);
            assertSameBytes(what + " channels-last", want, last.contiguous());
        }
    }

    private static Scope open(boolean shared) {
        return shared ? Scope.shared() : Scope.confined();
    }

    static void checkQuantize(Backend candidate, DataType type, Rng rng) {
        try (Scope s = Scope.confined()) {
            int n = 1000;
            float scale = 0.05f, inv = 1f / scale;
            int zero = type == DataType.UINT8 ? 117 : -3;
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (i % 10) {
                    case 0 -> (rng.nextInt(600) - 300) * scale * 0.5f; // exact halves of a step: ties
                    case 1 -> Float.NaN;
                    case 2 -> i % 20 == 2 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                    case 3 -> rng.uniform(-1e6f, 1e6f); // saturates
                    case 4 -> -0f;
                    default -> rng.uniform(-10f, 10f);
                };
            }
            Tensor x = Tensor.zeros(n);
            x.copyFrom(v);
            Tensor want = Tensor.zeros(s, type, n), got = Tensor.zeros(s, type, n);
            ORACLE.quantize(x, inv, zero, want);
            candidate.quantize(x, inv, zero, got);
            assertSameBytes("quantize to " + type + " on " + candidate.name(), want, got);
        }
    }

    static void checkMatmul(Backend candidate, int m, int k, int n, int zero, boolean bias, boolean relu, Rng rng,
                            boolean shared) {
        try (Scope s = open(shared)) {
            Tensor a = codes(DataType.UINT8, rng, m, k), w = codes(DataType.INT8, rng, n, k);
            Tensor scales = floats(rng, 1e-4f, 1e-2f, n), b = bias ? floats(rng, -1f, 1f, n) : null;
            String what = "quantized matmul [" + m + ", " + k + "] x [" + n + ", " + k + "]^T zero point " + zero
                    + (bias ? " with bias" : "") + (relu ? " and ReLU" : "") + " on " + candidate.name();
            Tensor want = Tensor.zeros(m, n), got = Tensor.zeros(m, n);
            ORACLE.quantizedMatmul(a, zero, w, scales, b, relu, want);
            candidate.quantizedMatmul(a, zero, w, scales, b, relu, got);
            assertSameBits(what, want, got);
            // short sums at scale 1/2 land on ties (odd sums) and inside the codes' range often
            Tensor codeScales = k <= 17 ? floats(rng, 0.5f, 0.5f, n) : scales;
            Tensor wantCodes = Tensor.zeros(s, DataType.UINT8, m, n), gotCodes = Tensor.zeros(s, DataType.UINT8, m, n);
            ORACLE.quantizedMatmul(a, zero, w, codeScales, b, relu, wantCodes);
            candidate.quantizedMatmul(a, zero, w, codeScales, b, relu, gotCodes);
            assertSameBytes(what + " into codes", wantCodes, gotCodes);
        }
    }

    static void checkConv(Backend candidate, ConvParity.ConvCase c, int zero, boolean relu, Rng rng, boolean shared) {
        try (Scope s = open(shared)) {
            Conv2dParams p = c.p();
            Tensor x = codes(DataType.UINT8, rng, c.n(), c.ic(), c.h(), c.w());
            Tensor w = codes(DataType.INT8, rng, c.oc(), c.ic() / p.groups(), c.kh(), c.kw());
            Tensor scales = floats(rng, 1e-4f, 1e-2f, c.oc()), b = c.bias() ? floats(rng, -1f, 1f, c.oc()) : null;
            int[] shape = {c.n(), c.oc(), p.outH(c.h(), c.kh()), p.outW(c.w(), c.kw())};
            String what = "quantized " + c + " zero point " + zero + (relu ? " with ReLU" : "") + " on " + candidate.name();
            Tensor want = Tensor.zeros(shape), got = Tensor.zeros(shape);
            ORACLE.quantizedConv2d(x, zero, w, scales, b, relu, want, p);
            candidate.quantizedConv2d(x, zero, w, scales, b, relu, got, p);
            assertSameBits(what, want, got);
            Tensor wantCodes = Tensor.zeros(s, DataType.UINT8, shape), gotCodes = Tensor.zeros(s, DataType.UINT8, shape);
            ORACLE.quantizedConv2d(x, zero, w, scales, b, relu, wantCodes, p);
            candidate.quantizedConv2d(x, zero, w, scales, b, relu, gotCodes, p);
            assertSameBytes(what + " into codes", wantCodes, gotCodes);
            // channels-last codes in and out, as an int8 plan chains them
            Tensor lastIn = channelsLast(x), lastOut = ChannelsLast.zeros(s, DataType.UINT8, shape[0], shape[1], shape[2], shape[3]);
            candidate.quantizedConv2d(lastIn, zero, w, scales, b, relu, lastOut, p);
            assertSameBytes(what + " channels-last", wantCodes, lastOut.contiguous());
        }
    }

    /** A channels-last copy of the 4-D codes {@code t}. */
    public static Tensor channelsLast(Tensor t) {
        Tensor out = ChannelsLast.zeros(Scope.current(), t.dtype(), t.dim(0), t.dim(1), t.dim(2), t.dim(3));
        for (int n = 0; n < t.dim(0); n++) {
            for (int c = 0; c < t.dim(1); c++) {
                for (int y = 0; y < t.dim(2); y++) {
                    for (int x = 0; x < t.dim(3); x++) {
                        out.set(t.get(n, c, y, x), n, c, y, x);
                    }
                }
            }
        }
        return out;
    }

    /** Random codes of {@code type} over its whole range. */
    public static Tensor codes(DataType type, Rng rng, int... shape) {
        Tensor t = Tensor.zeros(Scope.current(), type, shape);
        MemorySegment seg = t.segment();
        for (long i = 0; i < t.numel(); i++) {
            seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) rng.nextInt(256));
        }
        return t;
    }

    private static Tensor floats(Rng rng, float lo, float hi, int n) {
        Tensor t = Tensor.zeros(n);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(lo, hi);
        }
        t.copyFrom(v);
        return t;
    }

    private static void assertSameBytes(String what, Tensor want, Tensor got) {
        long at = want.segment().mismatch(got.segment());
        if (at != -1) {
            fail(what + ": first difference at element " + at + ": expected code " + want.toArray()[(int) at] + ", got "
                    + got.toArray()[(int) at]);
        }
    }

    private static void assertSameBits(String what, Tensor want, Tensor got) {
        float[] w = want.toArray(), g = got.toArray();
        assertEquals(w.length, g.length, what);
        int differ = 0, first = -1;
        for (int i = 0; i < w.length; i++) {
            if (Float.floatToRawIntBits(w[i]) != Float.floatToRawIntBits(g[i])) {
                differ++;
                first = first < 0 ? i : first;
            }
        }
        if (differ > 0) {
            fail(what + " " + Shapes.str(want.shape()) + ": " + differ + " of " + w.length + " outputs differ in bits; first at "
                    + first + ": expected " + w[first] + ", got " + g[first]);
        }
    }
}
