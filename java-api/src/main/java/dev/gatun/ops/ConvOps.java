package dev.gatun.ops;

import static dev.gatun.ops.OpChecks.backend;
import static dev.gatun.ops.OpChecks.checkOut;
import static dev.gatun.ops.OpChecks.dense;
import static dev.gatun.ops.OpChecks.matched;
import static dev.gatun.ops.OpChecks.mismatch;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.ops.Ops.Conv2dWeightGrads;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/**
 * 2-D convolution (NCHW) behind {@link Ops#conv2d}, forward and both backward passes; shapes come
 * from {@link ConvShapes}. The two operands of each pass are both float32 or both bfloat16; bias and
 * results are float32.
 */
final class ConvOps {
    private ConvOps() {}

    static Tensor conv2d(Tensor x, Tensor w, Tensor b, Conv2dParams p) {
        Tensor src = matched("conv2d", x, w), weights = matched("conv2d", w, x);
        int[] shape = conv2dShape("conv2d", src, weights, b, p);
        Tensor dst = Tensor.empty(shape);
        backend().conv2d(src, weights, b == null ? null : dense("conv2d", b), dst, p);
        return dst;
    }

    static void conv2dInto(Tensor x, Tensor w, Tensor b, Tensor dst, Conv2dParams p) {
        Tensor src = matched("conv2d", x, w), weights = matched("conv2d", w, x);
        Tensor bias = b == null ? null : dense("conv2d", b);
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
        OpChecks.live("conv2d", dst);
        int g = p.groups(), ic = src.dim(1), oc = weights.dim(0);
        if (ic == 0 || src.dim(2) == 0 || src.dim(3) == 0 || ic % g != 0 || oc % g != 0 || weights.dim(1) != ic / g
                || oc == 0 || weights.dim(2) == 0 || weights.dim(3) == 0 || (bias != null && (bias.rank() != 1 || bias.dim(0) != oc))) {
            return false;
        }
        int oh = p.outH(src.dim(2), weights.dim(2)), ow = p.outW(src.dim(3), weights.dim(3));
        return oh >= 1 && ow >= 1 && dst.dim(0) == src.dim(0) && dst.dim(1) == oc && dst.dim(2) == oh && dst.dim(3) == ow
                && dst.isContiguous();
    }

    static Tensor conv2dBackwardData(Tensor diffDst, Tensor w, int[] srcShape, Conv2dParams p) {
        String name = "conv2d backward data";
        Tensor dd = matched(name, diffDst, w), weights = matched(name, w, diffDst);
        int[] src = Shapes.checkShape(name, srcShape);
        checkConvGrad(name, src, weights.shape(), dd, p);
        Tensor diffSrc = Tensor.zeros(src);
        backend().conv2dBackwardData(dd, weights, diffSrc, p);
        return diffSrc;
    }

    static Conv2dWeightGrads conv2dBackwardWeights(Tensor x, Tensor diffDst, int[] weightShape, boolean bias,
                                                  Conv2dParams p) {
        String name = "conv2d backward weights";
        Tensor src = matched(name, x, diffDst), dd = matched(name, diffDst, x);
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
            OpChecks.live(name, bias);
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
}
