package dev.gatun.serve;

import dev.gatun.tensor.Tensor;

/**
 * A layer's input as its matrix product or convolution reads it in the plan's precision: the input
 * itself in float32; in bf16 a buffer {@link #update()} fills on every call, with the input
 * converted to bf16 where the backend does bf16 arithmetic, or rounded to bf16 values and kept in
 * float32 where its kernels would widen bf16 operands anyway (so the weights, kept the same way,
 * are never widened per call). Made by {@link PlanContext#productInput}.
 */
final class ProductInput {
    private final Tensor source;
    private final Tensor half; // the bf16 buffer, or null in float32
    private final Tensor operand;

    ProductInput(Tensor source, Tensor half, Tensor operand) {
        this.source = source;
        this.half = half;
        this.operand = operand;
    }

    /** What the product reads: the source, or the plan's buffer that {@link #update()} fills. */
    Tensor operand() {
        return operand;
    }

    /** Converts this call's input into the operand (nothing in float32); allocates nothing. */
    void update() {
        if (half != null) {
            source.convertInto(half);
            if (operand != half) {
                half.convertInto(operand);
            }
        }
    }
}
