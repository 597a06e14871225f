package dev.gatun.train;

import dev.gatun.data.Split;

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
     * A finished run: its metrics and weights, the model to predict with, and what frees the
     * model's memory (its parameters live off-heap until closed).
     */
    record Trained(TrainResult result, Classifier classifier, Runnable release) {}
}
