package dev.gatun.nn;

import dev.gatun.autograd.AttentionF;
import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * Multi-head scaled dot-product attention, PyTorch's {@code MultiheadAttention(embed_dim,
 * num_heads, batch_first=True)} with its parameter names and layouts: {@code in_proj_weight}
 * [3E, E] (the q, k and v projections stacked in that order), {@code in_proj_bias} [3E],
 * {@code out_proj.weight} [E, E], {@code out_proj.bias} [E]. Initialized like PyTorch: Xavier
 * uniform in-projection, zero biases.
 *
 * <pre>{@code
 * var attn = new MultiHeadAttention(64, 4, rng);
 * Var y = attn.forward(x, x, x, AttentionF.causalMask(t), null);   // x [B, T, 64]
 * }</pre>
 */
public final class MultiHeadAttention extends Module {
    private final int embedDim;
    private final int heads;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;

    public MultiHeadAttention(int embedDim, int heads, Rng rng) {
        if (embedDim <= 0 || heads <= 0 || embedDim % heads != 0) {
            throw new IllegalArgumentException("MultiHeadAttention: embed_dim " + embedDim
                    + " must be a positive multiple of num_heads " + heads);
        }
        this.embedDim = embedDim;
        this.heads = heads;
        this.inProjWeight = parameter("in_proj_weight", 3 * embedDim, embedDim);
        this.inProjBias = parameter("in_proj_bias", 3 * embedDim);
        this.outProj = child("out_proj", new Linear(embedDim, embedDim, rng));
        Init.xavierUniform(1f).fill(inProjWeight.value(), rng);
        outProj.bias().value().fill(0f);
    }

    /** Self-attention with neither mask. */
    @Override
    public Var forward(Var x) {
        return forward(x, x, x, null, null);
    }

    /**
     * Attention of {@code query} [B, Tq, E] over {@code key} and {@code value} [B, Tk, E]. The
     * optional {@code attnMask} [Tq, Tk] is added to the scores (0 or {@link AttentionF#MASKED},
     * e.g. {@link AttentionF#causalMask}); {@code keyPadding} [B][Tk] (or null) marks keys no
     * query may attend to. Returns [B, Tq, E].
     */
    public Var forward(Var query, Var key, Var value, Tensor attnMask, boolean[][] keyPadding) {
        if (query.rank() != 3 || key.rank() != 3 || value.rank() != 3 || query.dim(2) != embedDim
                || key.dim(2) != embedDim || value.dim(2) != embedDim || key.dim(1) != value.dim(1)
                || query.dim(0) != key.dim(0) || key.dim(0) != value.dim(0)) {
            throw new IllegalArgumentException("MultiHeadAttention: expected query [B,Tq," + embedDim + "], key and value [B,Tk,"
                    + embedDim + "], got " + Shapes.str(query.shape()) + ", " + Shapes.str(key.shape()) + ", "
                    + Shapes.str(value.shape()));
        }
        int b = query.dim(0), tq = query.dim(1), tk = key.dim(1);
        Var q = heads(project(query, 0), b, tq);
        Var k = heads(project(key, 1), b, tk);
        Var v = heads(project(value, 2), b, tk);
        Var attended = AttentionF.scaledDotProductAttention(q, k, v, heads, mask(attnMask, keyPadding, b, tq, tk));
        // [B*H, Tq, d] -> [B, Tq, H*d]: the heads side by side again, as the out-projection expects
        Var joined = F.reshape(F.transpose(F.reshape(attended, b, heads, tq, embedDim / heads), 1, 2), b, tq, embedDim);
        return outProj.forward(joined);
    }

    /** x W_part^T + b_part, where part 0, 1, 2 is the q, k or v block of the stacked in-projection. */
    private Var project(Var x, int part) {
        int from = part * embedDim, to = from + embedDim;
        return F.linear(x, F.slice(inProjWeight, 0, from, to), F.slice(inProjBias, 0, from, to));
    }

    /** [B, T, E] -> [B*H, T, d]: each head's slice of the features becomes its own batch entry. */
    private Var heads(Var x, int b, int t) {
        return F.reshape(F.transpose(F.reshape(x, b, t, heads, embedDim / heads), 1, 2), b * heads, t, embedDim / heads);
    }

    /** The additive mask over scores [B, H, Tq, Tk]: the attention mask, the padding mask, their sum, or null. */
    private static Tensor mask(Tensor attnMask, boolean[][] keyPadding, int b, int tq, int tk) {
        if (attnMask != null && (attnMask.rank() != 2 || attnMask.dim(0) != tq || attnMask.dim(1) != tk)) {
            throw new IllegalArgumentException("MultiHeadAttention: attn_mask must be [" + tq + ", " + tk + "], got "
                    + Shapes.str(attnMask.shape()));
        }
        if (keyPadding == null) {
            return attnMask;
        }
        if (keyPadding.length != b || (b > 0 && keyPadding[0].length != tk)) {
            throw new IllegalArgumentException("MultiHeadAttention: key_padding_mask must be [" + b + "][" + tk + "]");
        }
        Tensor padding = AttentionF.keyPaddingMask(keyPadding); // [B, 1, 1, Tk]
        return attnMask == null ? padding : dev.gatun.ops.Ops.add(padding, attnMask); // [B, 1, Tq, Tk]
    }

    public int embedDim() {
        return embedDim;
    }

    public int heads() {
        return heads;
    }

    @Override
    protected String extraRepr() {
        return "embed_dim=" + embedDim + ", num_heads=" + heads + ", batch_first=True";
    }
}
