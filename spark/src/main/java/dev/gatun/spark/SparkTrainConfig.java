package dev.gatun.spark;

import dev.gatun.nn.Module;
import dev.gatun.nn.Parameter;
import dev.gatun.nn.loss.Loss;
import dev.gatun.optim.Optimizer;
import java.io.Serializable;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every worker of a Spark training run needs, shipped to the executors with the task: the
 * factories that build the same model, loss and optimizer in every replica (so they must be
 * serializable lambdas or classes, and deterministic: a seeded model gives identical replicas),
 * and the run's settings.
 *
 * @param inputShape      one sample's shape ([784] for an MLP, [1, 28, 28] for a CNN)
 * @param epochs          passes over each worker's partition
 * @param batchPerWorker  rows each worker takes per step (the global batch is workers x this)
 * @param seed            shuffles each worker's rows per epoch (seed, epoch and rank decide the order)
 * @param checkpointDir   where rank 0 writes the checkpoint a retried stage resumes from; null for none
 * @param checkpointEvery steps between checkpoints (and at the end of every epoch)
 * @param checksumEvery   steps between checks that every replica holds the same weights
 * @param timeoutMillis   how long a worker waits for a peer in the ring before failing
 * @param failure         a test's injected failure, or null
 */
public record SparkTrainConfig(ModelFactory model, LossFactory loss, OptimizerFactory optimizer, int[] inputShape,
                               int epochs, int batchPerWorker, long seed, String checkpointDir, int checkpointEvery,
                               int checksumEvery, int timeoutMillis, InjectedFailure failure) implements Serializable {

    /** Builds one replica of the model; the same every time (seed the initialization). */
    @FunctionalInterface
    public interface ModelFactory extends Supplier<Module>, Serializable {}

    @FunctionalInterface
    public interface LossFactory extends Supplier<Loss>, Serializable {}

    /** The optimizer over a replica's parameters. */
    @FunctionalInterface
    public interface OptimizerFactory extends Function<List<Parameter>, Optimizer>, Serializable {}

    /**
     * For tests of recovery: rank {@code rank} throws at global step {@code step} unless
     * {@code marker} exists, and creates it first, so the retried stage runs through.
     */
    public record InjectedFailure(int rank, long step, String marker) implements Serializable {}

    public SparkTrainConfig {
        if (model == null || loss == null || optimizer == null) {
            throw new IllegalArgumentException("SparkTrainer: model, loss and optimizer factories are required");
        }
        if (inputShape == null || inputShape.length == 0) {
            throw new IllegalArgumentException("SparkTrainer: give one sample's input shape, e.g. inputShape(784)");
        }
        inputShape = inputShape.clone();
        for (int d : inputShape) {
            if (d < 1) {
                throw new IllegalArgumentException("SparkTrainer: input shape dimensions must be positive, got "
                        + java.util.Arrays.toString(inputShape));
            }
        }
        positive("epochs", epochs);
        positive("batchPerWorker", batchPerWorker);
        positive("checkpointEvery", checkpointEvery);
        positive("checksumEvery", checksumEvery);
        positive("timeoutMillis", timeoutMillis);
    }

    private static void positive(String what, long v) {
        if (v < 1) {
            throw new IllegalArgumentException("SparkTrainer: " + what + " must be at least 1, got " + v);
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    int sampleSize() {
        int n = 1;
        for (int d : inputShape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
