package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Tensor;

/** Heaviside step (1 where x > 0, else 0), the perceptron's activation; its gradient is 0, so layers before it do not learn by gradient. */
public final class Step extends Module {
    @Override
    public Var forward(Var x) {
        return F.step(x);
    }

    /** In place on the planned input, as every activation. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        return LayerPlans.eltwise(EltwiseOp.STEP, 0f, input, ctx);
    }
}
