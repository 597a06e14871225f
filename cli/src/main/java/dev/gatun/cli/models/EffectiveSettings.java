package dev.gatun.cli.models;

import dev.gatun.data.CharCorpus;
import dev.gatun.data.Split;

/**
 * The values a run used for the settings the configuration leaves to the model kind (epochs,
 * loss, learning rate, gradient clipping), resolved by the same rules the kinds apply, so that
 * {@code --json} writes what was used rather than "default".
 */
public final class EffectiveSettings {
    private EffectiveSettings() {}

    /** The epoch budget: the one given, or the kind's own for this data. */
    public static int epochs(TrainConfig c) {
        boolean characters = CharCorpus.isCorpus(c.data());
        return c.epochsOr(switch (c.model()) {
            case "cnn" -> CnnKind.DEFAULT_EPOCHS;
            case "logreg" -> LogisticRegressionKind.DEFAULT_EPOCHS;
            case "perceptron" -> PerceptronKind.DEFAULT_EPOCHS;
            case "rnn", "lstm", "gru" -> characters ? RecurrentKind.CHARACTER_EPOCHS : RecurrentKind.FORECAST_EPOCHS;
            case "transformer" -> characters ? TransformerKind.CHARACTER_EPOCHS : TransformerKind.REVERSE_EPOCHS;
            default -> MlpKind.DEFAULT_EPOCHS;
        });
    }

    /** The loss's name: the one given, else what {@code Head.forTask} and the kinds pick for {@code data}. */
    public static String loss(TrainConfig c, Split data) {
        if (c.model().equals("perceptron")) {
            return "perceptron_rule"; // the online rule counts mistakes; it has no differentiable loss
        }
        if (c.loss() != null) {
            return c.loss();
        }
        if (data == null) {
            return "cross_entropy"; // token and character models predict the next token
        }
        if (!data.train().isClassification()) {
            return "mse";
        }
        return c.model().equals("logreg") && data.train().classes() == 2 ? "bce" : "cross_entropy";
    }

    /** The gradient clip norm: the one given, else 1 for token and character models, else 0 (none). */
    public static float clipNorm(TrainConfig c, boolean readsItsOwnData) {
        return c.clipNormOr(readsItsOwnData ? TokenTasks.CLIP_NORM : 0f);
    }
}
