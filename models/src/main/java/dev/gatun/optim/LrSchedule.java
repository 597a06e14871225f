package dev.gatun.optim;

/**
 * A learning-rate schedule over epochs: call {@link #step()} once at the end of each epoch and
 * it sets the optimizer's learning rate for the next one.
 *
 * <pre>{@code
 * LrSchedule schedule = new CosineAnnealing(opt, epochs, 0f);
 * for (int e = 0; e < epochs; e++) { trainOneEpoch(); schedule.step(); }
 * }</pre>
 */
public abstract class LrSchedule {
    private final Optimizer optimizer;
    private final float baseLr;
    private int epoch;

    protected LrSchedule(Optimizer optimizer) {
        this.optimizer = optimizer;
        this.baseLr = optimizer.learningRate();
    }

    /** The learning rate for (zero-based) {@code epoch}, given the initial rate. */
    public abstract float learningRateAt(int epoch, float baseLr);

    /** Advances one epoch and sets the optimizer's learning rate; returns it. */
    public float step() {
        epoch++;
        float lr = learningRateAt(epoch, baseLr);
        optimizer.setLearningRate(lr);
        return lr;
    }

    /** Epochs completed so far (PyTorch's last_epoch). */
    public int epoch() {
        return epoch;
    }

    public float baseLearningRate() {
        return baseLr;
    }
}
