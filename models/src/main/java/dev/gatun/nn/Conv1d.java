package dev.gatun.nn;

import dev.gatun.autograd.ConvF;
import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.ops.Ops;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * A 1-D convolution layer, PyTorch's {@code Conv1d(in, out, kernel_size, stride, padding,
 * dilation, groups, bias)} in its layout: weight [out, in/groups, k], bias [out]; x is [N, in, L]
 * and y [N, out, OL] with {@code OL = floor((L + 2 padding - dilation (k - 1) - 1) / stride) + 1}.
 *
 * <pre>{@code
 * new Conv1d(16, 32, 3, 1, 1, 1, 1, true, rng)     // "same" length, stride 1
 * new Conv1d(32, 32, 5, 1, 2, 1, 32, false, rng)   // depthwise over 32 channels
 * }</pre>
 *
 * It is a 2-D convolution over a height of 1 (views, no copies), so every backend's conv2d
 * kernels and gradients serve it. Initialization is PyTorch's: kaiming-uniform with a = sqrt(5),
 * i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = in/groups * k, the same bound for the
 * bias, weight drawn first.
 */
public final class Conv1d extends Module {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Conv2dParams params; // height 1: no stride, padding or dilation along it
    private final Parameter weight;
    private final Parameter bias; // null without bias

    public Conv1d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias, Rng rng) {
        if (in <= 0 || out <= 0 || kernel <= 0) {
            throw new IllegalArgumentException("Conv1d: in, out and kernel size must be positive, got in=" + in + " out=" + out
                    + " kernel=" + kernel);
        }
        if (groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv1d: groups=" + groups + " must divide in=" + in + " and out=" + out);
        }
        this.params = new Conv2dParams(1, stride, 0, 0, padding, padding, 1, dilation, groups); // checks the values
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.weight = parameter("weight", out, in / groups, kernel);
        this.bias = bias ? parameter("bias", out) : null;
        float bound = (float) (1.0 / Math.sqrt(Init.fanIn(weight.shape())));
        reset(Init.kaimingUniform((float) Math.sqrt(5.0), Init.FanMode.FAN_IN, "leaky_relu"),
                Init.uniform(-bound, bound), rng);
    }

    /** Stride 1, no padding, no dilation, one group, with a bias (PyTorch's defaults). */
    public Conv1d(int in, int out, int kernel, Rng rng) {
        this(in, out, kernel, 1, 0, 1, 1, true, rng);
    }

    /** Re-initializes the weight, then the bias (if any), from {@code rng}; returns this. */
    public Conv1d reset(Initializer weightInit, Initializer biasInit, Rng rng) {
        weightInit.fill(weight.value(), rng);
        if (bias != null) {
            biasInit.fill(bias.value(), rng);
        }
        return this;
    }

    @Override
    public Var forward(Var x) {
        checkInput(x.shape(), "Conv1d");
        int n = x.dim(0), length = x.dim(2);
        // [N, C, L] as [N, C, 1, L], the weight [O, C/g, k] as [O, C/g, 1, k]
        Var y = ConvF.conv2d(F.reshape(x, n, in, 1, length), F.reshape(weight, out, in / groups, 1, kernel), bias, params);
        return F.reshape(y, n, out, y.dim(3));
    }

    /** The same convolution on the planned buffers, viewed with a height of 1. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        checkInput(input.shape(), "Predictor: Conv1d");
        int n = input.dim(0), length = input.dim(2), outLength = params.outW(length, kernel);
        Tensor x = input.reshape(n, in, 1, length);
        Tensor w = ctx.weight(weight.value()).reshape(out, in / groups, 1, kernel);
        Tensor b = bias == null ? null : ctx.weight(bias.value());
        Tensor y = ctx.buffer(n, out, Math.max(outLength, 0));
        Tensor y4 = y.reshape(n, out, 1, Math.max(outLength, 0));
        Backend be = ctx.backend();
        ctx.check(() -> Ops.conv2dInto(x, w, b, y4, params));
        return LayerPlans.of(y, () -> be.conv2d(x, w, b, y4, params));
    }

    private void checkInput(int[] shape, String who) {
        if (shape.length != 3 || shape[1] != in) {
            throw new IllegalArgumentException(who + "(" + in + ", " + out + ", kernel_size=" + kernel + ") expects input [N, "
                    + in + ", L], got " + Shapes.str(shape));
        }
        if (params.outW(shape[2], kernel) < 1) {
            throw new IllegalArgumentException(who + ": input length " + shape[2] + " is shorter than the dilated kernel "
                    + (dilation * (kernel - 1) + 1) + " with padding " + padding + " on each side");
        }
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Parameter bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        return in + ", " + out + ", kernel_size=(" + kernel + ",), stride=(" + stride + ",)"
                + (padding != 0 ? ", padding=(" + padding + ",)" : "") + (dilation != 1 ? ", dilation=(" + dilation + ",)" : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=False" : "");
    }
}
