package dev.gatun.spark;

import dev.gatun.backend.Backends;
import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.nn.Module;
import dev.gatun.nn.Parameter;
import dev.gatun.optim.Optimizer;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.StepMemory;
import dev.gatun.tensor.Tensor;
import dev.gatun.train.TrainStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica of a synchronous data-parallel run: builds the model from the factory (identical in
 * every worker), joins the gradient ring, and trains on its own rows; after each backward pass the
 * {@link TrainStep}'s gradient listener replaces the gradients by their mean over the workers, so
 * every replica takes the same optimizer step and the replicas stay identical (checked by a
 * checksum every {@code checksumEvery} steps). BatchNorm's running statistics are averaged at the
 * end of each epoch.
 *
 * <p>Data order: in epoch e, worker r shuffles its rows with {@link #order} and step i takes rows
 * [i b, (i + 1) b) of that order; every worker runs the same number of steps, the smallest
 * partition's. One process with batch K b whose step i is the workers' step-i rows one after the
 * other, rank by rank, computes the same update (the mean of K equal-sized batch means is the
 * mean of their union).
 *
 * <p>Recovery: rank 0 writes a checkpoint (weights, optimizer state, epoch and step) every
 * {@code checkpointEvery} steps; a worker that starts where one exists resumes from it, so a
 * retried stage continues instead of starting over.
 */
final class Worker {
    static final String META_EPOCH = "gatun.spark.epoch", META_STEP = "gatun.spark.step";

    private final SparkTrainConfig config;
    private final Gang gang;

    Worker(SparkTrainConfig config, Gang gang) {
        this.config = config;
        this.gang = gang;
    }

    /** The order worker {@code rank} takes its {@code rows} rows in, in epoch {@code epoch}. */
    static int[] order(long seed, int epoch, int rank, int rows) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        new Rng(seed * 1_000_003L + epoch * 7919L + rank).shuffle(order);
        return order;
    }

    /** Steps per epoch every worker runs: the smallest partition's full batches. */
    static long stepsPerEpoch(String[] rowsPerWorker, int batch) {
        long min = Long.MAX_VALUE;
        for (String r : rowsPerWorker) {
            min = Math.min(min, Long.parseLong(r));
        }
        return min / batch;
    }

    WorkerResult run(List<LabeledRow> rows) {
        int rank = gang.rank();
        Backends.setThreads(Math.max(1, gang.cpus()));
        long steps = stepsPerEpoch(gang.allGather(Integer.toString(rows.size())), config.batchPerWorker());
        if (steps == 0) {
            throw new IllegalArgumentException("SparkTrainer: worker " + rank + " of " + gang.size() + " has fewer rows than"
                    + " one batch of " + config.batchPerWorker() + " (or another worker has): give more rows or a smaller batch");
        }
        try (RingAllReduce ring = joinRing(); Module model = config.model().get()) {
            model.train();
            Optimizer optimizer = config.optimizer().apply(model.parameters());
            List<Parameter> parameters = model.parameters();
            FlatState grads = new FlatState(parameters.stream().map(Parameter::value).toList());
            TrainStep step = new TrainStep(model, config.loss().get(), optimizer, List.of(), 0f, false, List.of(), false);
            step.addGradientListener((update, ps) -> {
                List<Tensor> g = gradientsOf(ps);
                ring.average(grads.gather(g));
                grads.scatter(g);
            });
            long[] resume = resume(model, optimizer);
            int firstEpoch = (int) resume[0];
            long global = resume[1];
            double[] epochLoss = new double[config.epochs()];
            long trained = 0, start = System.nanoTime();
            int sample = config.sampleSize();
            int b = config.batchPerWorker();
            int[] xShape = batchShape(b);
            float[] x = new float[b * sample], y = new float[b];
            int[] labels = new int[b];
            try (StepMemory memory = StepMemory.confined()) {
                for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
                    int[] order = order(config.seed(), epoch, rank, rows.size());
                    double lossSum = 0;
                    long done = 0;
                    for (long i = global % steps; i < steps; i++) {
                        fill(rows, order, (int) (i * b), x, y, labels, sample);
                        injectFailure(global);
                        try (Scope s = memory.open()) {
                            TrainStep.Output o = step.step(Tensor.of(x, xShape), Tensor.of(y), labels);
                            lossSum += o.loss();
                        }
                        global++;
                        done++;
                        trained += b;
                        if (global % config.checksumEvery() == 0) {
                            checkReplicas(parameterValues(model), global);
                        }
                        if (rank == 0 && global % config.checkpointEvery() == 0) {
                            checkpoint(model, optimizer, epoch, global);
                        }
                    }
                    epochLoss[epoch] = done == 0 ? Double.NaN : lossSum / done;
                    averageBuffers(model, ring);
                    if (rank == 0) {
                        checkpoint(model, optimizer, epoch + 1, global);
                    }
                }
            }
            checkReplicas(model.stateDict().values(), global); // buffers too: averaged at the end of the last epoch
            long total = System.nanoTime() - start;
            Map<String, float[]> state = new LinkedHashMap<>();
            Map<String, int[]> shapes = new LinkedHashMap<>();
            if (rank == 0) {
                model.stateDict().forEach((name, t) -> {
                    state.put(name, t.toArray());
                    shapes.put(name, t.shape());
                });
            }
            return new WorkerResult(rank, state, shapes, epochLoss, global, trained, total - ring.nanos(), ring.nanos(),
                    (int) resume[1]);
        }
    }

    private int[] batchShape(int b) {
        int[] s = config.inputShape();
        int[] shape = new int[s.length + 1];
        shape[0] = b;
        System.arraycopy(s, 0, shape, 1, s.length);
        return shape;
    }

    private static void fill(List<LabeledRow> rows, int[] order, int from, float[] x, float[] y, int[] labels, int sample) {
        for (int r = 0; r < y.length; r++) {
            LabeledRow row = rows.get(order[from + r]);
            if (row.features().length != sample) {
                throw new IllegalArgumentException("SparkTrainer: a row has " + row.features().length
                        + " features, the input shape holds " + sample);
            }
            System.arraycopy(row.features(), 0, x, r * sample, sample);
            y[r] = row.label();
            labels[r] = (int) row.label();
        }
    }

    private static List<Tensor> gradientsOf(List<Parameter> ps) {
        List<Tensor> g = new ArrayList<>(ps.size());
        for (Parameter p : ps) {
            if (p.grad() == null) {
                throw new IllegalStateException("SparkTrainer: parameter " + p.name() + " got no gradient; every parameter"
                        + " must take part in the loss for the workers to exchange the same arrays");
            }
            g.add(p.grad());
        }
        return g;
    }

    private RingAllReduce joinRing() {
        try {
            ServerSocket server = new ServerSocket(0, gang.size(), InetAddress.getByName(gang.host()));
            String[] all = gang.allGather(gang.host() + ":" + server.getLocalPort());
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (String a : all) {
                int colon = a.lastIndexOf(':');
                addresses.add(new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))));
            }
            return new RingAllReduce(gang.rank(), addresses, server, config.timeoutMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("SparkTrainer: worker " + gang.rank() + " could not listen on " + gang.host(), e);
        }
    }

    /**
     * Every replica must hold the same {@code tensors}: a checksum of their bits, compared across
     * the workers. Within an epoch only the parameters agree (each replica's BatchNorm running
     * statistics follow its own batches until the epoch's end averages them).
     */
    private void checkReplicas(java.util.Collection<Tensor> tensors, long global) {
        String mine = Long.toHexString(FlatState.checksum(tensors));
        String[] all = gang.allGather(mine);
        for (int r = 0; r < all.length; r++) {
            if (!all[r].equals(all[0])) {
                throw new CollectiveException("SparkTrainer: replicas diverged by step " + global + ": worker 0's weights"
                        + " hash to " + all[0] + ", worker " + r + "'s to " + all[r]);
            }
        }
    }

    private static List<Tensor> parameterValues(Module model) {
        return model.parameters().stream().map(Parameter::value).toList();
    }

    private static void averageBuffers(Module model, RingAllReduce ring) {
        var buffers = model.namedBuffers().values();
        if (!buffers.isEmpty()) {
            FlatState flat = new FlatState(buffers);
            ring.average(flat.gather(buffers));
            flat.scatter(buffers);
        }
    }

    private Path checkpointFile() {
        return config.checkpointDir() == null ? null : Path.of(config.checkpointDir(), "checkpoint.safetensors");
    }

    private void checkpoint(Module model, Optimizer optimizer, int epoch, long global) {
        Path file = checkpointFile();
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Checkpoint.save(file, model, optimizer, Map.of(META_EPOCH, Integer.toString(epoch), META_STEP, Long.toString(global)));
        } catch (IOException e) {
            throw new UncheckedIOException("SparkTrainer: could not write the checkpoint " + file, e);
        }
    }

    /** {epoch, global step} to start from: a checkpoint's, loaded into the model and optimizer, or {0, 0}. */
    private long[] resume(Module model, Optimizer optimizer) {
        Path file = checkpointFile();
        if (file == null || !Files.exists(file)) {
            return new long[] {0, 0};
        }
        try {
            Map<String, String> meta;
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                meta = f.metadata();
            }
            Checkpoint.load(file, model, optimizer);
            return new long[] {Integer.parseInt(meta.get(META_EPOCH)), Long.parseLong(meta.get(META_STEP))};
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("SparkTrainer: worker " + gang.rank() + " could not resume from " + file + ": " + e,
                    e);
        }
    }

    private void injectFailure(long global) {
        SparkTrainConfig.InjectedFailure f = config.failure();
        if (f == null || f.rank() != gang.rank() || f.step() != global) {
            return;
        }
        Path marker = Path.of(f.marker());
        if (Files.exists(marker)) {
            return;
        }
        try {
            Files.createFile(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("SparkTrainer: failure injected at step " + global + " on worker " + gang.rank());
    }
}
