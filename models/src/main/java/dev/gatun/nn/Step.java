package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;

/** Heaviside step (1 where x > 0, else 0), the perceptron's activation; its gradient is 0, so layers before it do not learn by gradient. */
public final class Step extends Module {
    @Override
    public Var forward(Var x) {
        return F.step(x);
    }
}
