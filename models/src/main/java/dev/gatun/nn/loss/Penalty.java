package dev.gatun.nn.loss;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.nn.Parameter;
import dev.gatun.tensor.Tensor;
import java.util.List;

/**
 * An L1 or L2 weight penalty to add to a loss:
 *
 * <pre>{@code
 * Penalty l2 = Penalty.l2(1e-4f, false);                       // weights only
 * Var total = F.add(loss.forward(out, y), l2.apply(model.parameters()));
 * }</pre>
 *
 * L1 is {@code lambda * sum |w|} (gradient lambda * sign(w), 0 at 0); L2 is
 * {@code lambda * sum w^2} <em>without</em> a 1/2 (gradient 2 lambda w; PyTorch's weight_decay
 * = d corresponds to L2 lambda = d/2). With {@code includeBiases} false, only parameters of rank 2
 * or more (weight matrices, kernels) are penalized: biases and normalization scales are skipped.
 */
public final class Penalty {
    private final boolean l1;
    private final float lambda;
    private final boolean includeBiases;

    private Penalty(boolean l1, float lambda, boolean includeBiases) {
        if (!(lambda >= 0f) || !Float.isFinite(lambda)) {
            throw new IllegalArgumentException("Penalty: lambda must be finite and non-negative, got " + lambda);
        }
        this.l1 = l1;
        this.lambda = lambda;
        this.includeBiases = includeBiases;
    }

    public static Penalty l1(float lambda, boolean includeBiases) {
        return new Penalty(true, lambda, includeBiases);
    }

    public static Penalty l2(float lambda, boolean includeBiases) {
        return new Penalty(false, lambda, includeBiases);
    }

    /** The penalty over {@code params} as a one-element Var (0 when none are selected). */
    public Var apply(List<Parameter> params) {
        Var total = null;
        for (Parameter p : params) {
            if (!includeBiases && p.rank() < 2) {
                continue;
            }
            Var term = F.sum(l1 ? F.abs(p) : F.square(p));
            total = total == null ? term : F.add(total, term);
        }
        return total == null ? Var.constant(Tensor.zeros()) : F.mul(total, lambda);
    }

    public float lambda() {
        return lambda;
    }

    public boolean isL1() {
        return l1;
    }
}
