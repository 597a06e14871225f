package dev.gatun.nn;

import dev.gatun.autograd.ConvF;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.ops.Ops;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Tensor;

/** Max pooling over NCHW, as PyTorch's {@code MaxPool2d} (floor mode): {@code new MaxPool2d(2)} halves H and W. */
public final class MaxPool2d extends Module {
    private final Pool2dParams params;

    public MaxPool2d(Pool2dParams params) {
        this.params = params;
    }

    /** A square window with stride equal to the kernel (PyTorch's default) and no padding. */
    public MaxPool2d(int kernel) {
        this(Pool2dParams.of(kernel, kernel, 0));
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        this(Pool2dParams.of(kernel, stride, padding));
    }

    @Override
    public Var forward(Var x) {
        return ConvF.maxPool2d(x, params);
    }

    public Pool2dParams params() {
        return params;
    }

    @Override
    protected String extraRepr() {
        return Pooling.repr(params);
    }

    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        Tensor y = Pooling.output("MaxPool2d", input, params, ctx);
        ctx.check(() -> Ops.maxPool2dInto(input, y, params));
        return LayerPlans.of(y, ctx.maxPool2d(input, y, params));
    }
}
