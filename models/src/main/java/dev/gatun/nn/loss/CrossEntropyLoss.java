package dev.gatun.nn.loss;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.tensor.Tensor;

/**
 * Softmax cross-entropy from logits [N,C] and class indices [N], PyTorch's CrossEntropyLoss:
 * {@code loss_i = -sum_c q_ic log softmax(x_i)_c} with {@code q = (1 - s) onehot(y_i) + s / C}
 * for label smoothing s (0 by default, the plain {@code -log softmax(x_i)_{y_i}}); mean over the
 * batch (or the sum). {@code new CrossEntropyLoss(Reduction.MEAN, 0.1f)}.
 */
public final class CrossEntropyLoss implements Loss {
    private final Reduction reduction;
    private final float labelSmoothing;

    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0f);
    }

    public CrossEntropyLoss(Reduction reduction, float labelSmoothing) {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException("CrossEntropyLoss: label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.reduction = reduction;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Var forward(Var output, Tensor target) {
        int[] classes = Targets.classes("CrossEntropyLoss", output, target);
        int c = output.dim(1);
        float off = labelSmoothing / c;
        Tensor q = Targets.oneHot(classes, c, 1f - labelSmoothing + off, off);
        return F.softmaxCrossEntropy(output, q, reduction == Reduction.MEAN ? 1f / classes.length : 1f);
    }

    @Override
    public String name() {
        return "cross_entropy";
    }
}
