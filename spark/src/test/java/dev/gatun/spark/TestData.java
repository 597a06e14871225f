package dev.gatun.spark;

import dev.gatun.nn.Linear;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.loss.CrossEntropyLoss;
import dev.gatun.optim.Adam;
import dev.gatun.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/** A small classification task and model every Spark test uses. */
final class TestData {
    private TestData() {}

    static final int FEATURES = 12, CLASSES = 3;

    /** Three Gaussian blobs in 12 dimensions, labels 0..2. */
    static List<LabeledRow> blobs(int n, long seed) {
        Rng rng = new Rng(seed);
        List<LabeledRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % CLASSES;
            float[] x = new float[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                x[j] = (float) rng.nextGaussian() + (j % CLASSES == label ? 2f : 0f);
            }
            rows.add(new LabeledRow(x, label));
        }
        return rows;
    }

    static SparkTrainer.Builder mlp() {
        return SparkTrainer.builder(() -> new Sequential(new Linear(FEATURES, 16, new Rng(1)), new ReLU(),
                        new Linear(16, CLASSES, new Rng(2))), CrossEntropyLoss::new, ps -> new Adam(ps, 0.01f))
                .inputShape(FEATURES);
    }
}
