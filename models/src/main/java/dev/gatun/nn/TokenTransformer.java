package dev.gatun.nn;

import dev.gatun.autograd.AttentionF;
import dev.gatun.autograd.Var;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack of pre-LN transformer blocks over token ids, predicting a token at every position:
 *
 * <pre>
 *   ids [B, T] -> embed -> + pos -> layers.0 ... layers.(n-1) -> norm -> head -> logits [B, T, vocab]
 * </pre>
 *
 * With {@code causal} each position attends only to itself and earlier ones: that is a
 * decoder-only (GPT-style) language model, trained to predict the next token
 * ({@link #languageModel}). Without it every position sees the whole sequence: an encoder that
 * labels each token (sequence reversal). Positions are learned ({@code pos.weight}).
 * Parameter names follow PyTorch ({@code layers.0.self_attn.in_proj_weight}, ...), so a stack
 * of {@code nn.TransformerEncoderLayer(norm_first=True)} loads them.
 */
public final class TokenTransformer extends Module {
    private final int vocab;
    private final int dModel;
    private final int maxLength;
    private final boolean causal;
    private final Embedding embed;
    private final PositionalEncoding pos;
    private final Sequential layers; // a container for the names ("layers.0..."): each block also takes the mask
    private final List<TransformerEncoderBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final Linear head;

    public TokenTransformer(int vocab, int dModel, int heads, int layerCount, int feedForward, int maxLength,
                            boolean causal, String activation, float dropout, Rng rng) {
        if (layerCount < 1) {
            throw new IllegalArgumentException("TokenTransformer: need at least one layer, got " + layerCount);
        }
        this.vocab = vocab;
        this.dModel = dModel;
        this.maxLength = maxLength;
        this.causal = causal;
        this.embed = child("embed", new Embedding(vocab, dModel, rng));
        Init.normal(0f, 0.02f).fill(embed.weight().value(), rng); // GPT-2's scale: N(0, 1) would drown the positions
        this.pos = child("pos", PositionalEncoding.learned(maxLength, dModel, rng));
        this.layers = child("layers", new Sequential());
        for (int i = 0; i < layerCount; i++) {
            TransformerEncoderBlock block = new TransformerEncoderBlock(dModel, heads, feedForward, activation, dropout, rng);
            layers.add(block);
            blocks.add(block);
        }
        this.norm = child("norm", new LayerNorm(dModel));
        this.head = child("head", new Linear(dModel, vocab, rng));
    }

    /** A decoder-only character (or token) language model: causal attention. */
    public static TokenTransformer languageModel(int vocab, int dModel, int heads, int layerCount, int maxLength,
                                                 float dropout, Rng rng) {
        return new TokenTransformer(vocab, dModel, heads, layerCount, 4 * dModel, maxLength, true, "gelu", dropout, rng);
    }

    /** ids [B, T] (T up to the maximum length) to logits [B, T, vocab]. */
    @Override
    public Var forward(Var ids) {
        if (ids.rank() != 2 || ids.dim(1) > maxLength) {
            throw new IllegalArgumentException("TokenTransformer: expected ids [B, T <= " + maxLength + "], got "
                    + dev.gatun.tensor.Shapes.str(ids.shape()));
        }
        Tensor mask = causal ? AttentionF.causalMask(ids.dim(1)) : null;
        Var x = pos.forward(embed.forward(ids));
        for (TransformerEncoderBlock block : blocks) {
            x = block.forward(x, mask, null);
        }
        return head.forward(norm.forward(x));
    }

    /** ids [B, T] to logits [B, T, vocab], the causal mask (if any) fixed in the plan. */
    @Override
    public LayerPlan plan(Tensor ids, PlanContext ctx) {
        if (ids.rank() != 2 || ids.dim(1) > maxLength) {
            throw new IllegalArgumentException("Predictor: TokenTransformer planned on ids "
                    + dev.gatun.tensor.Shapes.str(ids.shape()) + " (expected [B, T <= " + maxLength + "])");
        }
        Tensor mask = causal ? AttentionF.causalMask(ids.dim(1)) : null;
        List<LayerPlan> steps = new ArrayList<>();
        steps.add(embed.plan(ids, ctx));
        steps.add(pos.plan(steps.getLast().output(), ctx));
        for (TransformerEncoderBlock block : blocks) {
            steps.add(block.plan(steps.getLast().output(), mask, ctx));
        }
        steps.add(norm.plan(steps.getLast().output(), ctx));
        steps.add(head.plan(steps.getLast().output(), ctx));
        return LayerPlans.chain(ids, steps);
    }

    public int vocab() {
        return vocab;
    }

    public int maxLength() {
        return maxLength;
    }

    public boolean causal() {
        return causal;
    }

    @Override
    protected String extraRepr() {
        return "vocab=" + vocab + ", d_model=" + dModel + ", layers=" + layers.size() + ", max_length=" + maxLength
                + (causal ? ", causal" : "");
    }
}
