package dev.gatun.nn.loss;

import dev.gatun.autograd.Var;
import dev.gatun.tensor.Tensor;

/**
 * A training objective: maps a model's output and a target tensor to a one-element {@link Var}
 * (shape []) to call {@code backward()} on.
 *
 * <pre>{@code
 * Loss loss = Losses.byName("cross_entropy");
 * Var l = loss.forward(model.forward(Var.constant(x)), classIndices);
 * l.backward();
 * }</pre>
 *
 * Class targets are given as float tensors holding integer class indices.
 */
public interface Loss {
    Var forward(Var output, Tensor target);

    /** The command-line name ("mse", "cross_entropy", ...). */
    String name();
}
