package dev.gatun.optim;

import dev.gatun.nn.Parameter;
import java.util.List;
import java.util.Locale;

/**
 * Optimizers by command-line name: {@code Optimizers.byName("adam", model.parameters(), 1e-3f)}.
 * Names: sgd, momentum (SGD, momentum 0.9), nesterov (SGD, Nesterov momentum 0.9), adam, adamw.
 */
public final class Optimizers {
    private Optimizers() {}

    public static List<String> names() {
        return List.of("sgd", "momentum", "nesterov", "adam", "adamw");
    }

    /** With PyTorch's default weight decay: 0, and 0.01 for AdamW. */
    public static Optimizer byName(String name, List<Parameter> params, float lr) {
        boolean adamw = name.toLowerCase(Locale.ROOT).equals("adamw");
        return byName(name, params, lr, adamw ? AdamW.DEFAULT_WEIGHT_DECAY : 0f);
    }

    /** {@code weightDecay} is L2 on the gradient for SGD and Adam, decoupled for AdamW. */
    public static Optimizer byName(String name, List<Parameter> params, float lr, float weightDecay) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new SGD(params, lr, 0f, 0f, weightDecay, false);
            case "momentum" -> new SGD(params, lr, 0.9f, 0f, weightDecay, false);
            case "nesterov" -> new SGD(params, lr, 0.9f, 0f, weightDecay, true);
            case "adam" -> new Adam(params, lr, 0.9f, 0.999f, 1e-8f, weightDecay);
            case "adamw" -> new AdamW(params, lr, 0.9f, 0.999f, 1e-8f, weightDecay);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of " + names());
        };
    }
}
