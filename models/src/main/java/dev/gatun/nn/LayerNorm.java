package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;

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
}
