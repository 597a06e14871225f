package dev.gatun.cli.models;

import dev.gatun.data.Dataset;

/** A trained model's predictions: the class of each row of a data set (already standardized like its training data). */
@FunctionalInterface
public interface Classifier {
    int[] predict(Dataset data);
}
