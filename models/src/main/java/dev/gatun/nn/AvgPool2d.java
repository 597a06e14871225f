package dev.gatun.nn;

import dev.gatun.autograd.ConvF;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.ops.Ops;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Tensor;

/**
 * Average pooling over NCHW, as PyTorch's {@code AvgPool2d} (floor mode); padded zeros count in
 * the divisor unless {@code countIncludePad} is false (PyTorch's {@code count_include_pad}).
 */
public final class AvgPool2d extends Module {
    private final Pool2dParams params;
    private final boolean countIncludePad;

    public AvgPool2d(Pool2dParams params, boolean countIncludePad) {
        this.params = params;
        this.countIncludePad = countIncludePad;
    }

    /** A square window with stride equal to the kernel and no padding. */
    public AvgPool2d(int kernel) {
        this(Pool2dParams.of(kernel, kernel, 0), true);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        this(Pool2dParams.of(kernel, stride, padding), true);
    }

    @Override
    public Var forward(Var x) {
        return ConvF.avgPool2d(x, params, countIncludePad);
    }

    public Pool2dParams params() {
        return params;
    }

    /** PyTorch's count_include_pad. */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    protected String extraRepr() {
        return Pooling.repr(params) + (countIncludePad ? "" : ", count_include_pad=False");
    }

    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        Tensor y = Pooling.output("AvgPool2d", input, params, ctx);
        Backend be = ctx.backend();
        ctx.check(() -> Ops.avgPool2dInto(input, y, params, countIncludePad));
        return LayerPlans.of(y, () -> be.avgPool2d(input, y, params, countIncludePad));
    }
}
