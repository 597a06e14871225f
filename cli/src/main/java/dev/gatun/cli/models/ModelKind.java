package dev.gatun.cli.models;

import dev.gatun.data.Split;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;
import java.util.Map;

/**
 * A kind of model the command line can train ({@code gatun train NAME}): it builds a model
 * for the data's shape from the configuration and trains it. New kinds (cnn, lstm, ...) are
 * one class each, added to {@link Models}.
 */
public interface ModelKind {

    /** The name on the command line. */
    String name();

    /** One line for {@code --help}. */
    String summary();

    /** Builds a model for {@code data} as {@code config} says and trains it on the current backend. */
    Trained train(TrainConfig config, Split data, TrainListener listener);

    /**
     * This kind's defaults (its data set, layer sizes, batch, ...), which the command line's
     * options override. The shared ones by default.
     */
    default TrainConfig.Builder defaults() {
        return TrainConfig.builder().model(name());
    }

    /**
     * Whether this kind reads {@code data} itself (token sequences, text) rather than being given
     * a table from {@link dev.gatun.data.DataSets}; then {@link #trainOnOwnData} trains it.
     */
    default boolean readsItself(String data) {
        return false;
    }

    /** Reads the data {@code config} names and trains on it; for kinds whose {@link #readsItself} says so. */
    default Trained trainOnOwnData(TrainConfig config, TrainListener listener) {
        throw new UnsupportedOperationException(name() + " trains on tables from DataSets only");
    }

    /**
     * A finished run: its metrics and weights, the model to predict with, and what frees the
     * model's memory (its parameters live off-heap until closed).
     */
    record Trained(TrainResult result, Classifier classifier, Runnable release, Map<String, String> metadata) {
        /** Extra checkpoint metadata ({@code __metadata__} of the safetensors file) a model needs to be rebuilt. */
        public Trained {
            metadata = Map.copyOf(metadata);
        }

        public Trained(TrainResult result, Classifier classifier, Runnable release) {
            this(result, classifier, release, Map.of());
        }
    }
}
