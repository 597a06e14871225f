package dev.gatun.autograd;

import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The differentiable functions: each runs its forward with {@link Ops} (results in the current
 * scope, on the current backend) and records a backward closure that keeps only what the
 * gradient needs. The comment above each closure quotes the forward line it differentiates.
 *
 * <pre>{@code
 * Var h = F.relu(F.linear(x, w1, b1));
 * Var loss = F.mean(F.square(F.sub(F.linear(h, w2, b2), y)));
 * loss.backward();
 * }</pre>
 *
 * Binary ops broadcast like NumPy; their gradients are summed back to each input's shape.
 */
public final class F {
    private F() {}

    // ---- matmul and linear -----------------------------------------------------------------

    /** {@code a @ b}: [M,K] x [K,N], or batched [B,M,K] x [B,K,N] (a rank-2 side is shared). */
    public static Var matmul(Var a, Var b) {
        return matmul(a, false, b, false);
    }

    /** {@code op(a) @ op(b)}, where op transposes the last two axes when its flag is set. */
    public static Var matmul(Var a, boolean transA, Var b, boolean transB) {
        DataType precision = Autocast.current();
        Tensor av = a.value().to(precision), bv = b.value().to(precision); // the operands as the products read them
        int aRank = av.rank(), bRank = bv.rank();
        // c = op(a) @ op(b)
        Tensor c = Ops.matmul(av, transA, bv, transB);
        return Var.result("matmul", c, dcFull -> {
            Tensor dc = dcFull.to(precision);
            Tensor da = null, db = null;
            if (a.requiresGrad()) {
                // d op(a) = dc @ op(b)^T; when a is stored transposed, da = op(b) @ dc^T
                da = transA ? Ops.matmul(bv, transB, dc, true) : Ops.matmul(dc, false, bv, !transB);
                da = sumSharedBatch(da, aRank);
            }
            if (b.requiresGrad()) {
                // d op(b) = op(a)^T @ dc; when b is stored transposed, db = dc^T @ op(a)
                db = transB ? Ops.matmul(dc, true, av, transA) : Ops.matmul(av, !transA, dc, false);
                db = sumSharedBatch(db, bRank);
            }
            return new Tensor[] {da, db};
        }, a, b);
    }

    /** A rank-2 operand shared by every batch entry gets the sum of the per-batch gradients. */
    private static Tensor sumSharedBatch(Tensor grad, int operandRank) {
        return grad.rank() == 3 && operandRank == 2 ? Ops.sum(grad, false, 0) : grad;
    }

    /**
     * {@code x W^T + b} in PyTorch's layout: x [..., in], W [out, in], b [out] or null;
     * the result is [..., out].
     */
    public static Var linear(Var x, Var w, Var b) {
        Tensor xv = x.value(), wv = w.value();
        if (wv.rank() != 2 || xv.rank() < 1 || xv.dim(-1) != wv.dim(1)
                || (b != null && (b.rank() != 1 || b.dim(0) != wv.dim(0)))) {
            throw new IllegalArgumentException("shape mismatch in linear: x " + Shapes.str(xv.shape()) + ", weight "
                    + Shapes.str(wv.shape()) + (b == null ? "" : ", bias " + Shapes.str(b.shape()))
                    + " (expected x [..., in], weight [out, in], bias [out])");
        }
        int in = wv.dim(1), out = wv.dim(0);
        int[] outShape = xv.shape();
        outShape[outShape.length - 1] = out;
        DataType precision = Autocast.current();
        Tensor x2 = xv.reshape(-1, in).to(precision); // [N, in], N = all leading dims, as the products read it
        Tensor wp = wv.to(precision);
        // y = x @ W^T
        Tensor y = Ops.matmul(x2, false, wp, true);
        if (b != null) {
            // y += b (broadcast over rows)
            Ops.binaryInto(BinaryOp.ADD, y, b.value(), y);
        }
        Tensor result = y.reshape(outShape);
        return Var.result("linear", result, dy -> {
            Tensor dy2 = dy.reshape(-1, out); // [N, out]
            Tensor dyp = dy2.to(precision);
            Tensor dx = x.requiresGrad() ? Ops.matmul(dyp, wp).reshape(xv.shape()) : null; // dx = dy @ W
            Tensor dw = w.requiresGrad() ? Ops.matmul(dyp, true, x2, false) : null; // dW = dy^T @ x
            Tensor db = b != null && b.requiresGrad() ? Ops.sum(dy2, false, 0) : null; // db = sum over rows of dy
            return new Tensor[] {dx, dw, db};
        }, x, w, b);
    }

