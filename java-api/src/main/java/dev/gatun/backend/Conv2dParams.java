package dev.gatun.backend;

/**
 * The hyper-parameters of a 2-D convolution, as PyTorch's {@code Conv2d}: stride, zero padding
 * (each side on its own, so asymmetric padding works), dilation and groups. Tensors are NCHW;
 * weights are [OC, IC/groups, KH, KW]; the output is [N, OC, OH, OW] with
 * {@code OH = floor((H + padTop + padBottom - dilationH*(KH-1) - 1) / strideH) + 1} (likewise OW).
 *
 * <pre>{@code
 * Conv2dParams.of(1, 2)                       // stride 1, padding 2 on every side
 * Conv2dParams.of(2, 1).withGroups(32)        // a depthwise 3x3 stride-2 layer on 32 channels
 * }</pre>
 *
 * The constructor checks each value alone; whether they fit an input is checked by
 * {@link dev.gatun.ops.Ops}, which names the shapes.
 */
public record Conv2dParams(int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight,
                           int dilationH, int dilationW, int groups) {

    public Conv2dParams {
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("conv2d: stride must be at least 1, got strideH=" + strideH + " strideW=" + strideW);
        }
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("conv2d: padding must not be negative, got padTop=" + padTop + " padBottom="
                    + padBottom + " padLeft=" + padLeft + " padRight=" + padRight);
        }
        if (dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("conv2d: dilation must be at least 1, got dilationH=" + dilationH
                    + " dilationW=" + dilationW);
        }
        if (groups < 1) {
            throw new IllegalArgumentException("conv2d: groups must be at least 1, got " + groups);
        }
    }

    /** Stride and padding the same along both axes and on every side; no dilation, one group. */
    public static Conv2dParams of(int stride, int padding) {
        return new Conv2dParams(stride, stride, padding, padding, padding, padding, 1, 1, 1);
    }

    public Conv2dParams withStride(int h, int w) {
        return new Conv2dParams(h, w, padTop, padBottom, padLeft, padRight, dilationH, dilationW, groups);
    }

    public Conv2dParams withPadding(int top, int bottom, int left, int right) {
        return new Conv2dParams(strideH, strideW, top, bottom, left, right, dilationH, dilationW, groups);
    }

    public Conv2dParams withDilation(int h, int w) {
        return new Conv2dParams(strideH, strideW, padTop, padBottom, padLeft, padRight, h, w, groups);
    }

    public Conv2dParams withGroups(int g) {
        return new Conv2dParams(strideH, strideW, padTop, padBottom, padLeft, padRight, dilationH, dilationW, g);
    }

    /** Output height for input height {@code h} and kernel height {@code kh}; below 1 when nothing fits. */
    public int outH(int h, int kh) {
        return Math.floorDiv(h + padTop + padBottom - dilationH * (kh - 1) - 1, strideH) + 1;
    }

    /** Output width for input width {@code w} and kernel width {@code kw}; below 1 when nothing fits. */
    public int outW(int w, int kw) {
        return Math.floorDiv(w + padLeft + padRight - dilationW * (kw - 1) - 1, strideW) + 1;
    }
}
