package dev.gatun.testing;

import static dev.gatun.testing.Close.U;
import static dev.gatun.testing.Close.assertClose;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Checks a backend's convolution, pooling and batch normalization against the scalar oracle on
 * the shapes that break kernels: 1x1 kernels, stride larger than the kernel, asymmetric padding,
 * dilation, non-square images and kernels, one channel, groups and depthwise, no bias, channel
 * counts around a vector's lanes. Each case runs in a confined and in a shared scope (kernels
 * may split work over threads only on shared memory). Tolerances are the float error bound of
 * the sum behind each element, computed by the oracle on absolute values.
 */
public final class ConvParity {
    private static final Backend ORACLE = new ScalarBackend();

    private ConvParity() {}

    /** One convolution case: src [n, ic, h, w], weights [oc, ic/groups, kh, kw]. */
    public record ConvCase(int n, int ic, int h, int w, int oc, int kh, int kw, boolean bias, Conv2dParams p) {
        @Override
        public String toString() {
            return "conv2d src " + Shapes.str(new int[] {n, ic, h, w}) + " weights "
                    + Shapes.str(new int[] {oc, ic / p.groups(), kh, kw}) + (bias ? " with bias " : " no bias ") + p;
        }
    }

    public static final List<ConvCase> CONV_CASES = List.of(
            new ConvCase(2, 3, 7, 9, 5, 1, 1, true, Conv2dParams.of(1, 0)), // 1x1
            new ConvCase(1, 2, 11, 8, 3, 2, 2, true, Conv2dParams.of(3, 0)), // stride > kernel
            new ConvCase(2, 3, 9, 13, 4, 3, 5, false, Conv2dParams.of(1, 0).withPadding(1, 2, 0, 3)), // asymmetric
            new ConvCase(2, 1, 28, 28, 8, 5, 5, true, Conv2dParams.of(1, 2)), // one channel, LeNet's first layer
            new ConvCase(2, 6, 10, 7, 9, 3, 3, true, Conv2dParams.of(2, 1).withDilation(2, 1).withGroups(3)), // groups
            new ConvCase(3, 8, 6, 6, 8, 3, 3, false, Conv2dParams.of(1, 1).withGroups(8)), // depthwise
            new ConvCase(2, 17, 9, 10, 33, 3, 3, true, Conv2dParams.of(1, 1)), // lanes +- 1
            new ConvCase(1, 4, 5, 3, 2, 5, 3, true, Conv2dParams.of(1, 0).withStride(2, 1)), // kernel = image height
            new ConvCase(2, 16, 14, 14, 16, 3, 3, true, Conv2dParams.of(1, 1)), // a common layer
            new ConvCase(1, 3, 20, 19, 4, 3, 3, true, Conv2dParams.of(1, 1)), // a first layer of three channels, odd width
            new ConvCase(2, 1, 17, 21, 3, 3, 3, false, Conv2dParams.of(1, 0).withPadding(0, 2, 1, 0))); // one channel, uneven padding

    /** Every case of every op group. */
    public static void checkAll(Backend candidate, long seed) {
        Rng rng = new Rng(seed);
        for (int i = 0; i < CONV_CASES.size(); i++) {
            checkConv(candidate, CONV_CASES.get(i), rng.split(), i % 2 == 1);
        }
        int i = 0;
        for (Pool2dParams p : POOL_CASES) {
            checkPool(candidate, p, rng.split(), i++ % 2 == 1);
        }
        checkBatchNorm(candidate, new int[] {4, 3, 5, 7}, rng.split(), false);
        checkBatchNorm(candidate, new int[] {2, 17, 9, 9}, rng.split(), true);
        checkBatchNorm(candidate, new int[] {8, 1, 1, 1}, rng.split(), false);
    }

    /** {@link #checkAll} with NaN and infinities in the inputs ({@link Specials}). */
    public static void checkAllWithSpecialValues(Backend candidate, long seed) {
        Specials.during(() -> checkAll(candidate, seed));
    }

    private static Scope open(boolean shared) {
        return shared ? Scope.shared() : Scope.confined();
    }