    // ---- broadcasting binary ops -----------------------------------------------------------

    /** {@code a + b} with broadcasting. */
    public static Var add(Var a, Var b) {
        Tensor c = Ops.add(a.value(), b.value());
        int[] as = a.shape(), bs = b.shape();
        // c = a + b: dc/da = dc/db = 1
        return Var.result("add", c, g -> new Tensor[] {
            a.requiresGrad() ? Ops.sumTo(g, as) : null,
            b.requiresGrad() ? Ops.sumTo(g, bs) : null}, a, b);
    }

    /** {@code a - b} with broadcasting. */
    public static Var sub(Var a, Var b) {
        Tensor c = Ops.sub(a.value(), b.value());
        int[] as = a.shape(), bs = b.shape();
        // c = a - b: dc/da = 1, dc/db = -1
        return Var.result("sub", c, g -> new Tensor[] {
            a.requiresGrad() ? Ops.sumTo(g, as) : null,
            b.requiresGrad() ? Ops.sumTo(Ops.mul(g, -1f), bs) : null}, a, b);
    }

    /** {@code a * b} elementwise with broadcasting. */
    public static Var mul(Var a, Var b) {
        Tensor av = a.value(), bv = b.value();
        Tensor c = Ops.mul(av, bv);
        // c = a * b: dc/da = b, dc/db = a
        return Var.result("mul", c, g -> new Tensor[] {
            a.requiresGrad() ? Ops.sumTo(Ops.mul(g, bv), av.shape()) : null,
            b.requiresGrad() ? Ops.sumTo(Ops.mul(g, av), bv.shape()) : null}, a, b);
    }

    /** {@code a / b} elementwise with broadcasting. */
    public static Var div(Var a, Var b) {
        Tensor av = a.value(), bv = b.value();
        Tensor c = Ops.div(av, bv);
        // c = a / b: dc/da = 1/b, dc/db = -a/b^2 = -c/b
        return Var.result("div", c, g -> new Tensor[] {
            a.requiresGrad() ? Ops.sumTo(Ops.div(g, bv), av.shape()) : null,
            b.requiresGrad() ? Ops.sumTo(Ops.mul(Ops.div(Ops.mul(g, c), bv), -1f), bv.shape()) : null}, a, b);
    }

    /** {@code x * c} for a constant c. */
    public static Var mul(Var x, float c) {
        // y = c * x: dy/dx = c
        return Var.result("mul scalar", Ops.mul(x.value(), c), g -> new Tensor[] {Ops.mul(g, c)}, x);
    }

    /** {@code x + c} for a constant c. */
    public static Var add(Var x, float c) {
        // y = x + c: dy/dx = 1
        return Var.result("add scalar", Ops.add(x.value(), c), g -> new Tensor[] {g}, x);
    }

    /** {@code -x}. */
    public static Var neg(Var x) {
        return mul(x, -1f);
    }

    // ---- elementwise activations and functions ---------------------------------------------

    /** Heaviside step (1 where x > 0); its gradient is 0 everywhere. */
    public static Var step(Var x) {
        return eltwise(EltwiseOp.STEP, 0f, 0f, x);
    }

    public static Var sigmoid(Var x) {
        return eltwise(EltwiseOp.SIGMOID, 0f, 0f, x);
    }

    public static Var tanh(Var x) {
        return eltwise(EltwiseOp.TANH, 0f, 0f, x);
    }

    public static Var relu(Var x) {
        return eltwise(EltwiseOp.RELU, 0f, 0f, x);
    }

    /** {@code x > 0 ? x : negativeSlope * x}. */
    public static Var leakyRelu(Var x, float negativeSlope) {
        return eltwise(EltwiseOp.RELU, negativeSlope, 0f, x);
    }

