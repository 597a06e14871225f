package dev.gatun.serve;

import dev.gatun.tensor.Tensor;

/**
 * The inference contract every {@link dev.gatun.nn.Module} implements next to its
 * {@code forward}: given the input buffer it will read, a module allocates its output and scratch
 * with {@link PlanContext#buffer}, reads its weights through {@link PlanContext#weight} (the
 * predictor's snapshot, not the live parameters), plans its children by calling their
 * {@code plan}, and checks every shape once, here; the returned {@link LayerPlan} then only
 * computes. A user's own module overrides {@code plan} the same way:
 *
 * <pre>{@code
 * @Override
 * public LayerPlan plan(Tensor input, PlanContext ctx) {
 *     Tensor out = ctx.buffer(input.shape());
 *     Tensor scale = ctx.weight(this.scale.value());
 *     return LayerPlans.of(out, () -> ctx.backend().binary(BinaryOp.MUL, input, scale, out));
 * }
 * }</pre>
 */
public interface Inferable {
    /** Plans this module's eval-mode forward pass on {@code input}, whose shape is fixed and content changes per call. */
    LayerPlan plan(Tensor input, PlanContext ctx);
}
