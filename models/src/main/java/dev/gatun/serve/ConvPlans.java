package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.nn.AvgPool2d;
import dev.gatun.nn.BatchNorm2d;
import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Flatten;
import dev.gatun.nn.MaxPool2d;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * Inference plans of the NCHW layers: convolution, max and average pooling, batch norm with its
 * running statistics, and flatten (a view). Each is checked once by running the validating
 * {@code Ops...Into} form on its buffers while it is planned; the step then calls the kernel.
 */
final class ConvPlans {
    private ConvPlans() {}

    static LayerPlan conv(Conv2d layer, Tensor input, PlanContext ctx) {
        Tensor w = ctx.weight(layer.weight().value());
        Tensor b = layer.bias() == null ? null : ctx.weight(layer.bias().value());
        Conv2dParams p = layer.params();
        nchw("Conv2d", input);
        Tensor y = ctx.buffer(input.dim(0), w.dim(0), p.outH(input.dim(2), w.dim(2)), p.outW(input.dim(3), w.dim(3)));
        Backend be = ctx.backend();
        dryRun(be, () -> Ops.conv2dInto(input, w, b, y, p));
        return LayerPlans.of(y, () -> be.conv2d(input, w, b, y, p));
    }

    static LayerPlan maxPool(MaxPool2d layer, Tensor input, PlanContext ctx) {
        Tensor y = pooled("MaxPool2d", input, layer.params(), ctx);
        Backend be = ctx.backend();
        dryRun(be, () -> Ops.maxPool2dInto(input, y, layer.params()));
        return LayerPlans.of(y, () -> be.maxPool2d(input, y, null, layer.params()));
    }

    static LayerPlan avgPool(AvgPool2d layer, Tensor input, PlanContext ctx) {
        Tensor y = pooled("AvgPool2d", input, layer.params(), ctx);
        Backend be = ctx.backend();
        boolean countPad = layer.countIncludePad();
        dryRun(be, () -> Ops.avgPool2dInto(input, y, layer.params(), countPad));
        return LayerPlans.of(y, () -> be.avgPool2d(input, y, layer.params(), countPad));
    }

    /** Eval-mode batch norm: the running statistics (batch statistics when the layer tracks none, as PyTorch). */
    static LayerPlan batchNorm(BatchNorm2d layer, Tensor input, PlanContext ctx) {
        if (layer.runningMean() == null) {
            throw new IllegalArgumentException("Predictor: BatchNorm2d without running statistics normalizes each batch"
                    + " by itself; a predictor plans eval-mode layers only");
        }
        Tensor gamma = layer.weight() == null ? null : ctx.weight(layer.weight().value());
        Tensor beta = layer.bias() == null ? null : ctx.weight(layer.bias().value());
        Tensor mean = ctx.weight(layer.runningMean());
        Tensor var = ctx.weight(layer.runningVar());
        Tensor y = ctx.buffer(input.shape());
        float eps = layer.eps();
        Backend be = ctx.backend();
        dryRun(be, () -> Ops.batchNorm2dInferenceInto(input, gamma, beta, mean, var, eps, y));
        return LayerPlans.of(y, () -> be.batchNorm2d(input, gamma, beta, mean, var, eps, false, y));
    }

    /** A view of the input with the axes from startDim on merged: no work at all. */
    static LayerPlan flatten(Flatten layer, Tensor input) {
        int start = Shapes.axis("Flatten", layer.startDim(), input.rank());
        int[] shape = new int[start + 1];
        for (int i = 0; i < start; i++) {
            shape[i] = input.dim(i);
        }
        shape[start] = -1;
        return LayerPlans.identity(input.reshape(shape));
    }

    private static Tensor pooled(String name, Tensor input, Pool2dParams p, PlanContext ctx) {
        nchw(name, input);
        return ctx.buffer(input.dim(0), input.dim(1), p.outH(input.dim(2)), p.outW(input.dim(3)));
    }

    private static void nchw(String name, Tensor input) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("Predictor: " + name + " planned on input " + Shapes.str(input.shape())
                    + " (expected NCHW)");
        }
    }

    /** Runs {@code op} once on the plan's backend, so Ops checks every shape before a call is served. */
    static void dryRun(Backend backend, Runnable op) {
        try (var _ = Backends.using(backend)) {
            op.run();
        }
    }
}
