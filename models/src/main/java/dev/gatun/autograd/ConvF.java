package dev.gatun.autograd;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The differentiable functions of convolutional networks, in the style of {@link F}: each runs
 * its forward with {@link Ops} and records a backward closure that keeps only what the gradient
 * needs (max pooling its indices, batch norm its batch statistics). Tensors are NCHW.
 *
 * <pre>{@code
 * Var h = F.relu(ConvF.conv2d(x, w, b, Conv2dParams.of(1, 2)));
 * h = ConvF.maxPool2d(h, Pool2dParams.of(2, 2, 0));
 * Var logits = F.linear(ConvF.flatten(h), fcW, fcB);
 * }</pre>
 */
public final class ConvF {
    private ConvF() {}

    /** 2-D convolution: x [N,IC,H,W], w [OC,IC/groups,KH,KW], b [OC] or null; the result is [N,OC,OH,OW]. */
    public static Var conv2d(Var x, Var w, Var b, Conv2dParams p) {
        DataType precision = Autocast.current();
        Tensor xv = x.value().to(precision), wv = w.value().to(precision); // the operands as the kernels read them
        int[] xs = xv.shape(), ws = wv.shape();
        // y = conv(x, w) + b
        Tensor y = Ops.conv2d(xv, wv, b == null ? null : b.value(), p);
        return Var.result("conv2d", y, dyFull -> {
            Tensor dy = dyFull.to(precision);
            Tensor dx = x.requiresGrad() ? Ops.conv2dBackwardData(dy, wv, xs, p) : null;
            Tensor dw = null, db = null;
            boolean wantBias = b != null && b.requiresGrad();
            if (w.requiresGrad() || wantBias) {
                Ops.Conv2dWeightGrads g = Ops.conv2dBackwardWeights(xv, dy, ws, wantBias, p);
                dw = w.requiresGrad() ? g.diffWeights() : null;
                db = g.diffBias();
            }
            return new Tensor[] {dx, dw, db};
        }, x, w, b);
    }

    /** Max pooling of x [N,C,H,W]; the backward routes each gradient to its window's argmax. */
    public static Var maxPool2d(Var x, Pool2dParams p) {
        int[] xs = x.shape();
        Ops.MaxPoolResult r = Ops.maxPool2d(x.value(), p);
        Tensor indices = r.indices();
        // y = max over each window: dx[argmax] += dy
        return Var.result("maxPool2d", r.dst(), dy -> new Tensor[] {Ops.maxPool2dBackward(dy, indices, xs, p)}, x);
    }

    /** Average pooling of x [N,C,H,W]; padded zeros count in the divisor when {@code countIncludePad} (PyTorch's default). */
    public static Var avgPool2d(Var x, Pool2dParams p, boolean countIncludePad) {
        int[] xs = x.shape();
        // y = sum over each window / divisor: every element of the window gets dy / divisor
        return Var.result("avgPool2d", Ops.avgPool2d(x.value(), p, countIncludePad),
                dy -> new Tensor[] {Ops.avgPool2dBackward(dy, xs, p, countIncludePad)}, x);
    }

    /**
     * Batch normalization of x [N,C,H,W] per channel, as PyTorch's {@code batch_norm}. In
     * training, normalizes with the batch statistics and, when {@code runningMean} and
     * {@code runningVar} ([C]) are given, updates them in place with {@code momentum}; otherwise
     * normalizes with the running statistics, which are then constants. {@code gamma} and
     * {@code beta} ([C]) are both given or both null.
     */
    public static Var batchNorm2d(Var x, Var gamma, Var beta, Tensor runningMean, Tensor runningVar, boolean training,
                                  float momentum, float eps) {
        if ((gamma == null) != (beta == null)) {
            throw new IllegalArgumentException("batchNorm2d: give both gamma and beta, or neither");
        }
        Tensor xv = x.value();
        Tensor gv = gamma == null ? null : gamma.value(), bv = beta == null ? null : beta.value();
        if (training) {
            Ops.BatchNormResult r = Ops.batchNorm2dTraining(xv, gv, bv, runningMean, runningVar, momentum, eps);
            return Var.result("batchNorm2d", r.dst(), dy -> {
                // y = (x - mean(x)) / sqrt(var(x) + eps) * gamma + beta, batch statistics depending on x
                Ops.BatchNormGrads d = Ops.batchNorm2dBackward(xv, dy, gv, r.mean(), r.variance(), eps);
                return new Tensor[] {d.diffSrc(), d.diffGamma(), d.diffBeta()};
            }, x, gamma, beta);
        }
        if (runningMean == null || runningVar == null) {
            throw new IllegalArgumentException("batchNorm2d: evaluation needs the running mean and variance");
        }
        Tensor y = Ops.batchNorm2dInference(xv, gv, bv, runningMean, runningVar, eps);
        int c = xv.dim(1);
        return Var.result("batchNorm2d", y, dy -> {
            // y = xhat * gamma + beta with xhat = (x - mean) * rstd, mean and rstd constants:
            // dx = dy * gamma * rstd; dgamma = sum dy * xhat; dbeta = sum dy (sums over N, H, W)
            Tensor rstd = Tensor.zeros(1, c, 1, 1);
            MemorySegment rs = rstd.segment(), rv = runningVar.segment();
            for (int i = 0; i < c; i++) {
                rs.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (1.0 / Math.sqrt(rv.getAtIndex(ValueLayout.JAVA_FLOAT, i)
                        + (double) eps)));
            }
            Tensor scale = gv == null ? rstd : Ops.mul(rstd, gv.reshape(1, c, 1, 1));
            Tensor dx = x.requiresGrad() ? Ops.mul(dy, scale) : null;
            Tensor dgamma = null, dbeta = null;
            if (gamma != null) {
                Tensor xhat = Ops.batchNorm2dInference(xv, null, null, runningMean, runningVar, eps);
                dgamma = Ops.sumTo(Ops.mul(dy, xhat), new int[] {1, c, 1, 1}).reshape(c);
                dbeta = Ops.sumTo(dy, new int[] {1, c, 1, 1}).reshape(c);
            }
            return new Tensor[] {dx, dgamma, dbeta};
        }, x, gamma, beta);
    }

    /** Flattens every axis from {@code startDim} on into one, as PyTorch's {@code flatten(x, startDim)}. */
    public static Var flatten(Var x, int startDim) {
        int[] s = x.shape();
        int start = Shapes.axis("flatten", startDim, s.length);
        int[] out = new int[start + 1];
        System.arraycopy(s, 0, out, 0, start);
        long rest = 1;
        for (int i = start; i < s.length; i++) {
            rest *= s[i];
        }
        if (rest > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("flatten: " + rest + " elements per row do not fit an int dim, shape "
                    + Shapes.str(s));
        }
        out[start] = (int) rest;
        return F.reshape(x, out);
    }

    /** {@link #flatten(Var, int)} from axis 1: [N, ...] to [N, features]. */
    public static Var flatten(Var x) {
        return flatten(x, 1);
    }
}
