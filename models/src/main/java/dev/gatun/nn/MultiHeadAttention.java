package dev.gatun.nn;

import dev.gatun.autograd.AttentionF;
import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.ReduceOp;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
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
 * var both = attn.forwardWithWeights(x, x, x, null, null);          // also the weights [B, T, T]
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
        return attend(query, key, value, attnMask, keyPadding, false).output();
    }

    /** The output of attention and its weights averaged over the heads, or null when not asked for. */
    public record Attention(Var output, Var weights) {}

    /**
     * As {@link #forward(Var, Var, Var, Tensor, boolean[][])}, also returning the attention
     * weights [B, Tq, Tk] averaged over the heads, as PyTorch's {@code need_weights=True}
     * (with {@code average_attn_weights=True}); both are differentiable.
     */
    public Attention forwardWithWeights(Var query, Var key, Var value, Tensor attnMask, boolean[][] keyPadding) {
        return attend(query, key, value, attnMask, keyPadding, true);
    }

    private Attention attend(Var query, Var key, Var value, Tensor attnMask, boolean[][] keyPadding, boolean needWeights) {
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
        Var probs = AttentionF.attentionWeights(q, k, heads, mask(attnMask, keyPadding, b, tq, tk)); // [B*H, Tq, Tk]
        Var attended = F.matmul(probs, v);
        // [B*H, Tq, d] -> [B, Tq, H*d]: the heads side by side again, as the out-projection expects
        Var joined = F.reshape(F.transpose(F.reshape(attended, b, heads, tq, embedDim / heads), 1, 2), b, tq, embedDim);
        Var weights = needWeights ? F.mean(F.reshape(probs, b, heads, tq, tk), false, 1) : null;
        return new Attention(outProj.forward(joined), weights);
    }

    // ---- inference plans -----------------------------------------------------------------------

    /** Self-attention without masks, what {@code forward(x)} computes. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        return planSelfAttention(input, null, false, ctx).step();
    }

    /**
     * A planned self-attention: {@code step} leaves the output [B, T, E] in {@code step.output()}
     * and, when planned with {@code needWeights}, the weights averaged over heads [B, T, T] in
     * {@code weights} (else null).
     */
    public record PlannedAttention(LayerPlan step, Tensor weights) {}

    /**
     * Plans self-attention on {@code input} [B, T, E] with an optional fixed {@code attnMask}
     * [T, T] (copied into the plan now, e.g. {@link AttentionF#causalMask}), as
     * {@code forwardWithWeights(x, x, x, attnMask, null)}. A key-padding mask changes per call
     * and is not planned. The heads are separated and joined again by reorders into planned
     * buffers, so every matmul runs on dense batches.
     */
    public PlannedAttention planSelfAttention(Tensor input, Tensor attnMask, boolean needWeights, PlanContext ctx) {
        int e = embedDim, d = e / heads;
        if (input.rank() != 3 || input.dim(2) != e) {
            throw new IllegalArgumentException("Predictor: MultiHeadAttention(" + e + ", " + heads + ") planned on input "
                    + Shapes.str(input.shape()) + " (expected [B, T, " + e + "])");
        }
        int b = input.dim(0), t = input.dim(1);
        mask(attnMask, null, b, t, t); // checks its shape
        Tensor mask4 = attnMask == null ? null : ctx.copyOf(attnMask).reshape(1, 1, t, t);
        Tensor w = ctx.weight(inProjWeight.value()); // [3E, E]: q, k, v blocks
        Tensor bias = ctx.weight(inProjBias.value()).reshape(1, 3 * e);
        Tensor x2 = input.reshape(b * t, e);
        Tensor qkv = ctx.buffer(b * t, 3 * e);
        // [B, T, 3, H, d] -> three [B, H, T, d] views, copied dense as [B*H, T, d]
        Tensor split = qkv.reshape(b, t, 3, heads, d);
        Tensor[] views = new Tensor[3], dense = new Tensor[3], dense4 = new Tensor[3];
        for (int i = 0; i < 3; i++) {
            views[i] = split.select(2, i).permute(0, 2, 1, 3);
            dense[i] = ctx.buffer(b * heads, t, d);
            dense4[i] = dense[i].reshape(b, heads, t, d);
        }
        Tensor q = dense[0], k = dense[1], v = dense[2];
        Tensor scores = ctx.buffer(b * heads, t, t);
        Tensor scores4 = scores.reshape(b, heads, t, t);
        Tensor probs = ctx.buffer(b * heads, t, t);
        Tensor probs4 = probs.reshape(b, heads, t, t);
        Tensor mean = needWeights ? ctx.buffer(b, 1, t, t) : null;
        Tensor attended = ctx.buffer(b * heads, t, d);
        Tensor joinedView = attended.reshape(b, heads, t, d).permute(0, 2, 1, 3); // [B, T, H, d]
        Tensor joined = ctx.buffer(b, t, e);
        Tensor joined4 = joined.reshape(b, t, heads, d);
        LayerPlan out = outProj.plan(joined, ctx);
        float scale = (float) (1.0 / Math.sqrt(d));
        Backend be = ctx.backend();
        LayerPlan step = LayerPlans.of(out.output(), () -> {
            be.matmul(x2, false, w, true, qkv, 1f, 0f);
            be.binary(BinaryOp.ADD, qkv, bias, qkv);
            for (int i = 0; i < 3; i++) {
                be.copy(views[i], dense4[i]);
            }
            be.matmul(q, false, k, true, scores, scale, 0f); // q k^T / sqrt(d)
            if (mask4 != null) {
                be.binary(BinaryOp.ADD, scores4, mask4, scores4);
            }
            be.softmax(scores, probs, false);
            if (mean != null) {
                be.reduce(ReduceOp.MEAN, probs4, mean);
            }
            be.matmul(probs, false, v, false, attended, 1f, 0f);
            be.copy(joinedView, joined4);
            out.run();
        });
        return new PlannedAttention(step, mean == null ? null : mean.reshape(b, t, t));
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
