package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;

/** Elementwise {@code max(x, 0)}: {@code new Sequential(new Linear(2, 8, rng), new ReLU())}. */
public final class ReLU extends Module {
    @Override
    public Var forward(Var x) {
        return F.relu(x);
    }
}
