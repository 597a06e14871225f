package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;

/** Softmax over the last axis, for turning logits into probabilities at inference; train with {@code CrossEntropyLoss} on the logits instead. */
public final class Softmax extends Module {
    @Override
    public Var forward(Var x) {
        return F.softmax(x);
    }
}
