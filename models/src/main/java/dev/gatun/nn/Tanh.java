package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;

/** Elementwise hyperbolic tangent: {@code new Sequential(new Linear(2, 8, rng), new Tanh())}. */
public final class Tanh extends Module {
    @Override
    public Var forward(Var x) {
        return F.tanh(x);
    }
}