    private static Tensor abs(Tensor t) {
        Tensor out = Tensor.zeros(t.shape());
        ORACLE.eltwise(EltwiseOp.ABS, 0, 0, t.to(DataType.FLOAT32), out);
        return out;
    }

    /** Forward, backward data and backward weights (and bias) of one case. */
    public static void checkConv(Backend candidate, ConvCase c, Rng rng, boolean shared) {
        checkConv(candidate, c, rng, shared, UnaryOperator.identity());
    }

    /**
     * {@link #checkConv(Backend, ConvCase, Rng, boolean)} with each pass's two operands (src,
     * weights, diffDst) made by {@code operand} from their float32 values: bf16 operands with
     * {@code t -> t.to(DataType.BFLOAT16)} (the bias and the results stay float32).
     */
    public static void checkConv(Backend candidate, ConvCase c, Rng rng, boolean shared, UnaryOperator<Tensor> operand) {
        Conv2dParams p = c.p();
        int oh = p.outH(c.h(), c.kh()), ow = p.outW(c.w(), c.kw());
        int[] srcShape = {c.n(), c.ic(), c.h(), c.w()}, wShape = {c.oc(), c.ic() / p.groups(), c.kh(), c.kw()};
        int[] dstShape = {c.n(), c.oc(), oh, ow};
        String what = c + " on " + candidate.name();
        try (Scope scope = open(shared)) {
            Tensor x = operand.apply(Specials.sprinkle(rng, Tensor.uniform(rng, -1, 1, srcShape)));
            // special values in src only: an infinite or NaN weight meeting zero padding is 0 * inf, which
            // im2col backends compute (NaN) and direct ones skip
            Tensor w = operand.apply(Tensor.uniform(rng, -1, 1, wShape));
            Tensor b = c.bias() ? Tensor.uniform(rng, -1, 1, c.oc()) : null;
            Tensor dy = operand.apply(Tensor.uniform(rng, -1, 1, dstShape));

            Tensor expected = Tensor.zeros(dstShape), actual = Tensor.full(Float.NaN, dstShape), bound = Tensor.zeros(dstShape);
            ORACLE.conv2d(x, w, b, expected, p);
            candidate.conv2d(x, w, b, actual, p);
            ORACLE.conv2d(abs(x), abs(w), b == null ? null : abs(b), bound, p);
            assertWithin(what + ": dst", expected, actual, bound, (long) wShape[1] * c.kh() * c.kw() + 1);

            Tensor eds = Tensor.zeros(srcShape), ads = Tensor.full(Float.NaN, srcShape), bds = Tensor.zeros(srcShape);
            ORACLE.conv2dBackwardData(dy, w, eds, p);
            candidate.conv2dBackwardData(dy, w, ads, p);
            ORACLE.conv2dBackwardData(abs(dy), abs(w), bds, p);
            assertWithin(what + ": diffSrc", eds, ads, bds, (long) c.oc() / p.groups() * c.kh() * c.kw());

            Tensor edw = Tensor.zeros(wShape), adw = Tensor.full(Float.NaN, wShape), bdw = Tensor.zeros(wShape);
            Tensor edb = c.bias() ? Tensor.zeros(c.oc()) : null, adb = c.bias() ? Tensor.full(Float.NaN, c.oc()) : null;
            Tensor bdb = c.bias() ? Tensor.zeros(c.oc()) : null;
            ORACLE.conv2dBackwardWeights(x, dy, edw, edb, p);
            candidate.conv2dBackwardWeights(x, dy, adw, adb, p);
            ORACLE.conv2dBackwardWeights(abs(x), abs(dy), bdw, bdb, p);
            long reduced = (long) c.n() * oh * ow;
            assertWithin(what + ": diffWeights", edw, adw, bdw, reduced);
            if (c.bias()) {
                assertWithin(what + ": diffBias", edb, adb, bdb, reduced);
            }
        }
    }

    /** |actual - expected| <= 2 (k + 2) u bound: the error bound of a float sum of k products (bound = sum of |terms|). */
    private static void assertWithin(String what, Tensor expected, Tensor actual, Tensor bound, long k) {
        float[] b = bound.toArray();
        assertClose(what, expected.toArray(), actual.toArray(), i -> 2 * (k + 2) * U * b[i] + 1e-30, 0);
    }

