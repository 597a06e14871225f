package dev.gatun.autograd;

import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The differentiable functions of embeddings and attention, beside {@link F}: token lookup
 * (gather, with a scatter-add backward) and scaled dot-product attention with an additive mask,
 * built from F's matmul and softmax. Masks are plain tensors of 0 (attend) and a large negative
 * number (do not), added to the scores; {@link #causalMask} and {@link #keyPaddingMask} make them.
 */
public final class AttentionF {
    /**
     * What a masked score becomes. Finite on purpose: with -inf a row with every key masked
     * would give NaN (PyTorch's behaviour); with this it gives a uniform average instead.
     */
    public static final float MASKED = -1e9f;

    private AttentionF() {}

    /**
     * Rows of {@code weight} [V, D] picked by {@code ids} (any shape, integer values in
     * [0, V) stored as floats): the result is [ids..., D]. Only the weight gets a gradient.
     */
    public static Var embedding(Var weight, Tensor ids) {
        Tensor w = weight.value();
        if (w.rank() != 2) {
            throw new IllegalArgumentException("embedding: weight must be [num_embeddings, dim], got " + Shapes.str(w.shape()));
        }
        int vocab = w.dim(0), dim = w.dim(1);
        int[] index = indices(ids, vocab);
        int[] outShape = new int[ids.rank() + 1];
        System.arraycopy(ids.shape(), 0, outShape, 0, ids.rank());
        outShape[ids.rank()] = dim;
        Tensor out = Tensor.zeros(outShape);
        MemorySegment src = w.contiguous().segment(), dst = out.segment();
        long rowBytes = (long) dim * Float.BYTES;
        for (int i = 0; i < index.length; i++) {
            // out[i, :] = weight[ids[i], :]
            MemorySegment.copy(src, index[i] * rowBytes, dst, i * rowBytes, rowBytes);
        }
        return Var.result("embedding", out, g -> {
            // out[i, :] = weight[ids[i], :]: dweight[v, :] = sum over i with ids[i] = v of dout[i, :]
            float[] dy = g.toArray();
            float[] dw = new float[vocab * dim];
            for (int i = 0; i < index.length; i++) {
                int row = index[i] * dim;
                for (int d = 0; d < dim; d++) {
                    dw[row + d] += dy[i * dim + d];
                }
            }
            return new Tensor[] {Tensor.of(dw, vocab, dim)};
        }, weight);
    }

    /** The ids of a float tensor, each checked to be a whole number in [0, vocab). */
    private static int[] indices(Tensor ids, int vocab) {
        float[] v = ids.toArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            int id = (int) v[i];
            if (id != v[i] || id < 0 || id >= vocab) {
                throw new IllegalArgumentException("embedding: id " + v[i] + " at flat position " + i + " of ids "
                        + Shapes.str(ids.shape()) + " is not a whole number in [0, " + vocab + ")");
            }
            out[i] = id;
        }
        return out;
    }

    /**
     * {@code softmax(q k^T / sqrt(d) + mask) v} per head, for q [B*H, Tq, d] and k, v [B*H, Tk, d]
     * (the H heads of each batch entry folded into the batch, entry-major). The mask, or null,
     * broadcasts against the scores viewed as [B, H, Tq, Tk]: [Tq, Tk] ({@link #causalMask}),
     * [B, 1, 1, Tk] ({@link #keyPaddingMask}) or their sum. Returns [B*H, Tq, d].
     */
    public static Var scaledDotProductAttention(Var q, Var k, Var v, int heads, Tensor mask) {
        if (v.rank() != 3 || k.rank() != 3 || k.dim(0) != v.dim(0) || k.dim(1) != v.dim(1)) {
            throw new IllegalArgumentException("scaledDotProductAttention: expected k [B*H,Tk,d], v [B*H,Tk,dv], got "
                    + Shapes.str(k.shape()) + ", " + Shapes.str(v.shape()));
        }
        return F.matmul(attentionWeights(q, k, heads, mask), v);
    }

    /**
     * The attention weights {@code softmax(q k^T / sqrt(d) + mask)} [B*H, Tq, Tk] of
     * {@link #scaledDotProductAttention}, the same shapes and mask.
     */
    public static Var attentionWeights(Var q, Var k, int heads, Tensor mask) {
        if (q.rank() != 3 || k.rank() != 3 || q.dim(0) != k.dim(0) || q.dim(2) != k.dim(2) || heads < 1
                || q.dim(0) % heads != 0) {
            throw new IllegalArgumentException("scaledDotProductAttention: expected q [B*H,Tq,d], k [B*H,Tk,d]"
                    + " with H = " + heads + ", got " + Shapes.str(q.shape()) + ", " + Shapes.str(k.shape()));
        }
        int bh = q.dim(0), tq = q.dim(1), tk = k.dim(1);
        // scores = q k^T / sqrt(d)
        Var scores = F.mul(F.matmul(q, false, k, true), (float) (1.0 / Math.sqrt(q.dim(2))));
        if (mask != null) {
            Var perHead = F.reshape(scores, bh / heads, heads, tq, tk);
            scores = F.reshape(F.add(perHead, Var.constant(mask)), bh, tq, tk);
        }
        return F.softmax(scores);
    }

    /** [T, T]: position t may attend to positions up to t only (what a decoder sees). */
    public static Tensor causalMask(int length) {
        float[] m = new float[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                m[i * length + j] = MASKED;
            }
        }
        return Tensor.of(m, length, length);
    }

    /**
     * [B, 1, 1, T] from padding flags [B, T] (true = padding, PyTorch's key_padding_mask): no
     * query attends to a padded key. It broadcasts against scores viewed as [B, H, Tq, T].
     */
    public static Tensor keyPaddingMask(boolean[][] padding) {
        int b = padding.length, t = b == 0 ? 0 : padding[0].length;
        float[] m = new float[b * t];
        for (int i = 0; i < b; i++) {
            if (padding[i].length != t) {
                throw new IllegalArgumentException("keyPaddingMask: row " + i + " has " + padding[i].length
                        + " flags, row 0 has " + t);
            }
            for (int j = 0; j < t; j++) {
                m[i * t + j] = padding[i][j] ? MASKED : 0f;
            }
        }
        return Tensor.of(m, b, 1, 1, t);
    }
}
