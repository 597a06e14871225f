package dev.gatun.nn.loss;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.tensor.Tensor;

/**
 * Binary hinge loss {@code max(0, 1 - y x)} for one score per sample ([N] or [N,1]); targets
 * are +1/-1, or 0/1 with 0 read as -1. Mean over all elements (or the sum): {@code new HingeLoss()}.
 */
public final class HingeLoss implements Loss {
    private final Reduction reduction;

    public HingeLoss() {
        this(Reduction.MEAN);
    }

    public HingeLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Var forward(Var output, Tensor target) {
        Tensor t = Targets.sameShape("HingeLoss", output, target);
        float[] y = t.toArray();
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 1f && y[i] != -1f && y[i] != 0f) {
                throw new IllegalArgumentException("HingeLoss: target[" + i + "] = " + y[i] + " is not +1, -1, 0 or 1");
            }
            y[i] = y[i] > 0 ? 1f : -1f;
        }
        Tensor signs = Tensor.of(y, output.shape());
        // max(0, 1 - y x)
        Var margin = F.relu(F.add(F.neg(F.mul(output, Var.constant(signs))), 1f));
        return Targets.reduce(margin, reduction, y.length);
    }

    @Override
    public String name() {
        return "hinge";
    }
}