    // ---- pooling -----------------------------------------------------------------------------

    static final List<Pool2dParams> POOL_CASES = List.of(
            Pool2dParams.of(2, 2, 0), // LeNet's
            Pool2dParams.of(3, 2, 1), // overlapping windows, padding
            Pool2dParams.of(1, 3, 0), // 1x1, stride > kernel
            new Pool2dParams(3, 2, 1, 3, 2, 0, 1, 1), // non-square, asymmetric padding
            Pool2dParams.of(5, 1, 2)); // big overlapping windows

    /** Max pooling (output, indices, backward) and average pooling both ways of counting padding. */
    public static void checkPool(Backend candidate, Pool2dParams p, Rng rng, boolean shared) {
        int[] srcShape = {2, 3, 11, 8};
        int[] dstShape = {2, 3, p.outH(11), p.outW(8)};
        String what = "pool2d src " + Shapes.str(srcShape) + " " + p + " on " + candidate.name();
        try (Scope scope = open(shared)) {
            Tensor x = Specials.sprinkle(rng, Tensor.uniform(rng, -1, 1, srcShape)), dy = Tensor.uniform(rng, -1, 1, dstShape);
            Tensor ed = Tensor.zeros(dstShape), ei = Tensor.zeros(dstShape);
            Tensor ad = Tensor.full(Float.NaN, dstShape), ai = Tensor.full(Float.NaN, dstShape);
            ORACLE.maxPool2d(x, ed, ei, p);
            candidate.maxPool2d(x, ad, ai, p);
            assertClose(what + ": max", ed, ad, 0, 0);
            assertClose(what + ": max indices", ei, ai, 0, 0);
            Tensor inference = Tensor.full(Float.NaN, dstShape);
            candidate.maxPool2d(x, inference, null, p);
            assertClose(what + ": max without indices", ed, inference, 0, 0);
            Tensor eg = Tensor.zeros(srcShape), ag = Tensor.full(Float.NaN, srcShape);
            ORACLE.maxPool2dBackward(dy, ei, eg, p);
            candidate.maxPool2dBackward(dy, ei, ag, p);
            int windows = (p.kernelH() + p.strideH() - 1) / p.strideH() * ((p.kernelW() + p.strideW() - 1) / p.strideW());
            assertClose(what + ": max backward", eg, ag, 2 * windows * U, 0);
            for (boolean include : new boolean[] {true, false}) {
                String avg = what + ": avg countIncludePad=" + include;
                Tensor ea = Tensor.zeros(dstShape), aa = Tensor.full(Float.NaN, dstShape);
                ORACLE.avgPool2d(x, ea, p, include);
                candidate.avgPool2d(x, aa, p, include);
                int k = p.kernelH() * p.kernelW();
                assertClose(avg, ea, aa, 2 * (k + 2) * U, 4 * U);
                Tensor eb = Tensor.zeros(srcShape), ab = Tensor.full(Float.NaN, srcShape);
                ORACLE.avgPool2dBackward(dy, eb, p, include);
                candidate.avgPool2dBackward(dy, ab, p, include);
                assertClose(avg + " backward", eb, ab, 4 * (windows + 2) * U, 4 * U);
            }
            checkMaxTies(candidate, p, rng, srcShape, dstShape, what);
        }
    }

    /** Values that tie in most windows, -0.0 beside 0.0 among them: the first in window order wins, sign of zero included. */
    private static final float[] TIES = {-1f, -0f, 0f, 0f, 1f};

