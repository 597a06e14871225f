package dev.gatun.testing;

import static dev.gatun.testing.Close.U;
import static dev.gatun.testing.Close.assertClose;

import dev.gatun.backend.Backend;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.ReduceOp;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/**
 * Checks a backend against the scalar oracle, op by op, on random shapes built from the dims
 * 1, 7, 33 and 257 (one, odd and below a vector, lanes + 1 for 8- and 16-lane vectors and for
 * 32-wide blocks, large), each case kept to a few million flops. Cases alternate between a
 * confined scope and a shared one, so kernels that split work over threads (allowed only on
 * shared memory) run both ways. Tolerances are scaled by the size of the reduction behind each
 * element; exact IEEE operations (binary ops, copies, max) must match bit for bit.
 *
 * <p>Public and backend-agnostic: the native module's tests run it on their backends through
 * the test jar.
 */
public final class Parity {
    /** Dims every random shape is built from. */
    public static final int[] DIMS = {1, 7, 33, 257};
    /** Largest element count of one random tensor. */
    private static final long MAX_ELEMENTS = 1L << 17;
    /** Largest multiply-add count of one matmul case. */
    private static final long MAX_MATMUL_WORK = 3_000_000;

    private static final Backend ORACLE = new ScalarBackend();

    private Parity() {}

    /** Every op group, {@code cases} random cases each. */
    public static void checkAll(Backend candidate, long seed, int cases) {
        Rng rng = new Rng(seed);
        for (int i = 0; i < cases; i++) {
            boolean shared = i % 2 == 1;
            checkMatmul(candidate, rng.split(), shared);
            checkLinear(candidate, rng.split(), shared);
            checkBinary(candidate, rng.split(), shared);
            checkEltwise(candidate, rng.split(), shared);
            checkReduce(candidate, rng.split(), shared);
            checkSoftmax(candidate, rng.split(), shared);
            checkLayerNorm(candidate, rng.split(), shared);
            checkCopy(candidate, rng.split(), shared);
        }
    }

    /** {@link #checkAll} with NaN and infinities in every op's inputs ({@link Specials}). */
    public static void checkAllWithSpecialValues(Backend candidate, long seed, int cases) {
        Specials.during(() -> checkAll(candidate, seed, cases));
    }

    private static Scope open(boolean shared) {
        return shared ? Scope.shared() : Scope.confined();
    }

    // ---- random shapes -----------------------------------------------------------------------

    public static int dim(Rng rng) {
        return DIMS[rng.nextInt(DIMS.length)];
    }

    /** A random shape of the given rank whose element count stays under the case budget. */
    public static int[] shape(Rng rng, int rank) {
        while (true) {
            int[] s = new int[rank];
            for (int i = 0; i < rank; i++) {
                s[i] = dim(rng);
            }
            if (Shapes.numel(s) <= MAX_ELEMENTS) {
                return s;
            }
        }
    }

    private static String str(int[] shape) {
        return Shapes.str(shape);
    }

    private static boolean bool(Rng rng) {
        return rng.nextInt(2) == 1;
    }

    // ---- matmul ------------------------------------------------------------------------------

