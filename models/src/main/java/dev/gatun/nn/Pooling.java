package dev.gatun.nn;

import dev.gatun.backend.Pool2dParams;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/** PyTorch-style descriptions of pooling hyper-parameters, for {@link MaxPool2d} and {@link AvgPool2d}. */
final class Pooling {
    private Pooling() {}

    static String repr(Pool2dParams p) {
        String padding = p.padTop() == p.padBottom() && p.padLeft() == p.padRight()
                ? "(" + p.padTop() + ", " + p.padLeft() + ")"
                : "(" + p.padTop() + ", " + p.padBottom() + ", " + p.padLeft() + ", " + p.padRight() + ")";
        return "kernel_size=(" + p.kernelH() + ", " + p.kernelW() + "), stride=(" + p.strideH() + ", " + p.strideW()
                + "), padding=" + padding;
    }

    /** The planned output [N, C, OH, OW] of a pooling layer on NCHW {@code input}. */
    static Tensor output(String layer, Tensor input, Pool2dParams p, PlanContext ctx) {
        nchw(layer, input);
        return ctx.buffer(input.dim(0), input.dim(1), p.outH(input.dim(2)), p.outW(input.dim(3)));
    }

    static void nchw(String layer, Tensor input) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("Predictor: " + layer + " planned on input " + Shapes.str(input.shape())
                    + " (expected NCHW)");
        }
    }
}
