package dev.gatun.nn.loss;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.tensor.Tensor;

/**
 * Binary cross-entropy on logits with targets in [0, 1], PyTorch's BCEWithLogitsLoss, computed
 * stably as {@code max(x,0) - x*y + log(1 + exp(-|x|))}; mean over all elements (or the sum).
 * Output [N,1] or [N]: {@code new BCEWithLogitsLoss().forward(logits, labels01)}.
 */
public final class BCEWithLogitsLoss implements Loss {
    private final Reduction reduction;

    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    public BCEWithLogitsLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Var forward(Var output, Tensor target) {
        Tensor t = Targets.sameShape("BCEWithLogitsLoss", output, target);
        return Targets.reduce(F.binaryCrossEntropyWithLogits(output, t), reduction, t.numel());
    }

    @Override
    public String name() {
        return "bce";
    }
}
