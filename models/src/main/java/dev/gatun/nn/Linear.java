package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * A fully connected layer {@code y = x W^T + b} in PyTorch's layout: weight [out, in], bias
 * [out]; x is [..., in] and y [..., out].
 *
 * <pre>{@code
 * Linear fc = new Linear(784, 128, true, rng);           // PyTorch's default init
 * fc.reset(Init.xavierUniform(1f), Init.zeros(), rng);   // or any other
 * }</pre>
 *
 * The default initialization is PyTorch's: kaiming-uniform with a = sqrt(5) for the weight, i.e.
 * U(-1/sqrt(in), 1/sqrt(in)), and U(-1/sqrt(in), 1/sqrt(in)) for the bias, weight drawn first.
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias; // null without bias

    public Linear(int in, int out, boolean bias, Rng rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear: in and out must be positive, got in=" + in + " out=" + out);
        }
        this.in = in;
        this.out = out;
        this.weight = parameter("weight", out, in);
        this.bias = bias ? parameter("bias", out) : null;
        float bound = (float) (1.0 / Math.sqrt(in));
        reset(Init.kaimingUniform((float) Math.sqrt(5.0), Init.FanMode.FAN_IN, "leaky_relu"),
                Init.uniform(-bound, bound), rng);
    }

    /** With a bias. */
    public Linear(int in, int out, Rng rng) {
        this(in, out, true, rng);
    }

    /** Re-initializes the weight, then the bias (if any), from {@code rng}; returns this. */
    public Linear reset(Initializer weightInit, Initializer biasInit, Rng rng) {
        weightInit.fill(weight.value(), rng);
        if (bias != null) {
            biasInit.fill(bias.value(), rng);
        }
        return this;
    }

    @Override
    public Var forward(Var x) {
        return F.linear(x, weight, bias);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Parameter bias() {
        return bias;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + in + ", out_features=" + out + ", bias=" + (bias != null ? "True" : "False");
    }

    /** A product over the rows of [..., in], in the predictor's numbers ({@link PlanContext#linear}). */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        if (input.rank() < 1 || input.dim(-1) != in) {
            throw new IllegalArgumentException("Predictor: Linear(" + in + ", " + out + ") planned on input "
                    + Shapes.str(input.shape()) + " (expected [..., " + in + "])");
        }
        int[] outShape = input.shape();
        outShape[outShape.length - 1] = out;
        Tensor y = ctx.buffer(outShape);
        return LayerPlans.of(y, ctx.linear(input.reshape(-1, in), weight.value(), bias == null ? null : bias.value(),
                y.reshape(-1, out)));
    }
}
