package dev.gatun.data;

import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;

/**
 * Some rows of a {@link Dataset}, copied out: features [size, columns] row-major, class ids
 * (null for regression) and float targets (the class id as a float for classification).
 * The tensor views are made in the scope the caller passes, normally the step scope, so they
 * are freed with the step.
 */
public record Batch(float[] x, int size, int columns, int[] labels, float[] targets, int classes) {

    /** Features as a [size, columns] tensor in {@code scope}. */
    public Tensor features(Scope scope) {
        Tensor t = Tensor.zeros(scope, size, columns);
        t.copyFrom(x);
        return t;
    }

    /** Targets as a [size, 1] tensor (regression, or a binary label as 0/1). */
    public Tensor targetColumn(Scope scope) {
        Tensor t = Tensor.zeros(scope, size, 1);
        t.copyFrom(targets);
        return t;
    }

    /** Labels one-hot encoded as a [size, classes] tensor. */
    public Tensor oneHot(Scope scope) {
        if (labels == null) {
            throw new IllegalStateException("oneHot: a regression batch has no class labels");
        }
        float[] v = new float[size * classes];
        for (int i = 0; i < size; i++) {
            v[i * classes + labels[i]] = 1f;
        }
        Tensor t = Tensor.zeros(scope, size, classes);
        t.copyFrom(v);
        return t;
    }
}
