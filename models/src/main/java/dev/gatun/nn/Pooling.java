package dev.gatun.nn;

import dev.gatun.backend.Pool2dParams;

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
}
