package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import java.util.Locale;

/**
 * A pre-LN transformer encoder layer, PyTorch's {@code TransformerEncoderLayer(d_model, nhead,
 * dim_feedforward, dropout, activation, batch_first=True, norm_first=True)} with its parameter
 * names ({@code self_attn.*}, {@code linear1}, {@code linear2}, {@code norm1}, {@code norm2}):
 *
 * <pre>
 *   x = x + dropout1(self_attn(norm1(x)))
 *   x = x + dropout2(linear2(dropout(activation(linear1(norm2(x))))))
 * </pre>
 *
 * Normalizing before each sub-layer keeps the residual path an identity, which lets deep stacks
 * train without a learning-rate warm-up.
 */
public final class TransformerEncoderBlock extends Module {
    private final MultiHeadAttention selfAttn;
    private final Linear linear1;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final boolean gelu;
    private final float dropout;
    private final Rng dropoutRng;

    /** {@code activation} is relu or gelu; {@code dropout} 0 turns dropout off. */
    public TransformerEncoderBlock(int dModel, int heads, int feedForward, String activation, float dropout, Rng rng) {
        String act = activation.toLowerCase(Locale.ROOT);
        if (!act.equals("relu") && !act.equals("gelu")) {
            throw new IllegalArgumentException("TransformerEncoderBlock: activation must be relu or gelu, got " + activation);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("TransformerEncoderBlock: dropout must be in [0, 1), got " + dropout);
        }
        this.selfAttn = child("self_attn", new MultiHeadAttention(dModel, heads, rng));
        this.linear1 = child("linear1", new Linear(dModel, feedForward, rng));
        this.linear2 = child("linear2", new Linear(feedForward, dModel, rng));
        this.norm1 = child("norm1", new LayerNorm(dModel));
        this.norm2 = child("norm2", new LayerNorm(dModel));
        this.gelu = act.equals("gelu");
        this.dropout = dropout;
        this.dropoutRng = rng.split();
    }

    /** Without masks. */
    @Override
    public Var forward(Var x) {
        return forward(x, null, null);
    }

    /** x [B, T, d_model]; the masks as in {@link MultiHeadAttention#forward(Var, Var, Var, Tensor, boolean[][])}. */
    public Var forward(Var x, Tensor attnMask, boolean[][] keyPadding) {
        Var h = norm1.forward(x);
        x = F.add(x, drop(selfAttn.forward(h, h, h, attnMask, keyPadding)));
        Var hidden = linear1.forward(norm2.forward(x));
        hidden = gelu ? F.gelu(hidden, false) : F.relu(hidden);
        return F.add(x, drop(linear2.forward(drop(hidden))));
    }

    /** Without masks, what {@code forward(x)} computes. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        return plan(input, null, ctx);
    }

    /**
     * Plans {@code forward(x, attnMask, null)} on {@code input} [B, T, d_model], the mask
     * [T, T] (or null) fixed now: x1 = x + attn(norm1(x)); y = x1 + linear2(act(linear1(norm2(x1)))),
     * dropout being the identity.
     */
    public LayerPlan plan(Tensor input, Tensor attnMask, PlanContext ctx) {
        LayerPlan n1 = norm1.plan(input, ctx);
        LayerPlan attn = selfAttn.planSelfAttention(n1.output(), attnMask, false, ctx).step();
        Tensor x1 = ctx.buffer(input.shape());
        LayerPlan n2 = norm2.plan(x1, ctx);
        LayerPlan l1 = linear1.plan(n2.output(), ctx);
        LayerPlan act = LayerPlans.eltwise(gelu ? EltwiseOp.GELU_ERF : EltwiseOp.RELU, 0f, l1.output(), ctx);
        LayerPlan l2 = linear2.plan(act.output(), ctx);
        Tensor y = ctx.buffer(input.shape());
        Backend be = ctx.backend();
        LayerPlan[] ffn = {n2, l1, act, l2};
        return LayerPlans.of(y, () -> {
            n1.run();
            attn.run();
            be.binary(BinaryOp.ADD, input, attn.output(), x1);
            for (LayerPlan p : ffn) {
                p.run();
            }
            be.binary(BinaryOp.ADD, x1, l2.output(), y);
        });
    }

    private Var drop(Var x) {
        return F.dropout(x, dropout, dropoutRng, isTraining());
    }

    /** "relu" or "gelu", the feed-forward activation. */
    public String activation() {
        return gelu ? "gelu" : "relu";
    }

    @Override
    protected String extraRepr() {
        return "norm_first=True, activation=" + (gelu ? "gelu" : "relu") + ", dropout=" + dropout;
    }
}
