package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.nn.AvgPool2d;
import dev.gatun.nn.BatchNorm2d;
import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Dropout;
import dev.gatun.nn.Flatten;
import dev.gatun.nn.GELU;
import dev.gatun.nn.Identity;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.LeakyReLU;
import dev.gatun.nn.Linear;
import dev.gatun.nn.MaxPool2d;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.RecurrentLayer;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.Sigmoid;
import dev.gatun.nn.Softmax;
import dev.gatun.nn.Tanh;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Inference plans of the built-in layers, computing what their {@code forward} computes in
 * eval mode, on preallocated buffers: every shape is checked here, once, and the steps call
 * the backend's kernels on tensors fixed at planning time (the backend contract: contiguous,
 * alive, shapes as stated), the way Ops's {@code ...Into} forms do after their checks.
 */
final class Layers {
    private Layers() {}

    /** The step of {@code m} reading {@code input}. */
    static LayerPlan plan(Module m, Tensor input, PlanContext ctx) {
        return switch (m) {
            case Inferable custom -> custom.plan(input, ctx);
            case Sequential seq -> sequential(seq, input, ctx);
            case Linear linear -> linear(linear, input, ctx);
            case ReLU r -> eltwise(EltwiseOp.RELU, 0f, input, ctx);
            case LeakyReLU r -> eltwise(EltwiseOp.RELU, r.negativeSlope(), input, ctx);
            case Sigmoid s -> eltwise(EltwiseOp.SIGMOID, 0f, input, ctx);
            case Tanh t -> eltwise(EltwiseOp.TANH, 0f, input, ctx);
            case GELU g -> eltwise(g.tanhApproximation() ? EltwiseOp.GELU_TANH : EltwiseOp.GELU_ERF, 0f, input, ctx);
            case dev.gatun.nn.Step s -> eltwise(EltwiseOp.STEP, 0f, input, ctx);
            case Softmax s -> softmax(input, ctx);
            case LayerNorm ln -> layerNorm(ln, input, ctx);
            case Dropout d -> LayerPlans.identity(input);
            case Conv2d conv -> ConvPlans.conv(conv, input, ctx);
            case MaxPool2d pool -> ConvPlans.maxPool(pool, input, ctx);
            case AvgPool2d pool -> ConvPlans.avgPool(pool, input, ctx);
            case BatchNorm2d bn -> ConvPlans.batchNorm(bn, input, ctx);
            case Flatten flatten -> ConvPlans.flatten(flatten, input);
            case RecurrentLayer rnn -> RecurrentPlans.plan(rnn, input, ctx);
            case Identity i -> LayerPlans.identity(input);
            default -> throw new IllegalArgumentException("Predictor: no inference plan for " + m.getClass().getName()
                    + "; such a module can implement " + Inferable.class.getName());
        };
    }

    private static LayerPlan sequential(Sequential seq, Tensor input, PlanContext ctx) {
        List<LayerPlan> steps = new ArrayList<>();
        Tensor h = input;
        for (Module layer : seq.layers()) {
            LayerPlan s = plan(layer, h, ctx);
            steps.add(s);
            h = s.output();
        }
        LayerPlan[] chain = steps.toArray(LayerPlan[]::new);
        return LayerPlans.of(h, () -> {
            for (LayerPlan s : chain) {
                s.run();
            }
        });
    }

    /** y = x W^T + b over the last axis, as F.linear: a matmul, then the bias added to every row. */
    private static LayerPlan linear(Linear layer, Tensor input, PlanContext ctx) {
        int in = layer.inFeatures(), out = layer.outFeatures();
        if (input.rank() < 1 || input.dim(-1) != in) {
            throw new IllegalArgumentException("Predictor: Linear(" + in + ", " + out + ") planned on input "
                    + Shapes.str(input.shape()) + " (expected [..., " + in + "])");
        }
        int[] outShape = input.shape();
        outShape[outShape.length - 1] = out;
        Tensor y = ctx.buffer(outShape);
        Tensor x2 = input.reshape(-1, in); // [N, in] views, made once
        Tensor y2 = y.reshape(-1, out);
        Tensor w = ctx.weight(layer.weight().value());
        Tensor b = layer.bias() == null ? null : ctx.weight(layer.bias().value()).reshape(1, out);
        Backend be = ctx.backend();
        if (b == null) {
            return LayerPlans.of(y, () -> be.matmul(x2, false, w, true, y2, 1f, 0f));
        }
        return LayerPlans.of(y, () -> {
            be.matmul(x2, false, w, true, y2, 1f, 0f);
            be.binary(BinaryOp.ADD, y2, b, y2);
        });
    }

    /** Elementwise activations run in place on their input buffer (the predictor owns it). */
    private static LayerPlan eltwise(EltwiseOp op, float alpha, Tensor input, PlanContext ctx) {
        Backend be = ctx.backend();
        return LayerPlans.of(input, () -> be.eltwise(op, alpha, 0f, input, input));
    }

    private static LayerPlan softmax(Tensor input, PlanContext ctx) {
        if (input.rank() == 0) {
            throw new IllegalArgumentException("Predictor: Softmax planned on a scalar input");
        }
        Tensor y = ctx.buffer(input.shape());
        Backend be = ctx.backend();
        return LayerPlans.of(y, () -> be.softmax(input, y, false));
    }

    private static LayerPlan layerNorm(LayerNorm ln, Tensor input, PlanContext ctx) {
        Tensor gamma = ctx.weight(ln.weight().value());
        Tensor beta = ctx.weight(ln.bias().value());
        int c = gamma.dim(0);
        if (input.rank() < 1 || input.dim(-1) != c) {
            throw new IllegalArgumentException("Predictor: LayerNorm(" + c + ") planned on input " + Shapes.str(input.shape()));
        }
        int rows = (int) (input.numel() / c);
        Tensor y = ctx.buffer(input.shape());
        Tensor mean = ctx.buffer(rows);
        Tensor rstd = ctx.buffer(rows);
        Backend be = ctx.backend();
        float eps = ln.eps();
        return LayerPlans.of(y, () -> be.layerNorm(input, gamma, beta, eps, y, mean, rstd));
    }
}
