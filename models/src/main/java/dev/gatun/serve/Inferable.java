package dev.gatun.serve;

import dev.gatun.tensor.Tensor;

/**
 * A module that plans its own inference, for layers {@link Predictor} does not know: given the
 * input buffer it will read, it allocates its output and scratch with {@link PlanContext#buffer},
 * reads its weights through {@link PlanContext#weight} (the predictor's snapshot, not the live
 * parameters) and checks every shape once, here; the returned {@link LayerPlan} then only computes.
 *
 * <pre>{@code
 * public LayerPlan plan(Tensor input, PlanContext ctx) {
 *     Tensor out = ctx.buffer(input.shape());
 *     Tensor scale = ctx.weight(this.scale.value());
 *     return LayerPlans.of(out, () -> ctx.backend().binary(BinaryOp.MUL, input, scale, out));
 * }
 * }</pre>
 */
public interface Inferable {
    /** Plans this module's forward pass on {@code input}, whose shape is fixed and content changes per call. */
    LayerPlan plan(Tensor input, PlanContext ctx);
}
