package dev.gatun.nn;

import dev.gatun.autograd.Var;
import dev.gatun.tensor.Tensor;

/**
 * A trainable tensor of a {@link Module}: a leaf {@link Var} that requires a gradient, lives in
 * the module's scope (its gradient and any optimizer state are allocated there too) and has a
 * local name ("weight", "bias"). Modules create them with {@code Module.parameter(name, shape)};
 * {@link Module#namedParameters()} gives the full PyTorch-style names ("0.weight").
 */
public final class Parameter extends Var {
    private final String name;

    public Parameter(String name, Tensor value) {
        super(value, true);
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("Parameter: name must be non-empty without dots, got '" + name + "'");
        }
        this.name = name;
    }

    /** The local name inside its module ("weight"). */
    public String name() {
        return name;
    }

    /** Number of scalar weights. */
    public long numel() {
        return value().numel();
    }

    @Override
    public String toString() {
        return "Parameter[" + name + ", " + value() + "]";
    }
}
