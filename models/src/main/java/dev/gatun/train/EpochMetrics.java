package dev.gatun.train;

/**
 * What one epoch did. Losses are means over rows; accuracies are fractions in [0, 1] (NaN for
 * a regression set, or an empty validation set). {@code seconds} is the epoch's wall time;
 * {@code trainSeconds} the part of it spent in training steps (validation excluded), which
 * samples/s is measured against.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                           long samples, double seconds, double trainSeconds) {

    /** An epoch without a separate validation pass: all of its time is training. */
    public EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                        long samples, double seconds) {
        this(epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, samples, seconds, seconds);
    }

    /** Training rows over the time in training steps: what the progress line, --json and bench/e2e call samples/s. */
    public double samplesPerSecond() {
        return trainSeconds > 0 ? samples / trainSeconds : Double.NaN;
    }
}
