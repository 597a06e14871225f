package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Tensor;

/** Elementwise hyperbolic tangent: {@code new Sequential(new Linear(2, 8, rng), new Tanh())}. */
public final class Tanh extends Module {
    @Override
    public Var forward(Var x) {
        return F.tanh(x);
    }

    /** In place on the planned input, as every activation. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        return LayerPlans.eltwise(EltwiseOp.TANH, 0f, input, ctx);
    }
}
