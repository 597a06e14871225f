package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/**
 * Splits the last axis into {@code shape}, as PyTorch's {@code Unflatten(1, shape)} on [N, D]
 * input: rows of 784 pixels become images [N, 1, 28, 28] for a convolution.
 */
public final class Unflatten extends Module {
    private final int[] shape;

    public Unflatten(int... shape) {
        if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("Unflatten: sizes must be positive, got " + Arrays.toString(shape));
        }
        this.shape = shape.clone();
    }

    @Override
    public Var forward(Var x) {
        return F.reshape(x, outShape(x.shape()));
    }

    /** [N, prod(shape)] to [N, shape...], checked. */
    private int[] outShape(int[] in) {
        long n = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        if (in.length != 2 || in[1] != n) {
            throw new IllegalArgumentException("Unflatten: expected [N, " + n + "] to split into " + Arrays.toString(shape)
                    + ", got " + Shapes.str(in));
        }
        int[] out = new int[shape.length + 1];
        out[0] = in[0];
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    @Override
    protected String extraRepr() {
        return "dim=1, unflattened_size=" + Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    /** A view of the input: no work at all. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        ctx.passThrough(input);
        return LayerPlans.identity(input.reshape(outShape(input.shape())));
    }
}
