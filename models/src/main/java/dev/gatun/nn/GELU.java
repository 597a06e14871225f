package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;

/**
 * Gaussian error linear unit {@code x * Phi(x)}: exact (erf) by default, or PyTorch's
 * {@code approximate='tanh'} with {@code new GELU(true)}.
 */
public final class GELU extends Module {
    private final boolean tanhApproximation;

    public GELU() {
        this(false);
    }

    public GELU(boolean tanhApproximation) {
        this.tanhApproximation = tanhApproximation;
    }

    @Override
    public Var forward(Var x) {
        return F.gelu(x, tanhApproximation);
    }

    /** Whether this is PyTorch's approximate='tanh' form. */
    public boolean tanhApproximation() {
        return tanhApproximation;
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + (tanhApproximation ? "tanh" : "none") + "'";
    }
}
