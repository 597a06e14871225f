package dev.gatun.ops;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.ReduceOp;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/**
 * The tensor operations users call. Each validates its arguments once (liveness, thread,
 * shapes, naming the op and the shapes in the exception), makes strided inputs contiguous,
 * allocates its result in the {@linkplain dev.gatun.tensor.Scope#current() current scope} and
 * runs the kernel on the {@linkplain Backends#current() current backend}. The {@code ...Into}
 * forms write into a preallocated tensor, for hot paths that must not allocate. Results that
 * the kernel writes entirely are allocated with {@link Tensor#empty} (no zeroing pass in step
 * memory); {@code EmptyOutputsTest} runs each such op on NaN-filled memory.
 *
 * <p><b>Outputs</b>, checked on every write path before any kernel runs, the same on every
 * backend:
 * <ul>
 * <li>An output must be writable: a view of a read-only mapping (a {@code SafetensorsFile}
 *     tensor) or of a read-only segment is refused with an {@link IllegalArgumentException}
 *     naming the op, the argument and its shape.
 * <li>Overlap between an output and an input: <em>elementwise ops</em> ({@link #binaryInto},
 *     {@link #eltwiseInto}) may write exactly over an input of the output's shape (in place, as
 *     PyTorch's {@code add_}); an output that partly overlaps an input (a shifted or broadcast
 *     view of it) is refused, as PyTorch refuses it. <em>Ops that read many input elements per
 *     output element</em> ({@link #matmulInto}, {@link #conv2dInto}, {@link #maxPool2dInto},
 *     {@link #avgPool2dInto}, {@link #batchNorm2dInferenceInto}, {@link #copyInto}) accept any
 *     overlap and compute through a temporary, so {@code matmulInto(a, a, a)} gives
 *     {@code a @ a}; the temporary is allocated only when the memory overlaps. <em>Ops with
 *     several outputs</em> (the recurrent ones, batch norm's running statistics) refuse any
 *     overlap between an output and another output or an input. A strided input that is
 *     copied to make it contiguous never overlaps (the copy is read).
 * </ul>
 *
 * <p><b>NaN and infinities</b> propagate as in PyTorch on every backend: an op whose result
 * depends on a NaN input is NaN ({@code relu(NaN)}, {@code max} over a window or an axis that
 * holds a NaN, {@code maximum(NaN, x)}), and IEEE arithmetic gives the rest ({@code relu(inf)
 * = inf}, {@code sigmoid(-inf) = 0}, {@code 0 * inf = NaN} in a matmul).
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
        Tensor c = Tensor.empty(cShape);
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
        Outputs.writable("matmul", "c", c);
        Tensor da = dense("matmul", a), db = dense("matmul", b);
        Backend backend = backend();
        if (Outputs.overlaps(c, da) || Outputs.overlaps(c, db)) {
            Outputs.staged(backend, c, beta != 0f, t -> backend.matmul(da, transA, db, transB, t, alpha, beta));
        } else {
            backend.matmul(da, transA, db, transB, c, alpha, beta);
        }
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

    // ---- recurrent (RNN, LSTM, GRU) ----------------------------------------------------------

    /**
     * What a recurrent forward returns: the last layer's output at every step [seq, batch,
     * directions * hidden], the final states hN and cN (null unless LSTM) [layers * directions,
     * batch, hidden], and, after a training forward, the workspace its backward needs (null after
     * inference) and the backend that filled it.
     */
    public record RnnResult(Tensor dst, Tensor hN, Tensor cN, Tensor workspace, Backend backend) {}

    /** What a recurrent backward returns; {@code diffC0} is null unless LSTM. */
    public record RnnGrads(Tensor diffSrc, Tensor diffH0, Tensor diffC0, RnnWeights diffWeights) {}

    /**
     * Runs a recurrent stack (see {@link RnnParams} for the shapes, {@link RnnWeights} for the
     * PyTorch weight layout) over {@code src}. {@code h0} and {@code c0} may be null (zeros);
     * {@code c0} must be null unless LSTM. With {@code training}, keeps what {@link #rnnBackward} needs.
     * A backend may keep a converted copy of the weights per holder; it is checked against the
     * tensors on every call, so they may be changed in place between calls.
     */
    public static RnnResult rnn(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w, boolean training) {
        RnnChecks.inputs("rnn", p, src, h0, c0, w);
        Backend backend = backend();
        boolean lstm = p.kind().hasCellState();
        Tensor h = h0 != null ? h0 : Tensor.zeros(p.stateShape());
        Tensor c = !lstm ? null : c0 != null ? c0 : Tensor.zeros(p.stateShape());
        Tensor dst = Tensor.zeros(p.dstShape());
        Tensor hN = Tensor.zeros(p.stateShape());
        Tensor cN = lstm ? Tensor.zeros(p.stateShape()) : null;
        Tensor ws = training ? Tensor.zeros(Math.toIntExact(backend.rnnWorkspaceSize(p))) : null;
        backend.rnnForward(p, src, h, c, w, dst, hN, cN, ws);
        return new RnnResult(dst, hN, cN, ws, backend);
    }

    /**
     * Inference into preallocated outputs: {@code dst}, {@code hN} and (LSTM) {@code cN} of the
     * shapes {@link RnnParams} gives; h0 and c0 are required here. Allocates nothing when the
     * arguments are valid.
     */
    public static void rnnInto(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                               Tensor dst, Tensor hN, Tensor cN) {
        rnnInto(p, src, h0, c0, w, dst, hN, cN, null);
    }

    /**
     * {@link #rnnInto} that also fills {@code workspace} (from {@link #rnnWorkspace}, or null for
     * inference) for {@link #rnnBackwardInto}: a training loop that reuses its buffers allocates
     * nothing per step. The workspace must come from the current backend.
     */
    public static void rnnInto(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                               Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        RnnChecks.inputs("rnn", p, src, h0, c0, w);
        Backend backend = backend();
        RnnChecks.states("rnn", p, "h0", h0, "c0", c0);
        RnnChecks.tensor("rnn", "dst", dst, p.dstShape(), false);
        RnnChecks.states("rnn", p, "hN", hN, "cN", cN);
        if (workspace != null) {
            RnnChecks.tensor("rnn", "workspace", workspace, workspaceShape(backend, p), false);
        }
        RnnChecks.outputs("rnn", new String[] {"dst", "hN", "cN", "workspace"}, new Tensor[] {dst, hN, cN, workspace},
                RnnChecks.read(src, h0, c0, w));
        backend.rnnForward(p, src, h0, c0, w, dst, hN, cN, workspace);
    }

    /** A workspace for training forwards of {@code p} on the current backend (its size is the backend's). */
    public static Tensor rnnWorkspace(RnnParams p) {
        if (p == null) {
            throw new IllegalArgumentException("rnn: params are null");
        }
        return Tensor.zeros(workspaceShape(backend(), p));
    }

    private static int[] workspaceShape(Backend backend, RnnParams p) {
        return new int[] {Math.toIntExact(backend.rnnWorkspaceSize(p))};
    }

    /**
     * Gradients of a training {@link #rnn} call, given the same inputs, its result, and the
     * gradients of its outputs ({@code diffDst}, {@code diffHN}, {@code diffCN}; any may be null:
     * zeros). Runs on the backend that ran the forward, which must be the current one; once per
     * forward (the workspace may be consumed).
     */
    public static RnnGrads rnnBackward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w, RnnResult fwd,
                                       Tensor diffDst, Tensor diffHN, Tensor diffCN) {
        String op = "rnn backward";
        RnnChecks.inputs(op, p, src, h0, c0, w);
        if (fwd == null || fwd.workspace() == null) {
            throw new IllegalArgumentException(op + ": needs the result of a training forward (rnn(..., training=true))");
        }
        Backend backend = backend();
        if (fwd.backend() != backend) {
            throw new IllegalStateException(op + ": the forward ran on backend " + fwd.backend().name()
                    + ", the current one is " + backend.name() + "; its workspace means nothing here");
        }
        RnnChecks.tensor(op, "diffDst", diffDst, p.dstShape(), true);
        RnnChecks.tensor(op, "diffHN", diffHN, p.stateShape(), true);
        RnnChecks.cellState(op, p, "diffCN", diffCN);
        boolean lstm = p.kind().hasCellState();
        Tensor h = h0 != null ? h0 : Tensor.zeros(p.stateShape());
        Tensor c = !lstm ? null : c0 != null ? c0 : Tensor.zeros(p.stateShape());
        Tensor dDst = diffDst != null ? diffDst : Tensor.zeros(p.dstShape());
        Tensor dHN = diffHN != null ? diffHN : Tensor.zeros(p.stateShape());
        Tensor dCN = !lstm ? null : diffCN != null ? diffCN : Tensor.zeros(p.stateShape());
        RnnGrads g = new RnnGrads(Tensor.zeros(p.srcShape()), Tensor.zeros(p.stateShape()),
                lstm ? Tensor.zeros(p.stateShape()) : null, RnnWeights.zeros(p));
        rnnBackwardInto(p, src, h, c, w, fwd.dst(), fwd.hN(), fwd.cN(), fwd.workspace(), dDst, dHN, dCN, g);
        return g;
    }

    /**
     * {@link #rnnBackward} with every tensor given (h0, c0, diffHN and diffCN too; c ones only for
     * the LSTM): the forward's inputs, outputs and workspace from {@link #rnnInto}, and the
     * gradients to write, preallocated. Allocates nothing when the arguments are valid.
     */
    public static void rnnBackwardInto(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                                       Tensor dst, Tensor hN, Tensor cN, Tensor workspace,
                                       Tensor diffDst, Tensor diffHN, Tensor diffCN, RnnGrads grads) {
        String op = "rnn backward";
        RnnChecks.inputs(op, p, src, h0, c0, w);
        Backend backend = backend();
        RnnChecks.states(op, p, "h0", h0, "c0", c0);
        RnnChecks.tensor(op, "dst", dst, p.dstShape(), false);
        RnnChecks.states(op, p, "hN", hN, "cN", cN);
        RnnChecks.tensor(op, "workspace", workspace, workspaceShape(backend, p), false);
        RnnChecks.tensor(op, "diffDst", diffDst, p.dstShape(), false);
        RnnChecks.states(op, p, "diffHN", diffHN, "diffCN", diffCN);
        if (grads == null || grads.diffWeights() == null) {
            throw new IllegalArgumentException(op + ": gradients to write are null");
        }
        RnnChecks.tensor(op, "diffSrc", grads.diffSrc(), p.srcShape(), false);
        RnnChecks.states(op, p, "diffH0", grads.diffH0(), "diffC0", grads.diffC0());
        grads.diffWeights().check(op, p);
        RnnChecks.backwardOutputs(op, grads, workspace, RnnChecks.read(src, h0, c0, w), dst, hN, cN, diffDst, diffHN, diffCN);
        backend.rnnBackward(p, src, h0, c0, w, dst, hN, cN, workspace, diffDst, diffHN, diffCN,
                grads.diffSrc(), grads.diffH0(), grads.diffC0(), grads.diffWeights());
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
        Tensor dst = Tensor.empty(shape);
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
        Outputs.writable(name, "dst", dst);
        Tensor pa = padded(name, a, shape.length), pb = padded(name, b, shape.length);
        Outputs.inPlaceOnly(name, "dst", dst, "a", pa);
        Outputs.inPlaceOnly(name, "dst", dst, "b", pb);
        backend().binary(op, pa, pb, dst);
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
        Tensor dst = Tensor.empty(src.shape());
        backend().eltwise(op, alpha, beta, src, dst);
        return dst;
    }

    /** {@code dst = f(src)} into a preallocated tensor of the same shape (may be {@code src}). */
    public static void eltwiseInto(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
        String name = opName(op);
        Tensor s = dense(name, src);
        checkOut(name, dst, s.shape());
        Outputs.writable(name, "dst", dst);
        Outputs.inPlaceOnly(name, "dst", dst, "src", s);
        backend().eltwise(op, alpha, beta, s, dst);
    }

    /** {@code diffDst * f'(src)}. */
    public static Tensor eltwiseBackward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor diffDst) {
        String name = opName(op) + " backward";
        Tensor s = dense(name, src);
        Tensor dd = dense(name, diffDst);
        sameShape(name, s, dd);
        Tensor diffSrc = Tensor.empty(s.shape());
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
        Tensor dst = Tensor.empty(src.shape());
        backend().softmax(src, dst, log);
        return dst;
    }

    /** Gradient of softmax / log-softmax from its output {@code dst}. */
    public static Tensor softmaxBackward(Tensor dst, Tensor diffDst, boolean log) {
        String name = (log ? "logSoftmax" : "softmax") + " backward";
        Tensor d = dense(name, dst);
        Tensor dd = dense(name, diffDst);
        sameShape(name, d, dd);
        Tensor diffSrc = Tensor.empty(d.shape());
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
        Tensor dst = Tensor.empty(src.shape());
        Tensor mean = Tensor.empty(rows);
        Tensor rstd = Tensor.empty(rows);
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
        Tensor out = Tensor.empty(shape);
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
     * {@code dst} of the same shape. When they share memory ({@code copyInto(x.transpose(0, 1), x)})
     * the copy goes through a temporary, so {@code dst} gets {@code src}'s values as they were.
     */
    public static void copyInto(Tensor src, Tensor dst) {
        if (src == null) {
            throw new IllegalArgumentException("copy: source tensor is null");
        }
        src.checkAccess("copy");
        checkOut("copy", dst, src.shape());
        Outputs.writable("copy", "dst", dst);
        Backend backend = backend();
        if (Outputs.overlaps(dst, src)) {
            Outputs.staged(backend, dst, false, t -> backend.copy(src, t));
        } else {
            backend.copy(src, dst);
        }
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

    /** {@code ADD} -> {@code "add"}, {@code SOFT_RELU} -> {@code "soft relu"}: made once per enum, not per op call. */
    private static String opName(Enum<?> op) {
        return OP_NAMES.get(op.getDeclaringClass())[op.ordinal()];
    }

    private static final ClassValue<String[]> OP_NAMES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] values = type.getEnumConstants();
            String[] names = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                names[i] = ((Enum<?>) values[i]).name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            }
            return names;
        }
    };

    // ---- convolution / pooling / batch norm (NCHW) -----------------------------------------

    /** 2-D convolution of {@code x} [N,IC,H,W] with {@code w} [OC,IC/groups,KH,KW] and {@code b} [OC] or null. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, Conv2dParams p) {
        Tensor src = dense("conv2d", x), weights = dense("conv2d", w);
        int[] shape = conv2dShape("conv2d", src, weights, b, p);
        Tensor dst = Tensor.empty(shape);
        backend().conv2d(src, weights, b == null ? null : dense("conv2d", b), dst, p);
        return dst;
    }

    /**
     * {@link #conv2d} into a preallocated, contiguous {@code dst} [N,OC,OH,OW]. Allocates nothing
     * when the arguments are valid and contiguous (an inference hot path).
     */
    public static void conv2dInto(Tensor x, Tensor w, Tensor b, Tensor dst, Conv2dParams p) {
        Tensor src = dense("conv2d", x), weights = dense("conv2d", w), bias = b == null ? null : dense("conv2d", b);
        if (!conv2dFits(src, weights, bias, dst, p)) {
            checkOut("conv2d", dst, conv2dShape("conv2d", src, weights, bias, p)); // throws, naming what is wrong
        }
        Outputs.writable("conv2d", "dst", dst);
        Backend backend = backend();
        if (Outputs.overlaps(dst, src) || Outputs.overlaps(dst, weights) || Outputs.overlaps(dst, bias)) {
            Outputs.staged(backend, dst, false, t -> backend.conv2d(src, weights, bias, t, p));
        } else {
            backend.conv2d(src, weights, bias, dst, p);
        }
    }

    /** The common case of {@link #conv2dInto}'s checks, without allocating; false sends it to the full checks. */
    private static boolean conv2dFits(Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p) {
        if (p == null || dst == null || src.rank() != 4 || weights.rank() != 4 || dst.rank() != 4) {
            return false;
        }
        dst.checkAccess("conv2d");
        int g = p.groups(), ic = src.dim(1), oc = weights.dim(0);
        if (ic == 0 || src.dim(2) == 0 || src.dim(3) == 0 || ic % g != 0 || oc % g != 0 || weights.dim(1) != ic / g
                || oc == 0 || weights.dim(2) == 0 || weights.dim(3) == 0 || (bias != null && (bias.rank() != 1 || bias.dim(0) != oc))) {
            return false;
        }
        int oh = p.outH(src.dim(2), weights.dim(2)), ow = p.outW(src.dim(3), weights.dim(3));
        return oh >= 1 && ow >= 1 && dst.dim(0) == src.dim(0) && dst.dim(1) == oc && dst.dim(2) == oh && dst.dim(3) == ow
                && dst.isContiguous();
    }

    /** Gradient of {@link #conv2d} with respect to its input, of shape {@code srcShape} [N,IC,H,W]. */
    public static Tensor conv2dBackwardData(Tensor diffDst, Tensor w, int[] srcShape, Conv2dParams p) {
        String name = "conv2d backward data";
        Tensor dd = dense(name, diffDst), weights = dense(name, w);
        int[] src = Shapes.checkShape(name, srcShape);
        checkConvGrad(name, src, weights.shape(), dd, p);
        Tensor diffSrc = Tensor.zeros(src);
        backend().conv2dBackwardData(dd, weights, diffSrc, p);
        return diffSrc;
    }

    /** What {@link #conv2dBackwardWeights} returns; {@code diffBias} is null when not asked for. */
    public record Conv2dWeightGrads(Tensor diffWeights, Tensor diffBias) {}

    /** Gradients of {@link #conv2d} with respect to weights of shape {@code weightShape} and, when {@code bias}, the bias. */
    public static Conv2dWeightGrads conv2dBackwardWeights(Tensor x, Tensor diffDst, int[] weightShape, boolean bias,
                                                         Conv2dParams p) {
        String name = "conv2d backward weights";
        Tensor src = dense(name, x), dd = dense(name, diffDst);
        int[] ws = Shapes.checkShape(name, weightShape);
        checkConvGrad(name, src.shape(), ws, dd, p);
        Tensor dw = Tensor.zeros(ws);
        Tensor db = bias ? Tensor.zeros(ws[0]) : null;
        backend().conv2dBackwardWeights(src, dd, dw, db, p);
        return new Conv2dWeightGrads(dw, db);
    }

    private static int[] conv2dShape(String name, Tensor src, Tensor weights, Tensor bias, Conv2dParams p) {
        checkConv(name, src.shape(), weights.shape(), p);
        if (bias != null) {
            bias.checkAccess(name);
            if (bias.rank() != 1) {
                throw mismatch(name, weights, bias, "bias must be [OC]");
            }
        }
        return ConvShapes.conv2dOut(name, src.shape(), weights.shape(), bias == null ? -1 : bias.dim(0), p);
    }

    private static void checkConv(String name, int[] src, int[] weights, Conv2dParams p) {
        if (p == null) {
            throw new IllegalArgumentException(name + ": Conv2dParams is null");
        }
        if (src.length != 4 || weights.length != 4) {
            throw new IllegalArgumentException("shape mismatch in " + name + ": src " + Shapes.str(src) + " and weights "
                    + Shapes.str(weights) + " must be NCHW and [OC, IC/groups, KH, KW]");
        }
        if (src[1] == 0 || src[2] == 0 || src[3] == 0) {
            throw new IllegalArgumentException(name + ": src " + Shapes.str(src) + " has no channels or no pixels");
        }
    }

    private static void checkConvGrad(String name, int[] src, int[] weights, Tensor diffDst, Conv2dParams p) {
        checkConv(name, src, weights, p);
        int[] out = ConvShapes.conv2dOut(name, src, weights, -1, p);
        if (!Arrays.equals(diffDst.shape(), out)) {
            throw new IllegalArgumentException("shape mismatch in " + name + ": diffDst is " + Shapes.str(diffDst.shape())
                    + ", the convolution of src " + Shapes.str(src) + " with weights " + Shapes.str(weights) + " gives "
                    + Shapes.str(out));
        }
    }

    /** What max pooling returns: the output and the argmax of each window ({@code h * W + w} in its plane). */
    public record MaxPoolResult(Tensor dst, Tensor indices) {}

    /** Max pooling of {@code x} [N,C,H,W], with the indices its backward needs. */
    public static MaxPoolResult maxPool2d(Tensor x, Pool2dParams p) {
        Tensor src = dense("maxPool2d", x);
        int[] shape = poolShape("maxPool2d", src.shape(), p, true);
        Tensor dst = Tensor.empty(shape), indices = Tensor.zeros(shape);
        backend().maxPool2d(src, dst, indices, p);
        return new MaxPoolResult(dst, indices);
    }

    /** Max pooling into a preallocated {@code dst}, without indices (inference). */
    public static void maxPool2dInto(Tensor x, Tensor dst, Pool2dParams p) {
        Tensor src = dense("maxPool2d", x);
        checkOut("maxPool2d", dst, poolShape("maxPool2d", src.shape(), p, true));
        Outputs.writable("maxPool2d", "dst", dst);
        Backend backend = backend();
        if (Outputs.overlaps(dst, src)) {
            Outputs.staged(backend, dst, false, t -> backend.maxPool2d(src, t, null, p));
        } else {
            backend.maxPool2d(src, dst, null, p);
        }
    }

    /** Gradient of {@link #maxPool2d}: a tensor of {@code srcShape} from diffDst and the forward's indices. */
    public static Tensor maxPool2dBackward(Tensor diffDst, Tensor indices, int[] srcShape, Pool2dParams p) {
        String name = "maxPool2d backward";
        Tensor dd = dense(name, diffDst), idx = dense(name, indices);
        int[] src = Shapes.checkShape(name, srcShape);
        checkPoolGrad(name, src, dd, p, true);
        sameShape(name, dd, idx);
        Tensor diffSrc = Tensor.zeros(src);
        backend().maxPool2dBackward(dd, idx, diffSrc, p);
        return diffSrc;
    }

    /** Average pooling of {@code x} [N,C,H,W]; padded zeros count in the divisor when {@code countIncludePad}. */
    public static Tensor avgPool2d(Tensor x, Pool2dParams p, boolean countIncludePad) {
        Tensor src = dense("avgPool2d", x);
        Tensor dst = Tensor.empty(poolShape("avgPool2d", src.shape(), p, false));
        backend().avgPool2d(src, dst, p, countIncludePad);
        return dst;
    }

    /** {@link #avgPool2d} into a preallocated {@code dst}. */
    public static void avgPool2dInto(Tensor x, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        Tensor src = dense("avgPool2d", x);
        checkOut("avgPool2d", dst, poolShape("avgPool2d", src.shape(), p, false));
        Outputs.writable("avgPool2d", "dst", dst);
        Backend backend = backend();
        if (Outputs.overlaps(dst, src)) {
            Outputs.staged(backend, dst, false, t -> backend.avgPool2d(src, t, p, countIncludePad));
        } else {
            backend.avgPool2d(src, dst, p, countIncludePad);
        }
    }

    /** Gradient of {@link #avgPool2d}: a tensor of {@code srcShape}. */
    public static Tensor avgPool2dBackward(Tensor diffDst, int[] srcShape, Pool2dParams p, boolean countIncludePad) {
        String name = "avgPool2d backward";
        Tensor dd = dense(name, diffDst);
        int[] src = Shapes.checkShape(name, srcShape);
        checkPoolGrad(name, src, dd, p, false);
        Tensor diffSrc = Tensor.zeros(src);
        backend().avgPool2dBackward(dd, diffSrc, p, countIncludePad);
        return diffSrc;
    }

    private static int[] poolShape(String name, int[] src, Pool2dParams p, boolean max) {
        if (p == null) {
            throw new IllegalArgumentException(name + ": Pool2dParams is null");
        }
        if (src.length != 4) {
            throw new IllegalArgumentException(name + ": src must be NCHW (rank 4), got " + Shapes.str(src));
        }
        if (src[1] == 0 || src[2] == 0 || src[3] == 0) {
            throw new IllegalArgumentException(name + ": src " + Shapes.str(src) + " has no channels or no pixels");
        }
        if (max && (long) src[2] * src[3] > ConvShapes.MAX_POOL_PLANE) {
            throw new IllegalArgumentException(name + ": planes of " + src[2] + "x" + src[3] + " are too large for float indices"
                    + " (at most 2^24 elements)");
        }
        return ConvShapes.pool2dOut(name, src, p);
    }

    private static void checkPoolGrad(String name, int[] src, Tensor diffDst, Pool2dParams p, boolean max) {
        int[] out = poolShape(name, src, p, max);
        if (!Arrays.equals(diffDst.shape(), out)) {
            throw new IllegalArgumentException("shape mismatch in " + name + ": diffDst is " + Shapes.str(diffDst.shape())
                    + ", pooling src " + Shapes.str(src) + " with " + p + " gives " + Shapes.str(out));
        }
    }

    /** What training-mode batch norm returns: the output and the batch statistics its backward needs. */
    public record BatchNormResult(Tensor dst, Tensor mean, Tensor variance) {}

    /** What batch norm's backward returns; {@code diffGamma}/{@code diffBeta} null without gamma. */
    public record BatchNormGrads(Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {}

    /**
     * Training-mode batch normalization of {@code x} [N,C,H,W] with batch statistics (the mean
     * and the biased variance over N, H, W, returned for the backward). When {@code runningMean}
     * and {@code runningVar} ([C]) are given they are updated in place as PyTorch does:
     * {@code running = (1 - momentum) * running + momentum * batch}, with the unbiased variance.
     */
    public static BatchNormResult batchNorm2dTraining(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                                      Tensor runningVar, float momentum, float eps) {
        String name = "batchNorm2d";
        Tensor src = dense(name, x), g = denseOrNull(name, gamma), b = denseOrNull(name, beta);
        int c = checkBatchNorm(name, src, g, b, eps);
        long count = (long) src.dim(0) * src.dim(2) * src.dim(3);
        if (count < 2) {
            throw new IllegalArgumentException(name + ": training needs more than one value per channel, got src "
                    + Shapes.str(src.shape()));
        }
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(name + ": give both running statistics or neither");
        }
        ConvShapes.channelVector(name, "runningMean", runningMean, c, true);
        ConvShapes.channelVector(name, "runningVar", runningVar, c, true);
        Outputs.writable(name, "runningMean", runningMean);
        Outputs.writable(name, "runningVar", runningVar);
        Outputs.disjoint(name, new String[] {"runningMean", "runningVar"}, new Tensor[] {runningMean, runningVar},
                new String[0], new Tensor[0]);
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException(name + ": momentum must be in [0, 1], got " + momentum);
        }
        Tensor dst = Tensor.empty(src.shape()), mean = Tensor.empty(c), variance = Tensor.empty(c);
        backend().batchNorm2d(src, g, b, mean, variance, eps, true, dst);
        if (runningMean != null) {
            RunningStats.update(runningMean, runningVar, mean, variance, momentum, count);
        }
        return new BatchNormResult(dst, mean, variance);
    }

    /** Inference-mode batch normalization of {@code x} [N,C,H,W] with given statistics {@code mean}, {@code variance} [C]. */
    public static Tensor batchNorm2dInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps) {
        Tensor src = dense("batchNorm2d", x);
        Tensor dst = Tensor.empty(src.shape());
        batchNorm2dInferenceInto(src, gamma, beta, mean, variance, eps, dst);
        return dst;
    }

    /** {@link #batchNorm2dInference} into a preallocated {@code dst} (which may overlap {@code x}: staged). */
    public static void batchNorm2dInferenceInto(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps,
                                                Tensor dst) {
        String name = "batchNorm2d";
        Tensor src = dense(name, x), g = denseOrNull(name, gamma), b = denseOrNull(name, beta);
        int c = checkBatchNorm(name, src, g, b, eps);
        Tensor m = denseOrNull(name, mean), v = denseOrNull(name, variance);
        ConvShapes.channelVector(name, "mean", m, c, false);
        ConvShapes.channelVector(name, "variance", v, c, false);
        checkOut(name, dst, src.shape());
        Outputs.writable(name, "dst", dst);
        Backend backend = backend();
        if (Outputs.overlaps(dst, src) || Outputs.overlaps(dst, g) || Outputs.overlaps(dst, b) || Outputs.overlaps(dst, m)
                || Outputs.overlaps(dst, v)) {
            Outputs.staged(backend, dst, false, t -> backend.batchNorm2d(src, g, b, m, v, eps, false, t));
        } else {
            backend.batchNorm2d(src, g, b, m, v, eps, false, dst);
        }
    }

    /** Gradients of training-mode batch norm from the batch {@code mean} and {@code variance} its forward returned. */
    public static BatchNormGrads batchNorm2dBackward(Tensor x, Tensor diffDst, Tensor gamma, Tensor mean, Tensor variance,
                                                    float eps) {
        String name = "batchNorm2d backward";
        Tensor src = dense(name, x), dd = dense(name, diffDst), g = denseOrNull(name, gamma);
        sameShape(name, src, dd);
        int c = checkBatchNorm(name, src, g, null, eps);
        Tensor m = denseOrNull(name, mean), v = denseOrNull(name, variance);
        ConvShapes.channelVector(name, "mean", m, c, false);
        ConvShapes.channelVector(name, "variance", v, c, false);
        Tensor diffSrc = Tensor.empty(src.shape());
        Tensor dg = g == null ? null : Tensor.empty(c), db = g == null ? null : Tensor.empty(c);
        backend().batchNorm2dBackward(src, dd, g, m, v, eps, diffSrc, dg, db);
        return new BatchNormGrads(diffSrc, dg, db);
    }

    /** A per-channel vector made contiguous (a copy only for a view), or null. */
    private static Tensor denseOrNull(String op, Tensor t) {
        return t == null ? null : dense(op, t);
    }

    private static int checkBatchNorm(String name, Tensor src, Tensor gamma, Tensor beta, float eps) {
        ConvShapes.nchw(name, "src", src);
        if (!(eps > 0) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException(name + ": eps must be finite and positive, got " + eps);
        }
        int c = src.dim(1);
        if (c == 0) {
            throw new IllegalArgumentException(name + ": src " + Shapes.str(src.shape()) + " has no channels");
        }
        ConvShapes.channelVector(name, "gamma", gamma, c, true);
        ConvShapes.channelVector(name, "beta", beta, c, true);
        return c;
    }
}
