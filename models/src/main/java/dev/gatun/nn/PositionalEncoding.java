package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.BinaryOp;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;

/**
 * Adds each position's vector to x [B, T, dim] (T up to {@code maxLength}), so attention, which
 * by itself ignores order, can tell positions apart.
 *
 * <ul>
 *   <li>{@link #sinusoidal}: the fixed table of "Attention Is All You Need",
 *       {@code pe[t, 2i] = sin(t / 10000^(2i/dim))}, {@code pe[t, 2i+1] = cos(...)}; no parameters.
 *   <li>{@link #learned}: a trained table "weight" [maxLength, dim], drawn from N(0, 0.02^2) as in GPT-2.
 * </ul>
 */
public final class PositionalEncoding extends Module {
    private final int maxLength;
    private final int dim;
    private final Parameter weight; // learned; null for the sinusoidal table
    private final float[] table; // sinusoidal [maxLength * dim] on the heap; null for the learned one

    private PositionalEncoding(int maxLength, int dim, Rng rng) {
        if (maxLength <= 0 || dim <= 0) {
            throw new IllegalArgumentException("PositionalEncoding: sizes must be positive, got maxLength=" + maxLength
                    + " dim=" + dim);
        }
        this.maxLength = maxLength;
        this.dim = dim;
        if (rng == null) {
            this.weight = null;
            this.table = sinusoidalTable(maxLength, dim);
        } else {
            this.weight = parameter("weight", maxLength, dim);
            this.table = null;
            Init.normal(0f, 0.02f).fill(weight.value(), rng);
        }
    }

    public static PositionalEncoding sinusoidal(int maxLength, int dim) {
        return new PositionalEncoding(maxLength, dim, null);
    }

    public static PositionalEncoding learned(int maxLength, int dim, Rng rng) {
        return new PositionalEncoding(maxLength, dim, rng);
    }

    @Override
    public Var forward(Var x) {
        if (x.rank() != 3 || x.dim(2) != dim || x.dim(1) > maxLength) {
            throw new IllegalArgumentException("PositionalEncoding: expected x [B, T <= " + maxLength + ", " + dim
                    + "], got " + dev.gatun.tensor.Shapes.str(x.shape()));
        }
        int t = x.dim(1);
        // y = x + pe[:T] (broadcast over the batch)
        Var pe = weight != null ? F.slice(weight, 0, 0, t)
                : Var.constant(Tensor.of(java.util.Arrays.copyOf(table, t * dim), t, dim)); // in the step's scope
        return F.add(x, pe);
    }

    /** y = x + pe[:T], the table's rows from the snapshot (learned) or copied into the plan (sinusoidal). */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        if (input.rank() != 3 || input.dim(2) != dim || input.dim(1) > maxLength) {
            throw new IllegalArgumentException("Predictor: PositionalEncoding planned on input "
                    + dev.gatun.tensor.Shapes.str(input.shape()) + " (expected [B, T <= " + maxLength + ", " + dim + "])");
        }
        int t = input.dim(1);
        Tensor pe;
        if (weight != null) {
            pe = ctx.weight(weight.value()).slice(0, 0, t).reshape(1, t, dim); // the first rows: contiguous
        } else {
            pe = ctx.buffer(1, t, dim);
            pe.copyFrom(java.util.Arrays.copyOf(table, t * dim));
        }
        Tensor y = ctx.buffer(input.shape());
        Backend be = ctx.backend();
        return LayerPlans.of(y, () -> be.binary(BinaryOp.ADD, input, pe, y));
    }

    /** The sinusoidal table [maxLength, dim], row-major. */
    private static float[] sinusoidalTable(int length, int d) {
        float[] pe = new float[length * d];
        for (int pos = 0; pos < length; pos++) {
            for (int i = 0; i < d; i += 2) {
                double angle = pos / Math.pow(10000, (double) i / d);
                pe[pos * d + i] = (float) Math.sin(angle);
                if (i + 1 < d) {
                    pe[pos * d + i + 1] = (float) Math.cos(angle);
                }
            }
        }
        return pe;
    }

    @Override
    protected String extraRepr() {
        return (weight != null ? "learned" : "sinusoidal") + ", max_length=" + maxLength + ", dim=" + dim;
    }
}
