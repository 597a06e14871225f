package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Tensor;

/** Elementwise {@code max(x, 0)}: {@code new Sequential(new Linear(2, 8, rng), new ReLU())}. */
public final class ReLU extends Module {
    @Override
    public Var forward(Var x) {
        return F.relu(x);
    }

    /** In place on the planned input, as every activation. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        return LayerPlans.eltwise(EltwiseOp.RELU, 0f, input, ctx);
    }
}
