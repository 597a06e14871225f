package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Tensor;

/**
 * Gaussian error linear unit {@code x * Phi(x)}: exact (erf) by default, or PyTorch's
 * {@code approximate='tanh'} with {@code new GELU(true)}.
 */
public final class GELU extends Module {
    private final boolean tanhApproximation;

    public GELU() {
        this(false);
    }

    public GELU(boolean tanhApproximation) {
        this.tanhApproximation = tanhApproximation;
    }

    @Override
    public Var forward(Var x) {
        return F.gelu(x, tanhApproximation);
    }

    /** Whether this is PyTorch's approximate='tanh' form. */
    public boolean tanhApproximation() {
        return tanhApproximation;
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + (tanhApproximation ? "tanh" : "none") + "'";
    }

    /** In place on the planned input, as every activation. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        return LayerPlans.eltwise(tanhApproximation ? EltwiseOp.GELU_TANH : EltwiseOp.GELU_ERF, 0f, input, ctx);
    }
}
