package dev.gatun.nn;

import dev.gatun.autograd.ConvF;
import dev.gatun.autograd.Var;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/** Flattens every axis from {@code startDim} (default 1) into one, as PyTorch's {@code Flatten}: [N, C, H, W] to [N, C*H*W]. */
public final class Flatten extends Module {
    private final int startDim;

    public Flatten() {
        this(1);
    }

    public Flatten(int startDim) {
        this.startDim = startDim;
    }

    @Override
    public Var forward(Var x) {
        return ConvF.flatten(x, startDim);
    }

    public int startDim() {
        return startDim;
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=-1";
    }

    /** A view of the input with the axes from startDim on merged: no work at all. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        int start = Shapes.axis("Flatten", startDim, input.rank());
        int[] shape = new int[start + 1];
        for (int i = 0; i < start; i++) {
            shape[i] = input.dim(i);
        }
        shape[start] = -1;
        ctx.passThrough(input);
        return LayerPlans.identity(input.reshape(shape));
    }
}
