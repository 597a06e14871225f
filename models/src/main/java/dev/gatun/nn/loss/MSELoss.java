package dev.gatun.nn.loss;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.tensor.Tensor;

/** Mean squared error {@code mean((output - target)^2)} over all elements (or the sum): {@code new MSELoss()}. */
public final class MSELoss implements Loss {
    private final Reduction reduction;

    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Var forward(Var output, Tensor target) {
        Tensor t = Targets.sameShape("MSELoss", output, target);
        Var sq = F.square(F.sub(output, Var.constant(t)));
        return Targets.reduce(sq, reduction, t.numel());
    }

    @Override
    public String name() {
        return "mse";
    }
}
