package dev.gatun.nn;

import dev.gatun.autograd.Var;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Tensor;

/** Returns its input unchanged: a placeholder activation ("linear", "none"). */
public final class Identity extends Module {
    @Override
    public Var forward(Var x) {
        return x;
    }

    /** The identity at inference: no step at all. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        ctx.passThrough(input);
        return LayerPlans.identity(input);
    }
}