    /** One random (maybe batched, transposed, broadcast) matmul with random alpha and beta. */
    public static void checkMatmul(Backend candidate, Rng rng, boolean shared) {
        int m, n, k, batch;
        do {
            m = dim(rng);
            n = dim(rng);
            k = dim(rng);
            batch = 1 + rng.nextInt(3);
        } while ((long) m * n * k * batch > MAX_MATMUL_WORK);
        boolean transA = bool(rng), transB = bool(rng);
        int layout = rng.nextInt(4); // 0: plain 2-D, 1: both batched, 2: a shared, 3: b shared
        boolean aBatched = layout == 1 || layout == 3, bBatched = layout == 1 || layout == 2;
        float alpha = rng.nextInt(3) == 0 ? 1f : rng.uniform(-2, 2);
        float beta = rng.nextInt(3) == 0 ? 0f : rng.uniform(-1, 1);
        int[] aShape = transA ? new int[] {k, m} : new int[] {m, k};
        int[] bShape = transB ? new int[] {n, k} : new int[] {k, n};
        int[] cShape = layout == 0 ? new int[] {m, n} : new int[] {batch, m, n};
        String what = "matmul " + str(batched(aShape, aBatched, batch)) + (transA ? "^T" : "") + " x "
                + str(batched(bShape, bBatched, batch)) + (transB ? "^T" : "") + " alpha=" + alpha + " beta=" + beta
                + " on " + candidate.name();
        try (Scope scope = open(shared)) {
            Tensor a = Specials.sprinkle(rng, Tensor.uniform(rng, -1, 1, batched(aShape, aBatched, batch)));
            Tensor b = Specials.sprinkle(rng, Tensor.uniform(rng, -1, 1, batched(bShape, bBatched, batch)));
            Tensor c0 = Tensor.uniform(rng, -1, 1, cShape);
            if (beta == 0f) {
                c0.fill(Float.NaN); // beta == 0 must ignore c's old content
            }
            Tensor expected = Tensor.zeros(cShape), actual = Tensor.zeros(cShape);
            ORACLE.copy(c0, expected);
            ORACLE.copy(c0, actual);
            ORACLE.matmul(a, transA, b, transB, expected, alpha, beta);
            candidate.matmul(a, transA, b, transB, actual, alpha, beta);
            // error bound of a float dot product of length k: k * u * sum_p |a_ip b_pj| (scaled by alpha)
            Tensor absA = abs(a), absB = abs(b), bound = Tensor.zeros(cShape);
            ORACLE.matmul(absA, transA, absB, transB, bound, Math.abs(alpha), 0f);
            float[] bounds = bound.toArray();
            float[] c0v = c0.toArray();
            int kk = k;
            assertClose(what, expected.toArray(), actual.toArray(),
                    i -> 2 * (kk + 2) * U * (bounds[i] + Math.abs(beta * (beta == 0 ? 0 : c0v[i]))) + 1e-30, 0);
        }
    }

    /**
     * {@link Backend#linear} (x w^T + bias, ReLU or not) against the oracle's three steps, within
     * the matmul's error bound (the bias is added once, ReLU exact).
     */
    public static void checkLinear(Backend candidate, Rng rng, boolean shared) {
        int m, n, k;
        do {
            m = dim(rng);
            n = dim(rng);
            k = dim(rng);
        } while ((long) m * n * k > MAX_MATMUL_WORK);
        boolean hasBias = rng.nextInt(3) != 0, relu = bool(rng);
        String what = "linear [" + m + ", " + k + "] x [" + n + ", " + k + "]^T" + (hasBias ? " + bias" : "")
                + (relu ? ", ReLU" : "") + " on " + candidate.name();
        try (Scope scope = open(shared)) {
            Tensor x = Specials.sprinkle(rng, Tensor.uniform(rng, -1, 1, m, k));
            Tensor w = Tensor.uniform(rng, -1, 1, n, k);
            Tensor bias = hasBias ? Tensor.uniform(rng, -1, 1, 1, n) : null;
            Tensor expected = Tensor.zeros(m, n), actual = Tensor.zeros(m, n);
            actual.fill(Float.NaN); // the output's old content is ignored
            ORACLE.linear(x, w, bias, relu, expected);
            candidate.linear(x, w, bias, relu, actual);
            Tensor bound = Tensor.zeros(m, n);
            ORACLE.matmul(abs(x), false, abs(w), true, bound, 1f, 0f);
            float[] bounds = bound.toArray(), want = expected.toArray();
            int kk = k;
            assertClose(what, want, actual.toArray(), i -> 2 * (kk + 3) * U * (bounds[i] + Math.abs(want[i])) + 1e-30, 0);
        }
    }

    private static int[] batched(int[] shape, boolean batched, int batch) {
        return batched ? new int[] {batch, shape[0], shape[1]} : shape;
    }

    private static Tensor abs(Tensor t) {
        Tensor out = Tensor.zeros(t.shape());
        ORACLE.eltwise(EltwiseOp.ABS, 0, 0, t, out);
        return out;
    }

    // ---- binary --------------------------------------------------------------------------

