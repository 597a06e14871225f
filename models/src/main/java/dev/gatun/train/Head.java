package dev.gatun.train;

import dev.gatun.data.Dataset;
import dev.gatun.nn.loss.Loss;
import dev.gatun.nn.loss.DistillationLoss;
import dev.gatun.nn.loss.Losses;

/**
 * How a network's last layer is read for a task and a loss: how many outputs it has, what
 * target tensor the loss compares them with, and which class the outputs predict.
 *
 * <ul>
 *   <li>{@code cross_entropy} (the default for classes), {@code multi_margin}: one score per
 *       class against class indices; the arg-max is the prediction.
 *   <li>{@code bce}, {@code hinge} with two classes: a single logit against 0/1 (the losses
 *       read 0 as the negative class); positive above 0. This is logistic regression's head,
 *       the sigmoid living inside the loss. With more classes, bce compares one logit per class
 *       with the one-hot labels and hinge becomes the multi-class hinge.
 *   <li>{@code mse}, {@code mae} on classes: one output per class against the one-hot labels.
 *   <li>Regression (mse by default, or mae): one output against the target.
 * </ul>
 */
public record Head(Loss loss, int outputs, Encoding encoding, boolean regression) {

    /** The target tensor the loss reads ({@link Examples#of(Dataset, Head)} builds it). */
    enum Encoding {
        /** [N] class indices as floats. */
        CLASS_INDEX,
        /** [N, 1]: 0/1 labels or regression targets. */
        COLUMN,
        /** [N, C] one-hot labels. */
        ONE_HOT,
        /** [N, 1 + C]: the class index, then a teacher's logits ({@link Dataset#withTeacherLogits}). */
        LABEL_AND_TEACHER
    }

    /** Whether the outputs are one score per class, read against class indices (cross-entropy, multi-margin). */
    public boolean scoresClasses() {
        return encoding == Encoding.CLASS_INDEX && !regression;
    }

    /**
     * The head of a student distilled from the teacher logits {@code data} carries: one score per
     * class, {@link DistillationLoss} at {@code temperature} with weight {@code alpha} on the
     * teacher (the rest on the labels' cross-entropy).
     */
    public static Head distillation(Dataset data, float temperature, float alpha) {
        if (!data.isClassification() || !data.hasTeacherLogits()) {
            throw new IllegalArgumentException("distillation: " + data.name() + " needs class labels and a teacher's logits");
        }
        return new Head(new DistillationLoss(temperature, alpha), data.classes(), Encoding.LABEL_AND_TEACHER, false);
    }

    public static Head forTask(Dataset data, String lossName) {
        if (!data.isClassification()) {
            String name = lossName == null ? "mse" : lossName;
            if (!name.equals("mse") && !name.equals("mae") && !name.equals("l1") && !name.equals("l2")) {
                throw new IllegalArgumentException("loss '" + name + "' needs class labels; " + data.name()
                        + " is a regression set (use mse or mae)");
            }
            return new Head(Losses.byName(name), 1, Encoding.COLUMN, true);
        }
        int c = data.classes();
        String name = lossName == null ? "cross_entropy" : lossName.toLowerCase(java.util.Locale.ROOT);
        return switch (name) {
            case "cross_entropy", "ce", "multi_margin", "multiclass_hinge" ->
                    new Head(Losses.byName(name), c, Encoding.CLASS_INDEX, false);
            case "hinge" -> c == 2
                    ? new Head(Losses.byName("hinge"), 1, Encoding.COLUMN, false)
                    : new Head(Losses.byName("multi_margin"), c, Encoding.CLASS_INDEX, false);
            case "bce", "bce_with_logits" -> c == 2
                    ? new Head(Losses.byName("bce"), 1, Encoding.COLUMN, false)
                    : new Head(Losses.byName("bce"), c, Encoding.ONE_HOT, false);
            case "mse", "mae", "l1", "l2" -> new Head(Losses.byName(name), c, Encoding.ONE_HOT, false);
            default -> {
                Losses.byName(name); // an unknown name fails here, listing the known ones
                throw new IllegalArgumentException("loss '" + name + "' is a metric, not a training objective");
            }
        };
    }
}
