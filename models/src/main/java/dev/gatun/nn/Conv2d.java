package dev.gatun.nn;

import dev.gatun.autograd.ConvF;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;

/**
 * A 2-D convolution layer in PyTorch's layout: weight [out, in/groups, kh, kw], bias [out];
 * x is [N, in, H, W] and y [N, out, OH, OW].
 *
 * <pre>{@code
 * new Conv2d(1, 8, 5, Conv2dParams.of(1, 2), rng)          // LeNet's first layer, "same" padding
 * new Conv2d(32, 32, 3, 3, Conv2dParams.of(1, 1).withGroups(32), false, rng)   // depthwise, no bias
 * }</pre>
 *
 * The default initialization is PyTorch's: kaiming-uniform with a = sqrt(5), i.e.
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = in/groups * kh * kw, and the same bound for
 * the bias, weight drawn first.
 */
public final class Conv2d extends Module {
    private final int in;
    private final int out;
    private final int kernelH;
    private final int kernelW;
    private final Conv2dParams params;
    private final Parameter weight;
    private final Parameter bias; // null without bias

    public Conv2d(int in, int out, int kernelH, int kernelW, Conv2dParams params, boolean bias, Rng rng) {
        if (in <= 0 || out <= 0 || kernelH <= 0 || kernelW <= 0) {
            throw new IllegalArgumentException("Conv2d: in, out and kernel sizes must be positive, got in=" + in + " out=" + out
                    + " kernel=" + kernelH + "x" + kernelW);
        }
        if (in % params.groups() != 0 || out % params.groups() != 0) {
            throw new IllegalArgumentException("Conv2d: groups=" + params.groups() + " must divide in=" + in + " and out=" + out);
        }
        this.in = in;
        this.out = out;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.params = params;
        this.weight = parameter("weight", out, in / params.groups(), kernelH, kernelW);
        this.bias = bias ? parameter("bias", out) : null;
        float bound = (float) (1.0 / Math.sqrt(Init.fanIn(weight.shape())));
        reset(Init.kaimingUniform((float) Math.sqrt(5.0), Init.FanMode.FAN_IN, "leaky_relu"),
                Init.uniform(-bound, bound), rng);
    }

    /** A square kernel with a bias. */
    public Conv2d(int in, int out, int kernel, Conv2dParams params, Rng rng) {
        this(in, out, kernel, kernel, params, true, rng);
    }

    /** Re-initializes the weight, then the bias (if any), from {@code rng}; returns this. */
    public Conv2d reset(Initializer weightInit, Initializer biasInit, Rng rng) {
        weightInit.fill(weight.value(), rng);
        if (bias != null) {
            biasInit.fill(bias.value(), rng);
        }
        return this;
    }

    @Override
    public Var forward(Var x) {
        return ConvF.conv2d(x, weight, bias, params);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Parameter bias() {
        return bias;
    }

    public Conv2dParams params() {
        return params;
    }

    @Override
    protected String extraRepr() {
        Conv2dParams p = params;
        String padding = p.padTop() == p.padBottom() && p.padLeft() == p.padRight()
                ? "(" + p.padTop() + ", " + p.padLeft() + ")"
                : "(" + p.padTop() + ", " + p.padBottom() + ", " + p.padLeft() + ", " + p.padRight() + ")";
        return in + ", " + out + ", kernel_size=(" + kernelH + ", " + kernelW + "), stride=(" + p.strideH() + ", "
                + p.strideW() + "), padding=" + padding
                + (p.dilationH() != 1 || p.dilationW() != 1 ? ", dilation=(" + p.dilationH() + ", " + p.dilationW() + ")" : "")
                + (p.groups() != 1 ? ", groups=" + p.groups() : "") + (bias == null ? ", bias=False" : "");
    }

    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        Pooling.nchw("Conv2d", input);
        Tensor y = ctx.buffer(input.dim(0), out, params.outH(input.dim(2), kernelH), params.outW(input.dim(3), kernelW));
        return LayerPlans.of(y, ctx.conv2d(input, weight.value(), bias == null ? null : bias.value(), y, params));
    }
}