    /** Every binary op on one random broadcast pattern (same shape, row, column or mixed), plus in place. */
    public static void checkBinary(Backend candidate, Rng rng, boolean shared) {
        int rank = 1 + rng.nextInt(4);
        int[] shape = shape(rng, rank);
        int pattern = rng.nextInt(4); // 0: same, 1: b a row ([1,..,C]), 2: b a column ([R,..,1]), 3: random 1s in both
        int[] aShape = shape.clone(), bShape = shape.clone();
        for (int d = 0; d < rank; d++) {
            switch (pattern) {
                case 1 -> bShape[d] = d == rank - 1 ? shape[d] : 1;
                case 2 -> bShape[d] = d == rank - 1 ? 1 : shape[d];
                case 3 -> {
                    aShape[d] = rng.nextInt(3) == 0 ? 1 : shape[d];
                    bShape[d] = rng.nextInt(3) == 0 ? 1 : shape[d];
                    if (aShape[d] == 1 && bShape[d] == 1) {
                        shape[d] = 1;
                    }
                }
                default -> { }
            }
        }
        boolean integers = bool(rng); // small integers make EQ and GE ties happen
        try (Scope scope = open(shared)) {
            Tensor a = Specials.sprinkle(rng, values(rng, integers, aShape));
            Tensor b = Specials.sprinkle(rng, values(rng, integers, bShape));
            for (BinaryOp op : BinaryOp.values()) {
                String what = op + " " + str(aShape) + " and " + str(bShape) + " on " + candidate.name();
                Tensor expected = Tensor.zeros(shape), actual = Tensor.zeros(shape);
                ORACLE.binary(op, a, b, expected);
                candidate.binary(op, a, b, actual);
                assertClose(what, expected, actual, 0, 0); // one IEEE operation per element: exact
                if (Arrays.equals(aShape, shape)) { // dst may be a
                    Tensor inPlace = Tensor.zeros(shape);
                    ORACLE.copy(a, inPlace);
                    candidate.binary(op, inPlace, b, inPlace);
                    assertClose(what + " in place", expected, inPlace, 0, 0);
                }
            }
        }
    }

