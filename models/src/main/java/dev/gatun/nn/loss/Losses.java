package dev.gatun.nn.loss;

import java.util.List;
import java.util.Locale;

/**
 * Losses by command-line name, mean-reduced: {@code Losses.byName("cross_entropy")}. Names:
 * mse, mae (l1), cross_entropy (ce), bce (bce_with_logits), hinge (binary, targets +-1 or 0/1),
 * multi_margin (multiclass_hinge), zero_one (a metric without gradient).
 */
public final class Losses {
    private Losses() {}

    public static List<String> names() {
        return List.of("mse", "mae", "cross_entropy", "bce", "hinge", "multi_margin", "zero_one");
    }

    public static Loss byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "mse", "l2" -> new MSELoss();
            case "mae", "l1" -> new L1Loss();
            case "cross_entropy", "ce", "softmax_cross_entropy" -> new CrossEntropyLoss();
            case "bce", "bce_with_logits", "binary_cross_entropy" -> new BCEWithLogitsLoss();
            case "hinge", "binary_hinge" -> new HingeLoss();
            case "multi_margin", "multiclass_hinge", "multi_hinge" -> new MultiMarginLoss();
            case "zero_one", "0_1", "01" -> new ZeroOneLoss();
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of " + names());
        };
    }
}