    private static void checkMaxTies(Backend candidate, Pool2dParams p, Rng rng, int[] srcShape, int[] dstShape, String what) {
        float[] v = new float[(int) Shapes.numel(srcShape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = TIES[(int) (rng.nextFloat() * TIES.length)];
        }
        Tensor x = Tensor.of(v, srcShape);
        Tensor ed = Tensor.zeros(dstShape), ei = Tensor.zeros(dstShape);
        Tensor ad = Tensor.full(Float.NaN, dstShape), ai = Tensor.full(Float.NaN, dstShape), inference = Tensor.full(Float.NaN, dstShape);
        ORACLE.maxPool2d(x, ed, ei, p);
        candidate.maxPool2d(x, ad, ai, p);
        candidate.maxPool2d(x, inference, null, p);
        float[] want = ed.toArray(), got = ad.toArray(), gotInference = inference.toArray();
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])
                    || Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(gotInference[i])) {
                throw new AssertionError(what + ", ties: max at " + i + " is " + got[i] + " (without indices " + gotInference[i]
                        + "), the first in window order is " + want[i]);
            }
        }
        assertClose(what + ", ties: max indices", ei, ai, 0, 0);
    }

    // ---- batch norm --------------------------------------------------------------------------

    /** Training forward (output and statistics), inference forward, and backward, with and without gamma/beta. */
    public static void checkBatchNorm(Backend candidate, int[] shape, Rng rng, boolean shared) {
        int c = shape[1];
        long r = (long) shape[0] * shape[2] * shape[3];
        float eps = 1e-5f;
        try (Scope scope = open(shared)) {
            Tensor x = Specials.sprinkle(rng, Tensor.uniform(rng, -2, 3, shape)), dy = Tensor.uniform(rng, -1, 1, shape);
            for (boolean affine : new boolean[] {true, false}) {
                String what = "batchNorm2d " + Shapes.str(shape) + (affine ? " with gamma, beta" : "") + " on " + candidate.name();
                Tensor gamma = affine ? Tensor.uniform(rng, 0.5f, 1.5f, c) : null;
                Tensor beta = affine ? Tensor.uniform(rng, -1, 1, c) : null;
                Tensor[] e = {Tensor.zeros(shape), Tensor.zeros(c), Tensor.zeros(c)};
                Tensor[] a = {Tensor.full(Float.NaN, shape), Tensor.full(Float.NaN, c), Tensor.full(Float.NaN, c)};
                ORACLE.batchNorm2d(x, gamma, beta, e[1], e[2], eps, true, e[0]);
                candidate.batchNorm2d(x, gamma, beta, a[1], a[2], eps, true, a[0]);
                double tol = 16 * U * Math.sqrt(r);
                assertClose(what + ": mean", e[1], a[1], 8 * U * r * 3, 8 * U);
                assertClose(what + ": variance", e[2], a[2], 16 * U * r, 16 * U * r);
                // r == 1: variance 0 and rstd = 1/sqrt(eps) magnifies every rounding of x - mean
                double scale = r == 1 ? 1 / Math.sqrt(eps) : 1;
                assertClose(what + ": dst", e[0], a[0], tol * 4 * scale, tol);

                Tensor inf = Tensor.full(Float.NaN, shape), einf = Tensor.zeros(shape);
                Tensor runMean = Tensor.uniform(rng, -1, 1, c), runVar = Tensor.uniform(rng, 0.5f, 2, c);
                ORACLE.batchNorm2d(x, gamma, beta, runMean, runVar, eps, false, einf);
                candidate.batchNorm2d(x, gamma, beta, runMean, runVar, eps, false, inf);
                assertClose(what + ": inference dst", einf, inf, 16 * U * 4, 16 * U);

                Tensor[] eg = {Tensor.zeros(shape), Tensor.zeros(c), Tensor.zeros(c)};
                Tensor[] ag = {Tensor.full(Float.NaN, shape), Tensor.full(Float.NaN, c), Tensor.full(Float.NaN, c)};
                ORACLE.batchNorm2dBackward(x, dy, gamma, e[1], e[2], eps, eg[0], eg[1], eg[2]);
                candidate.batchNorm2dBackward(x, dy, gamma, e[1], e[2], eps, ag[0], ag[1], ag[2]);
                assertClose(what + ": diffSrc", eg[0], ag[0], 64 * U * Math.sqrt(r) * scale * scale, 64 * U);
                assertClose(what + ": diffGamma", eg[1], ag[1], 16 * U * r * scale, 16 * U);
                assertClose(what + ": diffBeta", eg[2], ag[2], 16 * U * r, 0);
            }
        }
    }
}