    /** GELU, exact (erf) or PyTorch's tanh approximation. */
    public static Var gelu(Var x, boolean tanhApproximation) {
        return eltwise(tanhApproximation ? EltwiseOp.GELU_TANH : EltwiseOp.GELU_ERF, 0f, 0f, x);
    }

    public static Var exp(Var x) {
        return eltwise(EltwiseOp.EXP, 0f, 0f, x);
    }

    /** Natural logarithm. */
    public static Var log(Var x) {
        return eltwise(EltwiseOp.LOG, 0f, 0f, x);
    }

    public static Var sqrt(Var x) {
        return eltwise(EltwiseOp.SQRT, 0f, 0f, x);
    }

    /** |x|, with gradient sign(x) (0 at 0). */
    public static Var abs(Var x) {
        return eltwise(EltwiseOp.ABS, 0f, 0f, x);
    }

    public static Var square(Var x) {
        return eltwise(EltwiseOp.SQUARE, 0f, 0f, x);
    }

    /** Any elementwise op {@code y = f(x; alpha, beta)}. */
    public static Var eltwise(EltwiseOp op, float alpha, float beta, Var x) {
        Tensor xv = x.value();
        // y = f(x): dx = dy * f'(x), from the forward input
        return Var.result(op.name().toLowerCase(Locale.ROOT), Ops.eltwise(op, alpha, beta, xv),
                g -> new Tensor[] {Ops.eltwiseBackward(op, alpha, beta, xv, g)}, x);
    }

    // ---- softmax ---------------------------------------------------------------------------

    /** Softmax over the last axis. */
    public static Var softmax(Var x) {
        Tensor y = Ops.softmax(x.value());
        // y = softmax(x): dx = y * (dy - sum(dy * y)), from the output
        return Var.result("softmax", y, g -> new Tensor[] {Ops.softmaxBackward(y, g, false)}, x);
    }

    /** Log-softmax over the last axis (stable). */
    public static Var logSoftmax(Var x) {
        Tensor y = Ops.logSoftmax(x.value());
        // y = x - logsumexp(x): dx = dy - exp(y) * sum(dy), from the output
        return Var.result("logSoftmax", y, g -> new Tensor[] {Ops.softmaxBackward(y, g, true)}, x);
    }

    // ---- reductions ------------------------------------------------------------------------

    /** Sum of all elements, as a one-element tensor of shape []. */
    public static Var sum(Var x) {
        return sum(x, false);
    }

    /** Sum over {@code axes} (all when none), keeping them as size 1 when {@code keepDims}. */
    public static Var sum(Var x, boolean keepDims, int... axes) {
        int[] xs = x.shape();
        int[] kept = keptShape(xs, axes);
        // y = sum over axes of x: every x element gets dy of its row
        return Var.result("sum", Ops.sum(x.value(), keepDims, axes),
                g -> new Tensor[] {expand(g, kept, xs)}, x);
    }

    /** Mean of all elements, as a one-element tensor of shape []. */
    public static Var mean(Var x) {
        return mean(x, false);
    }

    /** Mean over {@code axes} (all when none), keeping them as size 1 when {@code keepDims}. */
    public static Var mean(Var x, boolean keepDims, int... axes) {
        int[] xs = x.shape();
        int[] kept = keptShape(xs, axes);
        float inv = 1f / (float) (Shapes.numel(xs) / Math.max(1, Shapes.numel(kept)));
        // y = sum over axes of x / n: every x element gets dy / n
        return Var.result("mean", Ops.mean(x.value(), keepDims, axes),
                g -> new Tensor[] {Ops.mul(expand(g, kept, xs), inv)}, x);
    }

    /**
     * Maximum over one axis. The gradient goes to the maximal elements (found with a
     * {@code x >= max} mask), shared equally among ties.
     */
    public static Var max(Var x, int axis, boolean keepDims) {
        Tensor xv = x.value();
        int a = Shapes.axis("max", axis, xv.rank());
        Tensor m = Ops.max(xv, true, a); // keep dims so it broadcasts against x
        int[] kept = m.shape();
        Tensor y = keepDims ? m : m.reshape(dropAxis(kept, a));
        return Var.result("max", y, g -> {
            // y = max_a x: dx = dy * [x == max] / (number of ties)
            Tensor mask = Ops.binary(BinaryOp.GE, xv, m);
            Tensor ties = Ops.sum(mask, true, a);
            Tensor share = Ops.div(g.reshape(kept), ties);
            return new Tensor[] {Ops.mul(mask, share)};
        }, x);
    }

