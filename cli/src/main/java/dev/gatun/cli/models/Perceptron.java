package dev.gatun.cli.models;

import dev.gatun.data.Dataset;
import dev.gatun.train.WeightArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rosenblatt's perceptron (1958): a weighted sum, a step, and a learning rule that is not a
 * gradient. For each example, predict {@code yhat = step(w.x + b)} (1 when the sum is above 0)
 * and nudge the weights by the error:
 *
 * <pre>
 *   w += lr * (y - yhat) * x
 *   b += lr * (y - yhat)
 * </pre>
 *
 * Nothing changes when the prediction is right. When the classes can be split by a straight
 * line (a hyperplane) the rule stops making mistakes after finitely many updates (Novikoff's
 * convergence theorem); when they cannot, as with XOR, it cycles forever.
 *
 * <p>More than two classes use the multiclass perceptron: one weight row per class, predict
 * the arg-max row, and on a mistake add {@code lr * x} to the true class's row and subtract it
 * from the predicted one's (for two classes this is the rule above, up to a factor 2).
 *
 * <p>Plain Java arrays, deliberately: the rule updates after every single example, which is
 * loop code, not tensor code.
 */
public final class Perceptron {
    private final int features;
    private final int classes;
    private final int outputs; // 1 for two classes (a single step unit), else one per class
    private final float[] weight; // [outputs, features]
    private final float[] bias; // [outputs]

    /** A perceptron with all weights zero, Rosenblatt's starting point. */
    public Perceptron(int features, int classes) {
        if (features < 1 || classes < 2) {
            throw new IllegalArgumentException("perceptron: needs at least 1 feature and 2 classes, got " + features
                    + " features and " + classes + " classes");
        }
        this.features = features;
        this.classes = classes;
        this.outputs = classes == 2 ? 1 : classes;
        this.weight = new float[outputs * features];
        this.bias = new float[outputs];
    }

    /** The predicted class of one row. */
    public int predict(float[] x) {
        if (outputs == 1) {
            return sum(0, x) > 0 ? 1 : 0; // step(w.x + b)
        }
        int best = 0;
        double bestSum = sum(0, x);
        for (int c = 1; c < outputs; c++) {
            double s = sum(c, x);
            if (s > bestSum) {
                best = c;
                bestSum = s;
            }
        }
        return best;
    }

    /** Applies the learning rule to one example; returns whether it was misclassified. */
    public boolean learn(float[] x, int y, float lr) {
        int yhat = predict(x);
        if (yhat == y) {
            return false;
        }
        if (outputs == 1) {
            float err = lr * (y - yhat); // +lr or -lr
            for (int j = 0; j < features; j++) {
                weight[j] += err * x[j];
            }
            bias[0] += err;
        } else {
            for (int j = 0; j < features; j++) {
                weight[y * features + j] += lr * x[j];
                weight[yhat * features + j] -= lr * x[j];
            }
            bias[y] += lr;
            bias[yhat] -= lr;
        }
        return true;
    }

    /** One pass of the rule over the rows in {@code order}; returns the number of mistakes made. */
    public int epoch(Dataset data, int[] order, float lr) {
        checkShape(data);
        int mistakes = 0;
        for (int r : order) {
            if (learn(data.row(r), data.label(r), lr)) {
                mistakes++;
            }
        }
        return mistakes;
    }

    /** Fraction of rows classified correctly (NaN for an empty set). */
    public double accuracy(Dataset data) {
        checkShape(data);
        if (data.rows() == 0) {
            return Double.NaN;
        }
        int right = 0;
        for (int r = 0; r < data.rows(); r++) {
            if (predict(data.row(r)) == data.label(r)) {
                right++;
            }
        }
        return (double) right / data.rows();
    }

    /** The weights as {@code weight} [outputs, features] and {@code bias} [outputs], copies. */
    public Map<String, WeightArray> weights() {
        Map<String, WeightArray> out = new LinkedHashMap<>();
        out.put("weight", new WeightArray(new int[] {outputs, features}, weight.clone()));
        out.put("bias", new WeightArray(new int[] {outputs}, bias.clone()));
        return out;
    }

    public int classes() {
        return classes;
    }

    private double sum(int row, float[] x) {
        double s = bias[row];
        for (int j = 0; j < features; j++) {
            s += weight[row * features + j] * x[j];
        }
        return s;
    }

    private void checkShape(Dataset data) {
        if (data.columns() != features || (data.rows() > 0 && data.classes() != classes)) {
            throw new IllegalArgumentException("perceptron: built for " + features + " features and " + classes
                    + " classes, data set " + data + " does not match");
        }
    }
}
