package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Linear;
import dev.gatun.nn.MultiHeadAttention;
import dev.gatun.nn.TransformerEncoderBlock;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * Inference plans of self-attention without masks (what {@code forward(x)} computes) and of the
 * pre-LN encoder block around it, on [B, T, E] batch-first inputs. The heads are separated and
 * joined again by reorders into planned buffers, so every matmul runs on dense batches.
 */
final class AttentionPlans {
    private AttentionPlans() {}

    static LayerPlan selfAttention(MultiHeadAttention mha, Tensor input, PlanContext ctx) {
        int e = mha.embedDim(), heads = mha.heads(), d = e / heads;
        if (input.rank() != 3 || input.dim(2) != e) {
            throw new IllegalArgumentException("Predictor: MultiHeadAttention(" + e + ", " + heads + ") planned on input "
                    + Shapes.str(input.shape()) + " (expected [B, T, " + e + "])");
        }
        int b = input.dim(0), t = input.dim(1);
        Tensor w = ctx.weight(mha.namedParameters().get("in_proj_weight").value()); // [3E, E]: q, k, v blocks
        Tensor bias = ctx.weight(mha.namedParameters().get("in_proj_bias").value()).reshape(1, 3 * e);
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
        Tensor probs = ctx.buffer(b * heads, t, t);
        Tensor attended = ctx.buffer(b * heads, t, d);
        Tensor joinedView = attended.reshape(b, heads, t, d).permute(0, 2, 1, 3); // [B, T, H, d]
        Tensor joined = ctx.buffer(b, t, e);
        Tensor joined4 = joined.reshape(b, t, heads, d);
        LayerPlan out = Layers.linear((Linear) mha.children().get("out_proj"), joined, ctx);
        float scale = (float) (1.0 / Math.sqrt(d));
        Backend be = ctx.backend();
        return LayerPlans.of(out.output(), () -> {
            be.matmul(x2, false, w, true, qkv, 1f, 0f);
            be.binary(BinaryOp.ADD, qkv, bias, qkv);
            for (int i = 0; i < 3; i++) {
                be.copy(views[i], dense4[i]);
            }
            be.matmul(q, false, k, true, scores, scale, 0f); // q k^T / sqrt(d)
            be.softmax(scores, probs, false);
            be.matmul(probs, false, v, false, attended, 1f, 0f);
            be.copy(joinedView, joined4);
            out.run();
        });
    }

    /** x = x + attn(norm1(x)); x = x + linear2(act(linear1(norm2(x)))), dropout being the identity. */
    static LayerPlan encoderBlock(TransformerEncoderBlock block, Tensor input, PlanContext ctx) {
        var parts = block.children();
        LayerPlan norm1 = Layers.layerNorm((LayerNorm) parts.get("norm1"), input, ctx);
        LayerPlan attn = selfAttention((MultiHeadAttention) parts.get("self_attn"), norm1.output(), ctx);
        Tensor x1 = ctx.buffer(input.shape());
        LayerPlan norm2 = Layers.layerNorm((LayerNorm) parts.get("norm2"), x1, ctx);
        LayerPlan linear1 = Layers.linear((Linear) parts.get("linear1"), norm2.output(), ctx);
        LayerPlan act = Layers.eltwise(block.activation().equals("gelu") ? EltwiseOp.GELU_ERF : EltwiseOp.RELU, 0f,
                linear1.output(), ctx);
        LayerPlan linear2 = Layers.linear((Linear) parts.get("linear2"), act.output(), ctx);
        Tensor y = ctx.buffer(input.shape());
        Backend be = ctx.backend();
        LayerPlan[] ffn = {norm2, linear1, act, linear2};
        return LayerPlans.of(y, () -> {
            norm1.run();
            attn.run();
            be.binary(BinaryOp.ADD, input, attn.output(), x1);
            for (LayerPlan p : ffn) {
                p.run();
            }
            be.binary(BinaryOp.ADD, x1, linear2.output(), y);
        });
    }
}
