package dev.gatun.train;

/**
 * What one epoch did. Losses are means over rows; accuracies are fractions in [0, 1] (NaN for
 * a regression set, or an empty validation set). {@code seconds} is the epoch's wall time.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                           long samples, double seconds) {}
