package dev.gatun.nn.loss;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.tensor.Tensor;

/**
 * Multi-class hinge loss as PyTorch's {@code MultiMarginLoss(p=1, margin=1)} (Weston-Watkins
 * style, not Crammer-Singer): for scores x [N,C] and class y,
 * {@code loss_i = sum_{j != y} max(0, margin - x_y + x_j) / C}; mean over the batch (or the sum).
 * {@code new MultiMarginLoss()}.
 */
public final class MultiMarginLoss implements Loss {
    private final Reduction reduction;
    private final float margin;

    public MultiMarginLoss() {
        this(Reduction.MEAN, 1f);
    }

    public MultiMarginLoss(Reduction reduction, float margin) {
        this.reduction = reduction;
        this.margin = margin;
    }

    @Override
    public Var forward(Var output, Tensor target) {
        int[] classes = Targets.classes("MultiMarginLoss", output, target);
        int c = output.dim(1);
        Var scoreOfTarget = F.sum(F.mul(output, Var.constant(Targets.oneHot(classes, c, 1f, 0f))), true, 1); // [N,1]
        // max(0, margin - x_y + x_j), then drop j = y (where it is exactly the margin)
        Var hinge = F.relu(F.add(F.sub(output, scoreOfTarget), margin));
        Var others = F.mul(hinge, Var.constant(Targets.oneHot(classes, c, 0f, 1f)));
        Var perRow = F.mul(others, 1f / c);
        return Targets.reduce(perRow, reduction, classes.length);
    }

    @Override
    public String name() {
        return "multi_margin";
    }
}
