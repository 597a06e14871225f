package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Tensor;

/** Softmax over the last axis, for turning logits into probabilities at inference; train with {@code CrossEntropyLoss} on the logits instead. */
public final class Softmax extends Module {
    @Override
    public Var forward(Var x) {
        return F.softmax(x);
    }

    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        if (input.rank() == 0) {
            throw new IllegalArgumentException("Predictor: Softmax planned on a scalar input");
        }
        Tensor y = ctx.buffer(input.shape());
        Backend be = ctx.backend();
        return LayerPlans.of(y, () -> be.softmax(input, y, false));
    }
}
