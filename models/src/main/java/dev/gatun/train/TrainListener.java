package dev.gatun.train;

/** Hears a training run as it goes: for progress bars, logs and tests. Every method is optional. */
public interface TrainListener {
    TrainListener NONE = new TrainListener() {};

    /** Before the first epoch: the epoch budget and how many rows one epoch trains on. */
    default void start(String model, int epochs, long rowsPerEpoch) {}

    /**
     * After each training step (a mini-batch; for the perceptron's online rule, every 64 examples):
     * {@code loss} is the mean over the epoch's first {@code rowsDone} rows, not the step's own, so
     * a progress line shows it as it is. Two such means give the loss of the rows between them
     * (the per-step curve of {@code --plot} is drawn so).
     */
    default void step(int epoch, long rowsDone, double loss) {}

    /** After each epoch, with its metrics. */
    default void epoch(EpochMetrics metrics) {}

    /** A one-line note (early stopping, weights restored). */
    default void note(String message) {}
}
