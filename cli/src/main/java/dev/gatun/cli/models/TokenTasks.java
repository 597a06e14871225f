package dev.gatun.cli.models;

import dev.gatun.data.CharCorpus;
import dev.gatun.data.TokenSequences;
import dev.gatun.nn.Module;
import dev.gatun.nn.loss.CrossEntropyLoss;
import dev.gatun.train.Examples;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;
import dev.gatun.train.Trainer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training on token sequences, shared by the kinds that take them: a model that maps ids
 * [B, T] to logits [B, T, vocab], trained by the {@link Trainer} per position, and the metrics each
 * task reports. Character corpora ({@code alice}, {@code FILE.txt}) give windows of
 * {@link #CHAR_CONTEXT} characters every {@link #CHAR_STRIDE}.
 */
final class TokenTasks {
    static final int CHAR_CONTEXT = 64;
    static final int CHAR_STRIDE = 8;
    /** Transformers and recurrent nets need clipped gradients to train stably at the default learning rates. */
    static final float CLIP_NORM = 1f;
    /** Rows per validation pass: bounds the memory of a [rows, T, T] attention. */
    static final int EVAL_ROWS = 256;

    private TokenTasks() {}

    /**
     * Trains {@code model} on {@code data} with the cross-entropy over every position; gradients
     * are clipped to a global norm of {@link #CLIP_NORM} unless the configuration says otherwise.
     */
    static TrainResult fit(String description, Module model, TrainConfig c, int defaultEpochs, TokenSequences.Split data,
                           TrainListener listener) {
        Trainer trainer = Networks.trainer(model, new CrossEntropyLoss(), c, defaultEpochs, CLIP_NORM,
                Networks.Seeds.of(c.seed())).perPosition(true).evalRows(EVAL_ROWS).build();
        try (Examples train = Examples.of(data.train()); Examples validation = Examples.of(data.validation())) {
            return trainer.fit(description, train, validation, listener);
        }
    }

    /**
     * A character language model of {@code kind} on the corpus {@code c.data()} names: its
     * validation loss (nats per character) beside the corpus's unigram entropy (nats), and the
     * checkpoint metadata {@code gatun generate} rebuilds it from.
     */
    static ModelKind.Trained characters(String kind, TrainConfig c, int defaultEpochs, TrainListener listener) {
        CharCorpus.Corpus corpus = CharCorpus.load(c.data(), CHAR_CONTEXT, CHAR_STRIDE,
                c.valFraction() > 0 ? c.valFraction() : 0.1);
        CharModels.Spec spec = new CharModels.Spec(kind, c.hidden(), CHAR_CONTEXT, corpus.vocabulary());
        Module model = CharModels.build(spec, c.dropout(), Networks.Seeds.of(c.seed()).init());
        String description = kind + " character model " + joined(c.hidden()) + ", vocabulary " + corpus.vocabulary().length;
        try {
            TrainResult r = fit(description, model, c, defaultEpochs, corpus.split(), listener);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("val_loss", r.valLoss());
            metrics.put("unigram_entropy", corpus.unigramEntropy());
            return new ModelKind.Trained(r.withMetrics(metrics), null, model::close, spec.metadata());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    static String joined(int[] sizes) {
        StringBuilder sb = new StringBuilder();
        for (int h : sizes) {
            sb.append(sb.isEmpty() ? "" : "-").append(h);
        }
        return sb.toString();
    }
}
