package dev.gatun.report;

import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainListener;
import java.util.Arrays;

/**
 * Records the training loss of every reported step for the curves, and passes every call on to
 * the listener it wraps (the progress bar, or none).
 *
 * <p>The loops report after each step the mean loss over the epoch's rows so far (what the
 * progress line shows). The loss of the rows since the previous report follows from two such
 * means without touching the loops: {@code (mean * rows - previousMean * previousRows) / (rows
 * - previousRows)}. For the trainer that is one mini-batch; for the perceptron, which reports
 * every 64 examples, the mistake rate of those 64.
 *
 * <p>A step's position is in epochs: the last step of epoch 2 is at 2.0, where that epoch's
 * validation point is drawn.
 */
public final class StepLosses implements TrainListener {
    private final TrainListener next;
    private long rowsPerEpoch = 1;
    private int epoch;
    private long previousRows;
    private double previousSum;
    private double[] position = new double[256], loss = new double[256];
    private long[] rows = new long[256];
    private int size;

    public StepLosses(TrainListener next) {
        this.next = next;
    }

    /** A recorder that passes nothing on. */
    public StepLosses() {
        this(TrainListener.NONE);
    }

    @Override
    public void start(String model, int epochs, long rowsPerEpoch) {
        this.rowsPerEpoch = Math.max(1, rowsPerEpoch);
        next.start(model, epochs, rowsPerEpoch);
    }

    @Override
    public void step(int epoch, long rowsDone, double meanLoss) {
        if (epoch != this.epoch || rowsDone < previousRows) { // a new epoch: its mean starts over
            this.epoch = epoch;
            previousRows = 0;
            previousSum = 0;
        }
        double sum = meanLoss * rowsDone;
        long stepRows = rowsDone - previousRows;
        if (stepRows > 0) {
            add(epoch - 1 + (double) rowsDone / rowsPerEpoch, (sum - previousSum) / stepRows, stepRows);
        }
        previousRows = rowsDone;
        previousSum = sum;
        next.step(epoch, rowsDone, meanLoss);
    }

    @Override
    public void epoch(EpochMetrics metrics) {
        next.epoch(metrics);
    }

    @Override
    public void note(String message) {
        next.note(message);
    }

    private void add(double at, double value, long stepRows) {
        if (size == position.length) {
            position = Arrays.copyOf(position, 2 * size);
            loss = Arrays.copyOf(loss, 2 * size);
            rows = Arrays.copyOf(rows, 2 * size);
        }
        position[size] = at;
        loss[size] = value;
        rows[size] = stepRows;
        size++;
    }

    /** How many steps were recorded. */
    public int size() {
        return size;
    }

    /**
     * The recorded steps, merged into at most {@code maxPoints} points: each point is the
     * row-weighted mean loss of consecutive steps, drawn at the position of the last one. A
     * chart with more points than pixels shows only noise; the mean of a few steps shows the trend.
     */
    public Series points(int maxPoints) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("StepLosses.points: maxPoints must be at least 1, not " + maxPoints);
        }
        int perPoint = Math.max(1, (size + maxPoints - 1) / maxPoints);
        int n = (size + perPoint - 1) / perPoint;
        double[] x = new double[n], y = new double[n];
        for (int p = 0; p < n; p++) {
            int from = p * perPoint, to = Math.min(size, from + perPoint);
            double weighted = 0;
            long total = 0;
            for (int i = from; i < to; i++) {
                weighted += loss[i] * rows[i];
                total += rows[i];
            }
            x[p] = position[to - 1];
            y[p] = weighted / total;
        }
        return new Series(x, y, perPoint);
    }

    /** Points of a curve: positions in epochs, losses, and how many steps each point averages. */
    public record Series(double[] x, double[] y, int stepsPerPoint) {}
}
