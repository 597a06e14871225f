package dev.gatun.spark;

import java.io.Serializable;

/**
 * One training example as Spark moves it: the features (row-major, one sample's shape, e.g. 784
 * pixels of a [1, 28, 28] image) and the target (a class index for classification, a value for
 * regression).
 */
public record LabeledRow(float[] features, float label) implements Serializable {
    public LabeledRow {
        if (features == null) {
            throw new IllegalArgumentException("LabeledRow: features are null");
        }
    }
}
