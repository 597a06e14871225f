package dev.gatun.cli.models;

import dev.gatun.data.Split;
import dev.gatun.tensor.Rng;
import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;

/**
 * Trains a {@link Perceptron} with Rosenblatt's rule, one example at a time in a shuffled
 * order each epoch. The "loss" it reports is the 0-1 loss (the fraction of rows it gets
 * wrong): the rule has no differentiable loss. It stops early once an epoch makes no mistake,
 * since from then on the rule changes nothing.
 *
 * <p>It is not a {@link dev.gatun.train.Trainer}: the rule has no loss to differentiate and no gradients, so
 * there is nothing for a {@link dev.gatun.train.TrainStep}'s backward pass, gradient listeners, clipping or
 * optimizer to work on; it updates Java arrays one example at a time.
 */
public final class PerceptronTraining {
    private PerceptronTraining() {}

    /**
     * Trains {@code p} (normally a fresh, all-zero one) on {@code data.train()}. The result's
     * backend is "none": the rule runs on Java arrays, not on a tensor backend.
     */
    public static TrainResult train(Perceptron p, Split data, int epochs, float lr, long seed, TrainListener listener) {
        if (!data.train().isClassification()) {
            throw new IllegalArgumentException("perceptron: needs class labels; " + data.train().name()
                    + " is a regression set");
        }
        Rng rng = new Rng(seed);
        int n = data.train().rows();
        int[] order = new int[n];
        java.util.Arrays.setAll(order, i -> i);
        String model = "perceptron " + data.train().columns() + "-" + data.train().classes() + " step";
        listener.start(model, epochs, n);
        var history = new java.util.ArrayList<EpochMetrics>();
        long start = System.nanoTime();
        boolean converged = false;
        for (int epoch = 1; epoch <= epochs && !converged; epoch++) {
            long epochStart = System.nanoTime();
            rng.shuffle(order);
            int mistakes = 0;
            for (int i = 0; i < n; i++) {
                int r = order[i];
                if (p.learn(data.train().row(r), data.train().label(r), lr)) {
                    mistakes++;
                }
                if ((i & 63) == 63 || i == n - 1) {
                    listener.step(epoch, i + 1, (double) mistakes / (i + 1));
                }
            }
            double trainAccuracy = p.accuracy(data.train());
            double valAccuracy = p.accuracy(data.validation());
            EpochMetrics m = new EpochMetrics(epoch, 1 - trainAccuracy, trainAccuracy, 1 - valAccuracy, valAccuracy, n,
                    (System.nanoTime() - epochStart) / 1e9);
            history.add(m);
            listener.epoch(m);
            converged = mistakes == 0;
            if (converged && epoch < epochs) {
                listener.note("perceptron: no mistakes in epoch " + epoch + ", the rule has converged");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double valAccuracy = p.accuracy(data.validation());
        return new TrainResult(model, data.train().name().replace("/train", ""), "none", 1, history,
                history.size(), converged && history.size() < epochs, (long) n * history.size(), seconds,
                1 - valAccuracy, valAccuracy, p.weights());
    }
}
