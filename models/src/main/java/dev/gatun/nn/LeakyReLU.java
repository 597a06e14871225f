package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Tensor;

/** {@code x > 0 ? x : slope * x}, slope 0.01 by default as in PyTorch: {@code new LeakyReLU(0.2f)}. */
public final class LeakyReLU extends Module {
    public static final float DEFAULT_SLOPE = 0.01f;

    private final float slope;

    public LeakyReLU() {
        this(DEFAULT_SLOPE);
    }

    public LeakyReLU(float negativeSlope) {
        if (!Float.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU: negative slope must be finite, got " + negativeSlope);
        }
        this.slope = negativeSlope;
    }

    public float negativeSlope() {
        return slope;
    }

    @Override
    public Var forward(Var x) {
        return F.leakyRelu(x, slope);
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + slope;
    }

    /** In place on the planned input, as every activation. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        return LayerPlans.eltwise(EltwiseOp.RELU, slope, input, ctx);
    }
}
