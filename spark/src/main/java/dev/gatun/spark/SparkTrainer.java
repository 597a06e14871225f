package dev.gatun.spark;

import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.Function1;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Synchronous data-parallel training on Apache Spark: one model replica per partition, run as
 * the tasks of a barrier stage (Spark starts them together and retries them together), gradients
 * averaged every step over a TCP ring between the tasks ({@link RingAllReduce}), so K workers with
 * batch b train like one process with batch K b.
 *
 * <pre>{@code
 * SparkTrainResult r = SparkTrainer.builder(() -> new Sequential(new Linear(784, 128, new Rng(1)), new ReLU(),
 *                 new Linear(128, 10, new Rng(2))), CrossEntropyLoss::new, ps -> new Adam(ps, 1e-3f))
 *         .inputShape(784).epochs(3).batchPerWorker(32).checkpointDir("/shared/run1").build()
 *         .fit(rows);                                   // a JavaRDD<LabeledRow>, one partition per worker
 * }</pre>
 *
 * <p>Recovery: with a checkpoint directory every worker can read (a shared file system, or the
 * local disk in local mode), a failed task fails the barrier stage, Spark runs it again
 * ({@code spark.stage.maxConsecutiveAttempts}), and the new attempt resumes from the last
 * checkpoint. The barrier stage ends in a shuffle: Spark retries a barrier stage only when it is
 * not the job's final one.
 */
public final class SparkTrainer {
    private final SparkTrainConfig config;

    private SparkTrainer(SparkTrainConfig config) {
        this.config = config;
    }

    public static Builder builder(SparkTrainConfig.ModelFactory model, SparkTrainConfig.LossFactory loss,
                                  SparkTrainConfig.OptimizerFactory optimizer) {
        return new Builder(model, loss, optimizer);
    }

    public SparkTrainConfig config() {
        return config;
    }

    /** Trains on {@code rows}, one worker per partition; returns the model worker 0 ends with (all workers' weights agree). */
    public SparkTrainResult fit(JavaRDD<LabeledRow> rows) {
        checkOnDriver();
        int workers = rows.getNumPartitions();
        SparkTrainConfig c = config;
        Function1<scala.collection.Iterator<LabeledRow>, scala.collection.Iterator<WorkerResult>> task =
                (Function1<scala.collection.Iterator<LabeledRow>, scala.collection.Iterator<WorkerResult>> & java.io.Serializable)
                        it -> CollectionConverters.asScala(runTask(c, CollectionConverters.asJava(it)));
        long start = System.nanoTime();
        RDD<WorkerResult> trained = rows.rdd().barrier().mapPartitions(task, false, tag(WorkerResult.class));
        // a shuffle after the barrier stage: Spark retries a failed barrier stage only when it is not the job's last
        List<WorkerResult> results = new JavaRDD<>(trained, tag(WorkerResult.class)).repartition(1).collect();
        double seconds = (System.nanoTime() - start) / 1e9;
        return result(results, workers, seconds);
    }

