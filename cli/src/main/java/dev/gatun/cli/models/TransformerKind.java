package dev.gatun.cli.models;

import dev.gatun.data.CharCorpus;
import dev.gatun.data.Reversal;
import dev.gatun.data.Split;
import dev.gatun.data.TokenSequences;
import dev.gatun.nn.TokenTransformer;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;
import java.util.Map;

/**
 * {@code gatun train transformer}: pre-LN transformer blocks ({@code --hidden 64,64}: two blocks
 * of width 64, one attention head per 16 features, feed-forward 4x wide) over token sequences.
 * On {@code reverse} (the default) an encoder learns to output each sequence of 16 digits
 * reversed, a task only attention to the mirrored position solves; on {@code alice} or a
 * {@code FILE.txt}, a decoder-only (causal) character language model that {@code gatun generate}
 * samples from.
 */
final class TransformerKind implements ModelKind {
    /** Reversal is learnt in about one epoch; a character model keeps improving for a while. */
    static final int REVERSE_EPOCHS = 2, CHARACTER_EPOCHS = 20;
    static final int REVERSE_TRAIN = 10_000, REVERSE_VALIDATION = 1_000;

    @Override
    public String name() {
        return "transformer";
    }

    @Override
    public String summary() {
        return "pre-LN transformer: reverses digit sequences (reverse), or a character language model (FILE.txt)";
    }

    @Override
    public TrainConfig.Builder defaults() {
        return TrainConfig.builder().model(name()).data("reverse").hidden(64, 64).batch(64).lr(0.002f).patience(5);
    }

    @Override
    public boolean readsItself(String data) {
        return data.equals("reverse") || CharCorpus.isCorpus(data);
    }

    @Override
    public Trained train(TrainConfig config, Split data, TrainListener listener) {
        throw new IllegalArgumentException("the transformer trains on token sequences: reverse, alice or a FILE.txt; not "
                + config.data());
    }

    @Override
    public Trained trainOnOwnData(TrainConfig c, TrainListener listener) {
        int[] h = c.hidden();
        if (!c.data().equals("reverse")) {
            return TokenTasks.characters(name(), c, CHARACTER_EPOCHS, listener);
        }
        TokenSequences.Split data = Reversal.split(REVERSE_TRAIN, REVERSE_VALIDATION, Reversal.LENGTH, c.seed());
        int width = width(h);
        TokenTransformer model = new TokenTransformer(data.train().vocabSize(), width, heads(width), h.length, 4 * width,
                Reversal.LENGTH, false, c.activation(), c.dropout(), Networks.Seeds.of(c.seed()).init());
        String description = "transformer encoder " + TokenTasks.joined(h) + ", " + heads(width) + " heads";
        try {
            TrainResult r = TokenTasks.fit(description, model, c, REVERSE_EPOCHS, data, listener);
            return new Trained(r.withMetrics(Map.of("val_token_accuracy", r.valAccuracy())), null, model::close);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The blocks' common width; transformer blocks are stacked on one residual stream, so all sizes must agree. */
    static int width(int[] hidden) {
        for (int h : hidden) {
            if (h != hidden[0]) {
                throw new IllegalArgumentException("transformer: --hidden gives one width per block and all must agree"
                        + " (they share the residual stream), got " + java.util.Arrays.toString(hidden));
            }
        }
        return hidden[0];
    }

    /** One head per 16 features (at least one), a divisor of the width. */
    static int heads(int width) {
        int heads = Math.max(1, width / 16);
        while (width % heads != 0) {
            heads--;
        }
        return heads;
    }
}
