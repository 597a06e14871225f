package dev.gatun.nn;

import dev.gatun.autograd.AttentionF;
import dev.gatun.autograd.Var;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A lookup table of learned vectors, PyTorch's {@code Embedding(num_embeddings, embedding_dim)}:
 * weight [num, dim] drawn from N(0, 1); the input holds token ids (whole numbers stored as
 * floats, any shape) and the output appends a dim axis: ids [B, T] give [B, T, dim].
 */
public final class Embedding extends Module {
    private final int num;
    private final int dim;
    private final Parameter weight;

    public Embedding(int num, int dim, Rng rng) {
        if (num <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding: sizes must be positive, got num=" + num + " dim=" + dim);
        }
        this.num = num;
        this.dim = dim;
        this.weight = parameter("weight", num, dim);
        Init.normal(0f, 1f).fill(weight.value(), rng);
    }

    @Override
    public Var forward(Var ids) {
        return AttentionF.embedding(weight, ids.value());
    }

    /** Row copies from the weight snapshot, each id checked on every call (ids come from the caller). */
    @Override
    public LayerPlan plan(Tensor ids, PlanContext ctx) {
        if (!ids.isContiguous()) {
            throw new IllegalArgumentException("Predictor: Embedding planned on a strided view " + Shapes.str(ids.shape()));
        }
        int[] outShape = java.util.Arrays.copyOf(ids.shape(), ids.rank() + 1);
        outShape[ids.rank()] = dim;
        Tensor y = ctx.buffer(outShape);
        MemorySegment src = ctx.weight(weight.value()).contiguous().segment(), dst = y.segment(), in = ids.segment();
        int n = Math.toIntExact(ids.numel());
        long rowBytes = (long) dim * Float.BYTES;
        return LayerPlans.of(y, () -> {
            for (int i = 0; i < n; i++) {
                float v = in.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                int id = (int) v;
                if (id != v || id < 0 || id >= num) {
                    throw new IllegalArgumentException("Predictor: Embedding id " + v + " at flat position " + i
                            + " is not a whole number in [0, " + num + ")");
                }
                MemorySegment.copy(src, id * rowBytes, dst, i * rowBytes, rowBytes); // y[i, :] = weight[id, :]
            }
        });
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    protected String extraRepr() {
        return num + ", " + dim;
    }
}