    private static int[] dropAxis(int[] shape, int axis) {
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                s[j++] = shape[i];
            }
        }
        return s;
    }

    private static int[] keptShape(int[] shape, int[] axes) {
        int[] kept = shape.clone();
        if (axes.length == 0) {
            Arrays.fill(kept, 1);
        }
        for (int a : axes) {
            kept[Shapes.axis("reduce", a, shape.length)] = 1;
        }
        return kept;
    }

    /** The gradient of a reduction, copied back over the reduced axes. */
    private static Tensor expand(Tensor g, int[] kept, int[] full) {
        return g.reshape(kept).broadcastTo(full).copy();
    }

    // ---- layout ----------------------------------------------------------------------------

    /** Same elements, new shape (one dim may be -1). */
    public static Var reshape(Var x, int... shape) {
        int[] xs = x.shape();
        // y = x viewed as shape: dx = dy viewed as x's shape
        return Var.result("reshape", x.value().reshape(shape), g -> new Tensor[] {g.reshape(xs)}, x);
    }

    /** Swaps two axes (a contiguous copy). */
    public static Var transpose(Var x, int axis0, int axis1) {
        // y = x with axes swapped: dx = dy with the same axes swapped back
        return Var.result("transpose", Ops.transpose(x.value(), axis0, axis1),
                g -> new Tensor[] {Ops.transpose(g, axis0, axis1)}, x);
    }

    /** Joins values along {@code axis}; other dims must agree. */
    public static Var concat(int axis, Var... parts) {
        Tensor[] values = new Tensor[parts.length];
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].value();
        }
        Tensor y = Ops.concat(axis, values);
        int a = Shapes.axis("concat", axis, y.rank());
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = values[i].dim(a);
        }
        // y = [x0 | x1 | ...] along a: dx_i = the matching slice of dy
        return Var.result("concat", y, g -> Ops.split(g, a, sizes), parts);
    }

    /** Elements {@code [start, end)} along {@code axis} (a contiguous copy). */
    public static Var slice(Var x, int axis, int start, int end) {
        Tensor xv = x.value();
        int a = Shapes.axis("slice", axis, xv.rank());
        Tensor y = xv.slice(a, start, end).copy();
        int[] xs = xv.shape();
        return Var.result("slice", y, g -> {
            // y = x[start:end] along a: dx = zeros before, dy, zeros after
            List<Tensor> pieces = new ArrayList<>(3);
            if (start > 0) {
                pieces.add(Tensor.zeros(withDim(xs, a, start)));
            }
            pieces.add(g);
            if (end < xs[a]) {
                pieces.add(Tensor.zeros(withDim(xs, a, xs[a] - end)));
            }
            return new Tensor[] {pieces.size() == 1 ? g : Ops.concat(a, pieces.toArray(Tensor[]::new))};
        }, x);
    }

    /** Splits {@code x} along {@code axis} into pieces of the given sizes (each a {@link #slice}). */
    public static Var[] split(Var x, int axis, int... sizes) {
        int a = Shapes.axis("split", axis, x.rank());
        long total = 0;
        for (int s : sizes) {
            total += s;
        }
        if (total != x.dim(a)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes)
                    + " do not add up to dim " + a + " of shape " + Shapes.str(x.shape()));
        }
        Var[] out = new Var[sizes.length];
        for (int i = 0, at = 0; i < sizes.length; at += sizes[i], i++) {
            out[i] = slice(x, a, at, at + sizes[i]);
        }
        return out;
    }

    private static int[] withDim(int[] shape, int axis, int size) {
        int[] s = shape.clone();
        s[axis] = size;
        return s;
    }

    // ---- normalization and regularization --------------------------------------------------

    /**
     * Layer normalization over the last axis: {@code (x - mean) * rstd * gamma + beta};
     * {@code gamma} and {@code beta} are [C] or both null.
     */
    public static Var layerNorm(Var x, Var gamma, Var beta, float eps) {
        if ((gamma == null) != (beta == null)) {
            throw new IllegalArgumentException("layerNorm: give both gamma and beta, or neither");
        }
        Tensor xv = x.value();
        Tensor gv = gamma == null ? null : gamma.value();
        Ops.LayerNormResult r = Ops.layerNorm(xv, gv, beta == null ? null : beta.value(), eps);
        return Var.result("layerNorm", r.dst(), g -> {
            // y = (x - mean) * rstd * gamma + beta, from the saved mean and rstd
            Ops.LayerNormGrads d = Ops.layerNormBackward(xv, g, gv, r.mean(), r.rstd());
            return new Tensor[] {d.diffSrc(), d.diffGamma(), d.diffBeta()};
        }, x, gamma, beta);
    }

    /**
     * Inverted dropout: in training, zeroes each element with probability {@code p} (mask drawn
     * from {@code rng}) and scales the survivors by 1/(1-p), so evaluation is the identity.
     */
    public static Var dropout(Var x, float p, Rng rng, boolean training) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
        }
        if (!training || p == 0f) {
            return x;
        }
        float keep = p == 1f ? 0f : 1f / (1f - p);
        float[] m = new float[(int) x.value().numel()];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextFloat() < p ? 0f : keep;
        }
        Tensor mask = Tensor.of(m, x.shape());
        // y = x * mask: dx = dy * mask
        return Var.result("dropout", Ops.mul(x.value(), mask), g -> new Tensor[] {Ops.mul(g, mask)}, x);
    }

    // ---- fused losses ----------------------------------------------------------------------

    /**
     * Softmax cross-entropy of logits [N,C] against target distributions {@code q} [N,C] (one-hot
     * rows, or smoothed ones), scaled: {@code scale * sum_i sum_c -q_ic log softmax(x_i)_c}, a
     * value of shape []. {@code scale} 1/N gives the mean over the batch. One log-softmax forward
     * and one backward instead of a chain of small ops (and no broadcast copy of the gradient).
     */
    public static Var softmaxCrossEntropy(Var logits, Tensor q, float scale) {
        Tensor x = logits.value();
        if (x.rank() != 2 || !x.sameShape(q)) {
            throw new IllegalArgumentException("shape mismatch in softmaxCrossEntropy: logits " + Shapes.str(x.shape())
                    + ", target " + Shapes.str(q.shape()) + " (expected equal shapes [N, C])");
        }
        Tensor logp = Ops.logSoftmax(x);
        // loss = -scale * sum(q * log softmax(x))
        Tensor loss = Ops.mul(Ops.sum(Ops.mul(q, logp), false), -scale);
        return Var.result("softmaxCrossEntropy", loss, g -> {
            // dloss/dlogp = -scale * g * q; through log-softmax: dx = d - exp(logp) * sum_c d
            Tensor d = Ops.mul(q, -scale * g.item());
            return new Tensor[] {Ops.softmaxBackward(logp, d, true)};
        }, logits);
    }

    /**
     * Elementwise binary cross-entropy of {@code target} (in [0, 1]) under {@code sigmoid(logits)},
     * computed stably as {@code max(x,0) - x*y + log(1 + exp(-|x|))}; same shape as the inputs.
     */
    public static Var binaryCrossEntropyWithLogits(Var logits, Tensor target) {
        Tensor x = logits.value();
        if (!x.sameShape(target)) {
            throw new IllegalArgumentException("shape mismatch in binaryCrossEntropyWithLogits: logits "
                    + Shapes.str(x.shape()) + ", target " + Shapes.str(target.shape()));
        }
        Tensor softplus = Ops.log(Ops.add(Ops.exp(Ops.mul(Ops.abs(x), -1f)), 1f)); // log(1 + exp(-|x|))
        Tensor loss = Ops.add(Ops.sub(Ops.relu(x), Ops.mul(x, target)), softplus);
        // loss = max(x,0) - x*y + log(1 + exp(-|x|)): dloss/dx = sigmoid(x) - y (smooth, even at 0)
        return Var.result("binaryCrossEntropyWithLogits", loss,
                g -> new Tensor[] {Ops.mul(g, Ops.sub(Ops.sigmoid(x), target))}, logits);
    }
}
