package dev.gatun.nn.loss;

import dev.gatun.autograd.Var;
import dev.gatun.tensor.Tensor;

/**
 * The 0-1 loss, a metric without gradient: the fraction of misclassified samples (or their
 * count with SUM). Scores [N,C] with C > 1 predict their argmax against class indices [N];
 * one score per sample ([N] or [N,1]) predicts positive when above the threshold (0 for logits
 * and +-1 outputs, 0.5 for probabilities) against targets 0/1 or -1/+1 (positive when > 0).
 * {@code new ZeroOneLoss().forward(logits, y).item()} is the error rate.
 */
public final class ZeroOneLoss implements Loss {
    private final Reduction reduction;
    private final float threshold;

    public ZeroOneLoss() {
        this(Reduction.MEAN, 0f);
    }

    public ZeroOneLoss(Reduction reduction, float threshold) {
        this.reduction = reduction;
        this.threshold = threshold;
    }

    @Override
    public Var forward(Var output, Tensor target) {
        float[] x = output.value().toArray();
        int wrong = 0;
        int n;
        if (output.rank() == 2 && output.dim(1) > 1) {
            int[] classes = Targets.classes("ZeroOneLoss", output, target);
            int c = output.dim(1);
            n = classes.length;
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int j = 1; j < c; j++) {
                    if (x[i * c + j] > x[i * c + best]) {
                        best = j;
                    }
                }
                wrong += best == classes[i] ? 0 : 1;
            }
        } else {
            float[] y = Targets.sameShape("ZeroOneLoss", output, target).toArray();
            n = y.length;
            for (int i = 0; i < n; i++) {
                wrong += (x[i] > threshold) == (y[i] > 0) ? 0 : 1;
            }
        }
        float value = reduction == Reduction.MEAN ? (n == 0 ? 0f : (float) wrong / n) : wrong;
        return Var.constant(Tensor.full(value));
    }

    @Override
    public String name() {
        return "zero_one";
    }
}
