package dev.gatun.nn;

import dev.gatun.autograd.AttentionF;
import dev.gatun.autograd.Var;
import dev.gatun.tensor.Rng;

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

    public Parameter weight() {
        return weight;
    }

    @Override
    protected String extraRepr() {
        return num + ", " + dim;
    }
}
