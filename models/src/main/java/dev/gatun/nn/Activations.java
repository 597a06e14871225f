package dev.gatun.nn;

import java.util.List;
import java.util.Locale;

/**
 * Activation modules by command-line name: {@code Activations.byName("relu")}. Names:
 * relu, leaky_relu, sigmoid, tanh, gelu, gelu_tanh, step, softmax, identity (or linear, none).
 */
public final class Activations {
    private Activations() {}

    /** The names {@link #byName} accepts (aliases aside). */
    public static List<String> names() {
        return List.of("relu", "leaky_relu", "sigmoid", "tanh", "gelu", "gelu_tanh", "step", "softmax", "identity");
    }

    public static Module byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "relu" -> new ReLU();
            case "leaky_relu", "leakyrelu" -> new LeakyReLU();
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            case "gelu" -> new GELU(false);
            case "gelu_tanh" -> new GELU(true);
            case "step", "heaviside" -> new Step();
            case "softmax" -> new Softmax();
            case "identity", "linear", "none" -> new Identity();
            default -> throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of " + names());
        };
    }
}