    private static Tensor values(Rng rng, boolean integers, int[] shape) {
        Tensor t = Tensor.uniform(rng, -3, 3, shape);
        if (integers) {
            float[] v = t.toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.round(v[i]);
                v[i] = v[i] == 0 ? 1 : v[i]; // keep DIV finite
            }
            t.copyFrom(v);
        }
        return t;
    }

    // ---- eltwise -------------------------------------------------------------------------

    /** Every eltwise op forward (out of place and in place) and backward, on each op's domain. */
    public static void checkEltwise(Backend candidate, Rng rng, boolean shared) {
        int[] shape = shape(rng, 1 + rng.nextInt(3));
        try (Scope scope = open(shared)) {
            for (EltwiseOp op : EltwiseOp.values()) {
                float lo = switch (op) {
                    case LOG, SQRT -> 0.05f;
                    case EXP -> -20f;
                    default -> -8f;
                };
                float hi = op == EltwiseOp.EXP ? 20f : 8f;
                // ReLU twice: alpha = 0 (its own path: -inf gives 0) and a leaky slope
                float[] alphas = op == EltwiseOp.RELU ? new float[] {0f, 0.1f} : new float[] {rng.uniform(-2, 2)};
                for (float alpha : alphas) {
                    float beta = rng.uniform(-2, 2);
                    Tensor x = Specials.sprinkle(rng, Tensor.uniform(rng, lo, hi, shape));
                    Tensor dy = Tensor.uniform(rng, -1, 1, shape);
                    String what = op + " " + str(shape) + " alpha=" + alpha + " beta=" + beta + " on " + candidate.name();
                    // a few ulps relative, plus an absolute floor for values near 0 (GELU's tail, 1 - tanh^2)
                    double rtol = 16 * U, atol = 2e-7;
                    Tensor expected = Tensor.zeros(shape), actual = Tensor.zeros(shape);
                    ORACLE.eltwise(op, alpha, beta, x, expected);
                    candidate.eltwise(op, alpha, beta, x, actual);
                    assertClose(what, expected, actual, atol, rtol);
                    Tensor inPlace = Tensor.zeros(shape);
                    ORACLE.copy(x, inPlace);
                    candidate.eltwise(op, alpha, beta, inPlace, inPlace);
                    assertClose(what + " in place", expected, inPlace, atol, rtol);
                    Tensor expectedGrad = Tensor.zeros(shape), actualGrad = Tensor.zeros(shape);
                    ORACLE.eltwiseBackward(op, alpha, beta, x, dy, expectedGrad);
                    candidate.eltwiseBackward(op, alpha, beta, x, dy, actualGrad);
                    assertClose(what + " backward", expectedGrad, actualGrad, 1e-6, 32 * U);
                }
            }
        }
    }

    // ---- reductions ----------------------------------------------------------------------

    /** Every reduction over a random set of axes (adjacent or not). */
    public static void checkReduce(Backend candidate, Rng rng, boolean shared) {
        int rank = 1 + rng.nextInt(4);
        int[] shape = shape(rng, rank);
        int[] dstShape = shape.clone();
        long count = 1;
        for (int d = 0; d < rank; d++) {
            if (bool(rng)) {
                count *= shape[d];
                dstShape[d] = 1;
            }
        }
        try (Scope scope = open(shared)) {
            Tensor x = Specials.sprinkle(rng, Tensor.uniform(rng, -1, 1, shape));
            for (ReduceOp op : ReduceOp.values()) {
                String what = op + " " + str(shape) + " to " + str(dstShape) + " on " + candidate.name();
                Tensor expected = Tensor.zeros(dstShape), actual = Tensor.zeros(dstShape);
                ORACLE.reduce(op, x, expected);
                candidate.reduce(op, x, actual);
                // |x| <= 1: the worst case n * u * sum|x| is ~n^2 u, but random-sign partial sums stay
                // near sqrt(n), so the rounding errors add to about n u; 8 n u still catches one
                // missing term (~0.5)
                double atol = switch (op) {
                    case MAX -> 0; // exact
                    case SUM -> 8 * U * count;
                    case MEAN -> 8 * U;
                };
                assertClose(what, expected, actual, atol, 0);
            }
        }
    }

    // ---- softmax -------------------------------------------------------------------------

    /** Softmax and log-softmax over the last axis, forward and backward. */
    public static void checkSoftmax(Backend candidate, Rng rng, boolean shared) {
        int[] shape = shape(rng, 1 + rng.nextInt(3));
        int cols = shape[shape.length - 1];
        try (Scope scope = open(shared)) {
            Tensor x = Specials.sprinkle(rng, Tensor.uniform(rng, -10, 10, shape));
            Tensor dy = Tensor.uniform(rng, -1, 1, shape);
            for (boolean log : new boolean[] {false, true}) {
                String what = (log ? "logSoftmax " : "softmax ") + str(shape) + " on " + candidate.name();
                Tensor expected = Tensor.zeros(shape), actual = Tensor.zeros(shape);
                ORACLE.softmax(x, expected, log);
                candidate.softmax(x, actual, log);
                // log-softmax values reach -20 - log(cols): their error is relative to that size
                assertClose(what, expected, actual, log ? 64 * U * (20 + Math.log(cols)) : 1e-9, 8 * U * cols);
                Tensor expectedGrad = Tensor.zeros(shape), actualGrad = Tensor.zeros(shape);
                ORACLE.softmaxBackward(expected, dy, expectedGrad, log);
                candidate.softmaxBackward(expected, dy, actualGrad, log);
                assertClose(what + " backward", expectedGrad, actualGrad, 8 * U * cols, 8 * U * cols);
            }
        }
    }

    // ---- layer norm ----------------------------------------------------------------------

    /** Layer norm with and without gamma/beta, forward (output, mean, rstd) and backward (all grads). */
    public static void checkLayerNorm(Backend candidate, Rng rng, boolean shared) {
        int[] shape = shape(rng, 1 + rng.nextInt(3));
        int cols = shape[shape.length - 1];
        int rows = (int) (Shapes.numel(shape) / cols);
        boolean withGamma = bool(rng), withBeta = bool(rng); // each optional on its own
        float eps = 1e-5f;
        String what = "layerNorm " + str(shape) + (withGamma ? " with gamma" : "") + (withBeta ? " with beta" : "")
                + " on " + candidate.name();
        try (Scope scope = open(shared)) {
            Tensor x = Specials.sprinkle(rng, Tensor.uniform(rng, -2, 3, shape));
            Tensor dy = Tensor.uniform(rng, -1, 1, shape);
            Tensor gamma = withGamma ? Tensor.uniform(rng, 0.5f, 1.5f, cols) : null;
            Tensor beta = withBeta ? Tensor.uniform(rng, -1, 1, cols) : null;
            Tensor[] expected = {Tensor.zeros(shape), Tensor.zeros(rows), Tensor.zeros(rows)};
            Tensor[] actual = {Tensor.zeros(shape), Tensor.zeros(rows), Tensor.zeros(rows)};
            ORACLE.layerNorm(x, gamma, beta, eps, expected[0], expected[1], expected[2]);
            candidate.layerNorm(x, gamma, beta, eps, actual[0], actual[1], actual[2]);
            // cols == 1: var = 0 and rstd = 1/sqrt(eps) magnifies every rounding of x - mean
            double scale = cols == 1 ? 1 / Math.sqrt(eps) : 1;
            double tol = 16 * U * Math.sqrt(cols) * scale;
            assertClose(what + ": dst", expected[0], actual[0], tol * 4, tol);
            assertClose(what + ": mean", expected[1], actual[1], 8 * U * Math.sqrt(cols) * 3, 8 * U);
            assertClose(what + ": rstd", expected[2], actual[2], 0, tol);
            Tensor[] eg = {Tensor.zeros(shape), Tensor.zeros(cols), Tensor.zeros(cols)};
            Tensor[] ag = {Tensor.zeros(shape), Tensor.zeros(cols), Tensor.zeros(cols)};
            ORACLE.layerNormBackward(x, dy, gamma, expected[1], expected[2], eg[0], eg[1], eg[2]);
            candidate.layerNormBackward(x, dy, gamma, expected[1], expected[2], ag[0], ag[1], ag[2]);
            assertClose(what + ": diffSrc", eg[0], ag[0], 64 * U * Math.sqrt(cols) * scale * scale, 64 * U);
            assertClose(what + ": diffGamma", eg[1], ag[1], 16 * U * rows * scale, 16 * U);
            assertClose(what + ": diffBeta", eg[2], ag[2], 16 * U * rows, 0);
        }
    }

    // ---- copy ----------------------------------------------------------------------------

    /** A copy from a random view (transposed, permuted, sliced, broadcast) into a dense or sliced dst. */
    public static void checkCopy(Backend candidate, Rng rng, boolean shared) {
        int rank = 1 + rng.nextInt(4);
        int[] shape = shape(rng, rank);
        try (Scope scope = open(shared)) {
            Tensor base = Specials.sprinkle(rng, Tensor.uniform(rng, -1, 1, shape));
            Tensor src = switch (rng.nextInt(4)) {
                case 0 -> base;
                case 1 -> rank >= 2 ? base.transpose(rank - 2, rank - 1) : base;
                case 2 -> base.slice(rank - 1, 0, Math.max(1, shape[rank - 1] / 2));
                default -> {
                    int[] target = shape.clone();
                    int d = rng.nextInt(rank);
                    target[d] = dim(rng);
                    yield base.slice(d, 0, 1).broadcastTo(target); // stride 0 along d
                }
            };
            if (rank >= 3 && bool(rng)) {
                src = src.permute(reversed(rank));
            }
            int[] s = src.shape();
            String what = "copy of a view " + str(s) + " strides " + Arrays.toString(src.strides()) + " on "
                    + candidate.name();
            Tensor expected = Tensor.zeros(s);
            ORACLE.copy(src, expected);
            Tensor dst;
            if (bool(rng)) {
                int[] wide = s.clone();
                int d = rng.nextInt(rank);
                wide[d] += 3; // dst is the middle of a larger tensor, as in concat
                dst = Tensor.zeros(wide).slice(d, 2, 2 + s[d]);
            } else {
                dst = Tensor.zeros(s);
            }
            candidate.copy(src, dst);
            assertClose(what + " into strides " + Arrays.toString(dst.strides()), expected.toArray(), dst.toArray(),
                    i -> 0, 0);
        }
    }

    private static int[] reversed(int rank) {
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = rank - 1 - i;
        }
        return order;
    }
}
