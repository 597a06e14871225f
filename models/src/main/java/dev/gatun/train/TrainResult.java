package dev.gatun.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one training run: what was trained on what, the per-epoch history, and the
 * final model's weights and metrics. With early stopping the final model is the best epoch's
 * (its weights are restored), so {@link #valAccuracy()} is that epoch's.
 *
 * @param model       what was trained, e.g. {@code mlp 2-64-64-2 relu}
 * @param data        the data set's name
 * @param backend     the backend the steps ran on
 * @param threads     its thread count
 * @param history     one entry per epoch run
 * @param bestEpoch   the epoch whose weights the model ends with (1-based)
 * @param stoppedEarly whether early stopping ended the run before the epoch budget
 * @param samples     training rows processed (rows x epochs)
 * @param seconds     wall time of the training loop, validation included
 * @param valLoss     the final model's validation loss (NaN without validation rows)
 * @param valAccuracy the final model's validation accuracy in [0, 1] (NaN without validation rows)
 * @param weights     the final model's weights by name
 * @param metrics     the model's own metrics beyond loss and accuracy, by their JSON name
 *                    ({@code val_mse}, {@code unigram_entropy}, ...), in the order to report them
 */
public record TrainResult(String model, String data, String backend, int threads, List<EpochMetrics> history,
                          int bestEpoch, boolean stoppedEarly, long samples, double seconds, double valLoss,
                          double valAccuracy, Map<String, WeightArray> weights, Map<String, Double> metrics) {

    public TrainResult(String model, String data, String backend, int threads, List<EpochMetrics> history,
                       int bestEpoch, boolean stoppedEarly, long samples, double seconds, double valLoss,
                       double valAccuracy, Map<String, WeightArray> weights) {
        this(model, data, backend, threads, history, bestEpoch, stoppedEarly, samples, seconds, valLoss, valAccuracy,
                weights, Map.of());
    }

    /** This result with {@code more} metrics added after the ones it has. */
    public TrainResult withMetrics(Map<String, Double> more) {
        Map<String, Double> all = new LinkedHashMap<>(metrics);
        all.putAll(more);
        return new TrainResult(model, data, backend, threads, history, bestEpoch, stoppedEarly, samples, seconds,
                valLoss, valAccuracy, weights, all);
    }

    public TrainResult {
        history = List.copyOf(history);
        if (!history.isEmpty() && (bestEpoch < 1 || bestEpoch > history.size())) {
            throw new IllegalArgumentException("best epoch " + bestEpoch + " outside the " + history.size() + " epochs run");
        }
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights)); // keeps the layer order
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public int epochs() {
        return history.size();
    }

    /** The training loss of the epoch the final weights come from (the best one, after early stopping). */
    public double finalTrainLoss() {
        return history.isEmpty() ? Double.NaN : history.get(bestEpoch - 1).trainLoss();
    }

    /** The training accuracy of the epoch the final weights come from. */
    public double finalTrainAccuracy() {
        return history.isEmpty() ? Double.NaN : history.get(bestEpoch - 1).trainAccuracy();
    }

    /**
     * Training throughput: rows trained on over the time spent in training steps. Validation is
     * left out of the time (it is reported per epoch beside it), so this is the figure the
     * end-to-end benchmark and a PyTorch loop's samples/s mean; {@link #seconds} is the whole loop.
     */
    public double samplesPerSecond() {
        double t = trainSeconds();
        return t > 0 ? samples / t : Double.NaN;
    }

    /** The time spent in training steps, summed over the epochs (validation excluded). */
    public double trainSeconds() {
        return history.stream().mapToDouble(EpochMetrics::trainSeconds).sum();
    }

    /** The per-epoch training losses, for comparing runs. */
    public double[] trainLosses() {
        return history.stream().mapToDouble(EpochMetrics::trainLoss).toArray();
    }
}
