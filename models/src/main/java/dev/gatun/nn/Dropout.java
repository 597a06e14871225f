package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;

/**
 * Inverted dropout: in training mode zeroes each element with probability p and scales the rest
 * by 1/(1-p); in {@link #eval()} mode the identity. Masks come from the given {@link Rng}, so a
 * seed fixes them: {@code new Sequential(new Linear(8, 8, rng), new ReLU(), new Dropout(0.5f, rng.split()))}.
 */
public final class Dropout extends Module {
    private final float p;
    private final Rng rng;

    public Dropout(float p, Rng rng) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Var forward(Var x) {
        return F.dropout(x, p, rng, isTraining());
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }

    /** Eval mode is the identity: no step at all. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        ctx.passThrough(input);
        return LayerPlans.identity(input);
    }
}
