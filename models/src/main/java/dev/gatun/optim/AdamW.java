package dev.gatun.optim;

import dev.gatun.nn.Parameter;
import java.util.List;

/**
 * Adam with decoupled weight decay, PyTorch's {@code torch.optim.AdamW}: each step first shrinks
 * the weight, {@code w = w * (1 - lr * weightDecay)}, then applies the plain Adam update (see
 * {@link Adam}). {@code new AdamW(params, 1e-3f)} uses weight decay 0.01 like PyTorch.
 */
public final class AdamW extends Adam {
    public static final float DEFAULT_WEIGHT_DECAY = 0.01f;

    public AdamW(List<Parameter> params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f, DEFAULT_WEIGHT_DECAY);
    }

    public AdamW(List<Parameter> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super(params, lr, beta1, beta2, eps, weightDecay, true);
    }
}
