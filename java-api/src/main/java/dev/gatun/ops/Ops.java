package dev.gatun.ops;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.ReduceOp;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/**
 * The tensor operations users call. Each validates its arguments once (liveness, thread,
 * shapes, naming the op and the shapes in the exception), makes strided inputs contiguous,
 * allocates its result in the {@linkplain dev.gatun.tensor.Scope#current() current scope} and
 * runs the kernel on the {@linkplain Backends#current() current backend}. The {@code ...Into}
 * forms write into a preallocated tensor, for hot paths that must not allocate.
 */
public final class Ops {
    private Ops() {}

    // ---- matmul ----------------------------------------------------------------------------

    /** {@code a @ b} for [M,K] x [K,N], or batched [B,M,K] x [B,K,N] (a rank-2 side is shared). */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, false, b, false);
    }

    /** {@code op(a) @ op(b)}, where op transposes the last two axes when its flag is set. */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        int[] cShape = matmulShape(a, transA, b, transB);
        Tensor c = Tensor.zeros(cShape);
        backend().matmul(dense("matmul", a), transA, dense("matmul", b), transB, c, 1f, 0f);
        return c;
    }

    /**
     * {@code c = alpha * op(a) @ op(b) + beta * c} into a preallocated, contiguous {@code c}.
     * Allocates nothing when the arguments are valid (a service's inference hot path).
     */
    public static void matmulInto(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
        checkMatmul(a, transA, b, transB);
        int m = transA ? a.dim(-1) : a.dim(-2);
        int n = transB ? b.dim(-2) : b.dim(-1);
        int rank = Math.max(a.rank(), b.rank());
        int batch = a.rank() == 3 ? a.dim(0) : b.dim(0);
        if (c == null) {
            throw new IllegalArgumentException("matmul: output tensor is null");
        }
        c.checkAccess("matmul");
        if (c.rank() != rank || c.dim(-2) != m || c.dim(-1) != n || (rank == 3 && c.dim(0) != batch)) {
            checkOut("matmul", c, matmulShape(a, transA, b, transB)); // builds the message
        }
        if (!c.isContiguous()) {
            throw new IllegalArgumentException("matmul: output tensor " + Shapes.str(c.shape()) + " must be contiguous");
        }
        backend().matmul(dense("matmul", a), transA, dense("matmul", b), transB, c, alpha, beta);
    }

    static int[] matmulShape(Tensor a, boolean transA, Tensor b, boolean transB) {
        checkMatmul(a, transA, b, transB);
        int m = transA ? a.dim(-1) : a.dim(-2);
        int n = transB ? b.dim(-2) : b.dim(-1);
        if (a.rank() == 2 && b.rank() == 2) {
            return new int[] {m, n};
        }
        return new int[] {a.rank() == 3 ? a.dim(0) : b.dim(0), m, n};
    }

    /** Liveness, ranks, inner and batch dimensions of a matmul; allocates only to throw. */
    private static void checkMatmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("matmul: tensor argument is null");
        }
        a.checkAccess("matmul");
        b.checkAccess("matmul");
        int ra = a.rank(), rb = b.rank();
        if (ra < 2 || ra > 3 || rb < 2 || rb > 3) {
            throw mismatch("matmul", a, b, "operands must have rank 2 or 3");
        }
        int ka = transA ? a.dim(-2) : a.dim(-1);
        int kb = transB ? b.dim(-1) : b.dim(-2);
        if (ka != kb) {
            throw mismatch("matmul", a, b, "inner dimensions " + ka + " and " + kb + " differ"
                    + (transA || transB ? " (transA=" + transA + ", transB=" + transB + ")" : ""));
        }
        if (ra == 3 && rb == 3 && a.dim(0) != b.dim(0)) {
            throw mismatch("matmul", a, b, "batch sizes " + a.dim(0) + " and " + b.dim(0) + " differ");
        }
    }

    // ---- binary ----------------------------------------------------------------------------

    public static Tensor add(Tensor a, Tensor b) {
        return binary(BinaryOp.ADD, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return binary(BinaryOp.SUB, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return binary(BinaryOp.MUL, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return binary(BinaryOp.DIV, a, b);
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        return binary(BinaryOp.MAX, a, b);
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        return binary(BinaryOp.MIN, a, b);
    }

    /** {@code a op b} with NumPy broadcasting. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = opName(op);
        a.checkAccess(name);
        b.checkAccess(name);
        int[] shape = Shapes.broadcast(name, a.shape(), b.shape());
        Tensor dst = Tensor.zeros(shape);
        backend().binary(op, padded(name, a, shape.length), padded(name, b, shape.length), dst);
        return dst;
    }

    /** {@code dst = a op b} into a preallocated {@code dst} of the broadcast shape (may be a or b). */
    public static void binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        String name = opName(op);
        a.checkAccess(name);
        b.checkAccess(name);
        int[] shape = Shapes.broadcast(name, a.shape(), b.shape());
        checkOut(name, dst, shape);
        backend().binary(op, padded(name, a, shape.length), padded(name, b, shape.length), dst);
    }

    /** Operand as a contiguous tensor of the given rank (ones prepended, a view). */
    private static Tensor padded(String op, Tensor t, int rank) {
        Tensor d = dense(op, t);
        return d.rank() == rank ? d : d.reshape(Shapes.padLeft(d.shape(), rank));
    }

    // ---- scalar and elementwise ------------------------------------------------------------

    /** {@code x + c}. */
    public static Tensor add(Tensor x, float c) {
        return eltwise(EltwiseOp.LINEAR, 1f, c, x);
    }

    /** {@code x * c}. */
    public static Tensor mul(Tensor x, float c) {
        return eltwise(EltwiseOp.LINEAR, c, 0f, x);
    }

    public static Tensor step(Tensor x) {
        return eltwise(EltwiseOp.STEP, 0f, 0f, x);
    }

    public static Tensor sigmoid(Tensor x) {
        return eltwise(EltwiseOp.SIGMOID, 0f, 0f, x);
    }

    public static Tensor tanh(Tensor x) {
        return eltwise(EltwiseOp.TANH, 0f, 0f, x);
    }

    public static Tensor relu(Tensor x) {
        return eltwise(EltwiseOp.RELU, 0f, 0f, x);
    }

    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return eltwise(EltwiseOp.RELU, negativeSlope, 0f, x);
    }

    /** GELU, exact (erf) or PyTorch's tanh approximation. */
    public static Tensor gelu(Tensor x, boolean tanhApproximation) {
        return eltwise(tanhApproximation ? EltwiseOp.GELU_TANH : EltwiseOp.GELU_ERF, 0f, 0f, x);
    }

    public static Tensor exp(Tensor x) {
        return eltwise(EltwiseOp.EXP, 0f, 0f, x);
    }

    public static Tensor log(Tensor x) {
        return eltwise(EltwiseOp.LOG, 0f, 0f, x);
    }

    public static Tensor sqrt(Tensor x) {
        return eltwise(EltwiseOp.SQRT, 0f, 0f, x);
    }

    public static Tensor abs(Tensor x) {
        return eltwise(EltwiseOp.ABS, 0f, 0f, x);
    }

    public static Tensor square(Tensor x) {
        return eltwise(EltwiseOp.SQUARE, 0f, 0f, x);
    }

    public static Tensor eltwise(EltwiseOp op, float alpha, float beta, Tensor x) {
        Tensor src = dense(opName(op), x);
        Tensor dst = Tensor.zeros(src.shape());
        backend().eltwise(op, alpha, beta, src, dst);
        return dst;
    }

    /** {@code dst = f(src)} into a preallocated tensor of the same shape (may be {@code src}). */
    public static void eltwiseInto(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
        String name = opName(op);
        Tensor s = dense(name, src);
        checkOut(name, dst, s.shape());
        backend().eltwise(op, alpha, beta, s, dst);
    }

    /** {@code diffDst * f'(src)}. */
    public static Tensor eltwiseBackward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor diffDst) {
        String name = opName(op) + " backward";
        Tensor s = dense(name, src);
        Tensor dd = dense(name, diffDst);
        sameShape(name, s, dd);
        Tensor diffSrc = Tensor.zeros(s.shape());
        backend().eltwiseBackward(op, alpha, beta, s, dd, diffSrc);
        return diffSrc;
    }

    // ---- reductions ------------------------------------------------------------------------

    /** Sum over {@code axes} (all axes when none), keeping them as size 1 when {@code keepDims}. */
    public static Tensor sum(Tensor x, boolean keepDims, int... axes) {
        return reduce(ReduceOp.SUM, x, keepDims, axes);
    }

    public static Tensor mean(Tensor x, boolean keepDims, int... axes) {
        return reduce(ReduceOp.MEAN, x, keepDims, axes);
    }

    public static Tensor max(Tensor x, boolean keepDims, int... axes) {
        return reduce(ReduceOp.MAX, x, keepDims, axes);
    }

    public static Tensor reduce(ReduceOp op, Tensor x, boolean keepDims, int... axes) {
        String name = opName(op);
        Tensor src = dense(name, x);
        int rank = src.rank();
        boolean[] reduced = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        for (int a : axes) {
            reduced[Shapes.axis(name, a, rank)] = true;
        }
        int[] keep = src.shape();
        int kept = 0;
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                if (keep[i] == 0 && op == ReduceOp.MAX) {
                    throw new IllegalArgumentException(name + ": cannot take the max over empty axis " + i + " of shape "
                            + Shapes.str(src.shape()));
                }
                keep[i] = 1;
            } else {
                kept++;
            }
        }
        Tensor dst = Tensor.zeros(keep);
        backend().reduce(op, src, dst);
        if (keepDims) {
            return dst;
        }
        int[] out = new int[kept];
        for (int i = 0, j = 0; i < rank; i++) {
            if (!reduced[i]) {
                out[j++] = keep[i];
            }
        }
        return dst.reshape(out);
    }

    /**
     * Sums {@code grad} down to {@code shape} over the axes where it was broadcast: the gradient
     * of a broadcasting binary op with respect to its smaller operand.
     */
    public static Tensor sumTo(Tensor grad, int[] shape) {
        int[] g = grad.shape();
        if (Arrays.equals(g, shape)) {
            return grad;
        }
        int[] full = Shapes.broadcast("sumTo", shape, g);
        if (!Arrays.equals(full, g)) {
            throw new IllegalArgumentException("shape mismatch in sumTo: " + Shapes.str(g) + " cannot be summed to "
                    + Shapes.str(shape));
        }
        int[] target = Shapes.padLeft(shape, g.length);
        Tensor dst = Tensor.zeros(target);
        backend().reduce(ReduceOp.SUM, dense("sumTo", grad), dst);
        return dst.reshape(shape);
    }

    // ---- softmax and normalization ---------------------------------------------------------

    /** Softmax over the last axis. */
    public static Tensor softmax(Tensor x) {
        return softmax(x, false);
    }

    /** Log-softmax over the last axis (computed stably, not as log of softmax). */
    public static Tensor logSoftmax(Tensor x) {
        return softmax(x, true);
    }

    private static Tensor softmax(Tensor x, boolean log) {
        String name = log ? "logSoftmax" : "softmax";
        Tensor src = dense(name, x);
        if (src.rank() == 0) {
            throw new IllegalArgumentException(name + ": needs at least one axis, got a scalar");
        }
        Tensor dst = Tensor.zeros(src.shape());
        backend().softmax(src, dst, log);
        return dst;
    }

    /** Gradient of softmax / log-softmax from its output {@code dst}. */
    public static Tensor softmaxBackward(Tensor dst, Tensor diffDst, boolean log) {
        String name = (log ? "logSoftmax" : "softmax") + " backward";
        Tensor d = dense(name, dst);
        Tensor dd = dense(name, diffDst);
        sameShape(name, d, dd);
        Tensor diffSrc = Tensor.zeros(d.shape());
        backend().softmaxBackward(d, dd, diffSrc, log);
        return diffSrc;
    }

    /** What layer normalization returns: the output and the statistics its backward needs. */
    public record LayerNormResult(Tensor dst, Tensor mean, Tensor rstd) {}

    /** What layer normalization's backward returns; {@code diffGamma}/{@code diffBeta} null without gamma. */
    public record LayerNormGrads(Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {}

    /** Layer normalization over the last axis; {@code gamma} and {@code beta} are [C] or null. */
    public static LayerNormResult layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        Tensor src = dense("layerNorm", x);
        int c = checkNormParams("layerNorm", src, gamma, beta, eps);
        int rows = (int) (c == 0 ? 0 : src.numel() / c);
        Tensor dst = Tensor.zeros(src.shape());
        Tensor mean = Tensor.zeros(rows);
        Tensor rstd = Tensor.zeros(rows);
        backend().layerNorm(src, gamma == null ? null : dense("layerNorm", gamma),
                beta == null ? null : dense("layerNorm", beta), eps, dst, mean, rstd);
        return new LayerNormResult(dst, mean, rstd);
    }

    public static LayerNormGrads layerNormBackward(Tensor x, Tensor diffDst, Tensor gamma, Tensor mean, Tensor rstd) {
        String name = "layerNorm backward";
        Tensor src = dense(name, x);
        Tensor dd = dense(name, diffDst);
        sameShape(name, src, dd);
        int c = checkNormParams(name, src, gamma, null, 0f);
        int rows = (int) (c == 0 ? 0 : src.numel() / c);
        checkOut(name, mean, new int[] {rows});
        checkOut(name, rstd, new int[] {rows});
        Tensor diffSrc = Tensor.zeros(src.shape());
        Tensor dg = gamma == null ? null : Tensor.zeros(c);
        Tensor db = gamma == null ? null : Tensor.zeros(c);
        backend().layerNormBackward(src, dd, gamma == null ? null : dense(name, gamma), mean, rstd, diffSrc, dg, db);
        return new LayerNormGrads(diffSrc, dg, db);
    }

    private static int checkNormParams(String name, Tensor src, Tensor gamma, Tensor beta, float eps) {
        if (src.rank() == 0) {
            throw new IllegalArgumentException(name + ": needs at least one axis, got a scalar");
        }
        if (!(eps >= 0) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException(name + ": eps must be finite and non-negative, got " + eps);
        }
        int c = src.dim(-1);
        for (Tensor p : new Tensor[] {gamma, beta}) {
            if (p != null) {
                p.checkAccess(name);
                if (p.rank() != 1 || p.dim(0) != c) {
                    throw mismatch(name, src, p, "gamma/beta must be [" + c + "]");
                }
            }
        }
        return c;
    }

    // ---- layout ----------------------------------------------------------------------------

    /** A contiguous copy of {@code x} with two axes swapped. */
    public static Tensor transpose(Tensor x, int axis0, int axis1) {
        return x.transpose(axis0, axis1).copy();
    }

    /** Joins tensors along {@code axis}; all other dims must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        int rank = parts[0].rank();
        int a = Shapes.axis("concat", axis, rank);
        int[] shape = parts[0].shape();
        int total = 0;
        for (Tensor p : parts) {
            p.checkAccess("concat");
            int[] s = p.shape();
            boolean ok = s.length == rank;
            for (int i = 0; ok && i < rank; i++) {
                ok = i == a || s[i] == shape[i];
            }
            if (!ok) {
                throw new IllegalArgumentException("shape mismatch in concat along axis " + a + ": "
                        + Shapes.str(parts[0].shape()) + " and " + Shapes.str(s));
            }
            total += s[a];
        }
        shape[a] = total;
        Tensor out = Tensor.zeros(shape);
        int at = 0;
        for (Tensor p : parts) {
            int len = p.dim(a);
            if (len > 0) {
                backend().copy(p, out.slice(a, at, at + len));
            }
            at += len;
        }
        return out;
    }

    /** Splits {@code x} along {@code axis} into contiguous pieces of the given sizes. */
    public static Tensor[] split(Tensor x, int axis, int... sizes) {
        x.checkAccess("split");
        int a = Shapes.axis("split", axis, x.rank());
        long sum = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            }
            sum += s;
        }
        if (sum != x.dim(a)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " do not add up to dim " + a
                    + " of shape " + Shapes.str(x.shape()));
        }
        Tensor[] out = new Tensor[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = x.slice(a, at, at + sizes[i]).copy();
            at += sizes[i];
        }
        return out;
    }

    /**
     * Copies {@code src} (any view, strided or broadcast) into a preallocated contiguous
     * {@code dst} of the same shape that does not overlap it.
     */
    public static void copyInto(Tensor src, Tensor dst) {
        if (src == null) {
            throw new IllegalArgumentException("copy: source tensor is null");
        }
        src.checkAccess("copy");
        checkOut("copy", dst, src.shape());
        backend().copy(src, dst);
    }

    // ---- validation helpers ----------------------------------------------------------------

    private static Backend backend() {
        return Backends.current();
    }

    /** Checks liveness and returns a contiguous version (a copy only for strided views). */
    private static Tensor dense(String op, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": tensor argument is null");
        }
        t.checkAccess(op);
        return t.contiguous();
    }

    private static void checkOut(String op, Tensor out, int[] shape) {
        if (out == null) {
            throw new IllegalArgumentException(op + ": output tensor is null");
        }
        out.checkAccess(op);
        if (!Arrays.equals(out.shape(), shape)) {
            throw new IllegalArgumentException("shape mismatch in " + op + ": output is " + Shapes.str(out.shape())
                    + ", expected " + Shapes.str(shape));
        }
        if (!out.isContiguous()) {
            throw new IllegalArgumentException(op + ": output tensor " + Shapes.str(out.shape()) + " must be contiguous");
        }
    }

    private static void sameShape(String op, Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw mismatch(op, a, b, "shapes must be equal");
        }
    }

    private static IllegalArgumentException mismatch(String op, Tensor a, Tensor b, String why) {
        return new IllegalArgumentException("shape mismatch in " + op + ": " + Shapes.str(a.shape()) + " and "
                + Shapes.str(b.shape()) + " (" + why + ")");
    }

    private static String opName(Enum<?> op) {
        return op.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
