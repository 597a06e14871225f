package dev.gatun.backend;

/**
 * The hyper-parameters of 2-D max and average pooling, as PyTorch's {@code MaxPool2d} /
 * {@code AvgPool2d} with {@code ceil_mode=False}: kernel, stride and padding (each side on its
 * own). Tensors are NCHW; the output is [N, C, OH, OW] with
 * {@code OH = floor((H + padTop + padBottom - kernelH) / strideH) + 1} (likewise OW). Max
 * pooling pads with -infinity; average pooling pads with zeros that count in the divisor or not
 * ({@code countIncludePad}, as PyTorch's {@code count_include_pad}).
 *
 * <p>Each padding must be smaller than the kernel along its axis, so that every window holds at
 * least one element of the input (PyTorch asks for at most half the kernel).
 */
public record Pool2dParams(int kernelH, int kernelW, int strideH, int strideW,
                           int padTop, int padBottom, int padLeft, int padRight) {

    public Pool2dParams {
        if (kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("pool2d: kernel must be at least 1, got kernelH=" + kernelH + " kernelW=" + kernelW);
        }
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("pool2d: stride must be at least 1, got strideH=" + strideH + " strideW=" + strideW);
        }
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0
                || padTop >= kernelH || padBottom >= kernelH || padLeft >= kernelW || padRight >= kernelW) {
            throw new IllegalArgumentException("pool2d: padding must be in [0, kernel), got padTop=" + padTop + " padBottom="
                    + padBottom + " padLeft=" + padLeft + " padRight=" + padRight + " for kernelH=" + kernelH
                    + " kernelW=" + kernelW);
        }
    }

    /** A square kernel, stride and padding alike on both axes (PyTorch's default stride is the kernel). */
    public static Pool2dParams of(int kernel, int stride, int padding) {
        return new Pool2dParams(kernel, kernel, stride, stride, padding, padding, padding, padding);
    }

    public Pool2dParams withPadding(int top, int bottom, int left, int right) {
        return new Pool2dParams(kernelH, kernelW, strideH, strideW, top, bottom, left, right);
    }

    /**
     * Whether these are 2x2 windows at stride 2 with no padding on any side (LeNet's pooling, which
     * halves H and W): disjoint windows from the corner that never reach past the plane, the case
     * kernels specialize.
     */
    public boolean isHalving() {
        return kernelH == 2 && kernelW == 2 && strideH == 2 && strideW == 2 && padTop == 0 && padBottom == 0 && padLeft == 0
                && padRight == 0;
    }

    /** Output height for input height {@code h}; below 1 when the kernel does not fit. */
    public int outH(int h) {
        return Math.floorDiv(h + padTop + padBottom - kernelH, strideH) + 1;
    }

    /** Output width for input width {@code w}; below 1 when the kernel does not fit. */
    public int outW(int w) {
        return Math.floorDiv(w + padLeft + padRight - kernelW, strideW) + 1;
    }
}
