package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Tensor;

/** Elementwise {@code 1 / (1 + e^-x)}: {@code new Sequential(new Linear(4, 1, rng), new Sigmoid())}. */
public final class Sigmoid extends Module {
    @Override
    public Var forward(Var x) {
        return F.sigmoid(x);
    }

    /** In place on the planned input, as every activation. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        return LayerPlans.eltwise(EltwiseOp.SIGMOID, 0f, input, ctx);
    }
}
