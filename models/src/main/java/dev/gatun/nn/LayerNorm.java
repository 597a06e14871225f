package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * Layer normalization over the last axis with a learned scale ("weight", ones) and shift
 * ("bias", zeros), as PyTorch's {@code LayerNorm(features, eps=1e-5)}: {@code new LayerNorm(64)}.
 */
public final class LayerNorm extends Module {
    private final int features;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(int features) {
        this(features, 1e-5f);
    }

    public LayerNorm(int features, float eps) {
        if (features <= 0) {
            throw new IllegalArgumentException("LayerNorm: features must be positive, got " + features);
        }
        this.features = features;
        this.eps = eps;
        this.weight = parameter("weight", features);
        this.bias = parameter("bias", features);
        weight.value().fill(1f);
    }

    @Override
    public Var forward(Var x) {
        return F.layerNorm(x, weight, bias, eps);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public float eps() {
        return eps;
    }

    @Override
    protected String extraRepr() {
        return "(" + features + ",), eps=" + eps;
    }

    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        if (input.rank() < 1 || input.dim(-1) != features) {
            throw new IllegalArgumentException("Predictor: LayerNorm(" + features + ") planned on input "
                    + Shapes.str(input.shape()));
        }
        Tensor gamma = ctx.weight(weight.value());
        Tensor beta = ctx.weight(bias.value());
        int rows = (int) (input.numel() / features);
        Tensor y = ctx.buffer(input.shape());
        Tensor mean = ctx.buffer(rows);
        Tensor rstd = ctx.buffer(rows);
        Backend be = ctx.backend();
        return LayerPlans.of(y, () -> be.layerNorm(input, gamma, beta, eps, y, mean, rstd));
    }
}
