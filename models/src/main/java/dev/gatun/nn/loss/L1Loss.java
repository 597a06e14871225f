package dev.gatun.nn.loss;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.tensor.Tensor;

/**
 * Mean absolute error {@code mean(|output - target|)} over all elements (or the sum), PyTorch's
 * L1Loss: {@code new L1Loss()}. The gradient at a zero residual is 0.
 */
public final class L1Loss implements Loss {
    private final Reduction reduction;

    public L1Loss() {
        this(Reduction.MEAN);
    }

    public L1Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Var forward(Var output, Tensor target) {
        Tensor t = Targets.sameShape("L1Loss", output, target);
        Var abs = F.abs(F.sub(output, Var.constant(t)));
        return Targets.reduce(abs, reduction, t.numel());
    }

    @Override
    public String name() {
        return "mae";
    }
}