    /**
     * Builds the model and runs one zero sample of the input shape through it, on the driver: a
     * factory or shape that cannot work fails here with the model's own message, instead of in
     * every task of every attempt of the barrier stage.
     */
    private void checkOnDriver() {
        int[] shape = new int[config.inputShape().length + 1];
        shape[0] = 1;
        System.arraycopy(config.inputShape(), 0, shape, 1, shape.length - 1);
        try (Module model = config.model().get(); Scope s = Scope.confined(); var ng = NoGrad.enter()) {
            model.eval();
            model.forward(Var.constant(Tensor.zeros(shape)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("SparkTrainer: the model does not take input " + Arrays.toString(shape)
                    + " (inputShape " + Arrays.toString(config.inputShape()) + "): " + e.getMessage(), e);
        }
    }

    private static Iterator<WorkerResult> runTask(SparkTrainConfig c, Iterator<LabeledRow> it) {
        List<LabeledRow> rows = new ArrayList<>();
        it.forEachRemaining(rows::add);
        WorkerResult r = new Worker(c, new BarrierGang(BarrierTaskContext.get())).run(rows);
        return List.of(r).iterator();
    }

    private SparkTrainResult result(List<WorkerResult> results, int workers, double seconds) {
        WorkerResult first = results.stream().filter(r -> r.rank() == 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("SparkTrainer: worker 0 returned no result"));
        Module model = config.model().get();
        try {
            Map<String, Tensor> state = model.stateDict();
            if (!state.keySet().equals(first.state().keySet())) {
                throw new IllegalStateException("SparkTrainer: the driver's model has state " + state.keySet()
                        + ", the workers' " + first.state().keySet() + ": the model factory is not deterministic");
            }
            state.forEach((name, t) -> {
                if (!Arrays.equals(t.shape(), first.shapes().get(name))) {
                    throw new IllegalStateException("SparkTrainer: '" + name + "' is " + Arrays.toString(t.shape())
                            + " on the driver and " + Arrays.toString(first.shapes().get(name)) + " on the workers");
                }
                t.copyFrom(first.state().get(name));
            });
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        double[] loss = new double[config.epochs()];
        long rowsTrained = 0, compute = 0, communication = 0;
        for (WorkerResult r : results) {
            for (int e = 0; e < loss.length; e++) {
                loss[e] += r.epochLoss()[e] / results.size();
            }
            rowsTrained += r.rows();
            compute += r.computeNanos();
            communication += r.communicationNanos();
        }
        double share = compute + communication == 0 ? 0 : (double) communication / (compute + communication);
        return new SparkTrainResult(model, workers, first.steps(), loss, seconds, rowsTrained / seconds, share,
                first.resumedAtStep());
    }

    @SuppressWarnings("unchecked")
    private static <T> ClassTag<T> tag(Class<T> type) {
        return (ClassTag<T>) ClassTag$.MODULE$.apply(type);
    }

    /** The settings of a run; defaults: 1 epoch, 32 rows per worker and step, seed 1, no checkpoints. */
    public static final class Builder {
        private final SparkTrainConfig.ModelFactory model;
        private final SparkTrainConfig.LossFactory loss;
        private final SparkTrainConfig.OptimizerFactory optimizer;
        private int[] inputShape;
        private int epochs = 1, batchPerWorker = 32, checkpointEvery = 100, checksumEvery = 50, timeoutMillis = 120_000;
        private long seed = 1;
        private String checkpointDir;
        private SparkTrainConfig.InjectedFailure failure;

        private Builder(SparkTrainConfig.ModelFactory model, SparkTrainConfig.LossFactory loss,
                        SparkTrainConfig.OptimizerFactory optimizer) {
            this.model = model;
            this.loss = loss;
            this.optimizer = optimizer;
        }

        /** One sample's shape: [784] for an MLP on MNIST, [1, 28, 28] for a CNN. */
        public Builder inputShape(int... v) { inputShape = v.clone(); return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        /** Rows each worker takes per step; the global batch is workers x this. */
        public Builder batchPerWorker(int v) { batchPerWorker = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        /** A directory every worker reads: rank 0 checkpoints there, and a retried stage resumes from it. */
        public Builder checkpointDir(String v) { checkpointDir = v; return this; }
        public Builder checkpointEvery(int steps) { checkpointEvery = steps; return this; }
        /** Steps between checks that all replicas hold the same weights. */
        public Builder checksumEvery(int steps) { checksumEvery = steps; return this; }
        /** How long a worker waits for a peer before the step fails (default 2 minutes). */
        public Builder timeoutMillis(int v) { timeoutMillis = v; return this; }

        /** Tests of recovery only: worker {@code rank} fails once at {@code step} (see {@link SparkTrainConfig.InjectedFailure}). */
        Builder injectFailure(int rank, long step, String marker) {
            failure = new SparkTrainConfig.InjectedFailure(rank, step, marker);
            return this;
        }

        public SparkTrainer build() {
            return new SparkTrainer(new SparkTrainConfig(model, loss, optimizer, inputShape, epochs, batchPerWorker, seed,
                    checkpointDir, checkpointEvery, checksumEvery, timeoutMillis, failure));
        }
    }
}
