package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;

/** Elementwise {@code 1 / (1 + e^-x)}: {@code new Sequential(new Linear(4, 1, rng), new Sigmoid())}. */
public final class Sigmoid extends Module {
    @Override
    public Var forward(Var x) {
        return F.sigmoid(x);
    }
}
