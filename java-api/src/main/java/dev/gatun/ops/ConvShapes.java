package dev.gatun.ops;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * Shape rules of convolution, pooling and batch normalization, checked once by {@link Ops}
 * before any kernel runs. Messages name the op, the shapes and the hyper-parameters, and say
 * which of them leaves the output empty.
 */
final class ConvShapes {
    /** Max pooling stores argmax positions as floats, exact up to 2^24. */
    static final long MAX_POOL_PLANE = 1L << 24;

    private ConvShapes() {}

    static void nchw(String op, String what, Tensor t) {
        if (t.rank() != 4) {
            throw new IllegalArgumentException(op + ": " + what + " must be NCHW (rank 4), got " + Shapes.str(t.shape()));
        }
    }

    /** [N, OC, OH, OW] of a convolution of {@code src} [N,IC,H,W] with {@code weights} [OC,IC/groups,KH,KW]. */
    static int[] conv2dOut(String op, int[] src, int[] weights, int biasLength, Conv2dParams p) {
        int n = src[0], ic = src[1], h = src[2], w = src[3];
        int oc = weights[0], icg = weights[1], kh = weights[2], kw = weights[3];
        String shapes = " (src " + Shapes.str(src) + ", weights " + Shapes.str(weights) + ", " + p + ")";
        if (ic % p.groups() != 0 || oc % p.groups() != 0) {
            throw new IllegalArgumentException(op + ": groups=" + p.groups() + " must divide the input channels " + ic
                    + " and the output channels " + oc + shapes);
        }
        if (icg != ic / p.groups() || oc == 0 || kh == 0 || kw == 0) {
            throw new IllegalArgumentException("shape mismatch in " + op + ": weights must be [OC, " + ic / p.groups()
                    + " (IC/groups), KH, KW] with OC, KH, KW at least 1" + shapes);
        }
        if (biasLength >= 0 && biasLength != oc) {
            throw new IllegalArgumentException("shape mismatch in " + op + ": bias must be [" + oc + "], got [" + biasLength + "]"
                    + shapes);
        }
        int oh = p.outH(h, kh), ow = p.outW(w, kw);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": empty output " + oh + "x" + ow + ": the dilated kernel " + kh + "x" + kw
                    + " (dilationH=" + p.dilationH() + ", dilationW=" + p.dilationW() + ") does not fit the padded input "
                    + h + "x" + w + " (padTop=" + p.padTop() + ", padBottom=" + p.padBottom() + ", padLeft=" + p.padLeft()
                    + ", padRight=" + p.padRight() + ")" + shapes);
        }
        return new int[] {n, oc, oh, ow};
    }

    /** [N, C, OH, OW] of pooling {@code src} [N,C,H,W]. */
    static int[] pool2dOut(String op, int[] src, Pool2dParams p) {
        int oh = p.outH(src[2]), ow = p.outW(src[3]);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": empty output " + oh + "x" + ow + ": kernelH=" + p.kernelH() + " kernelW="
                    + p.kernelW() + " does not fit the padded input " + src[2] + "x" + src[3] + " (padTop=" + p.padTop()
                    + ", padBottom=" + p.padBottom() + ", padLeft=" + p.padLeft() + ", padRight=" + p.padRight()
                    + ") of src " + Shapes.str(src));
        }
        return new int[] {src[0], src[1], oh, ow};
    }

    /** Checks a per-channel vector (gamma, beta, mean, variance) is [C] or, when allowed, null. */
    static void channelVector(String op, String what, Tensor t, int channels, boolean nullable) {
        if (t == null) {
            if (!nullable) {
                throw new IllegalArgumentException(op + ": " + what + " is null");
            }
            return;
        }
        OpChecks.live(op, t);
        if (t.rank() != 1 || t.dim(0) != channels) {
            throw new IllegalArgumentException("shape mismatch in " + op + ": " + what + " must be [" + channels + "], got "
                    + Shapes.str(t.shape()));
        }
        if (!t.isContiguous()) {
            throw new IllegalArgumentException(op + ": " + what + " " + Shapes.str(t.shape()) + " must be contiguous");
        }
    }
}
