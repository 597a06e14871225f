package dev.gatun.bench;

import dev.gatun.autograd.Autocast;
import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.nn.Module;
import dev.gatun.nn.loss.Loss;
import dev.gatun.optim.Adam;
import dev.gatun.optim.Optimizer;
import dev.gatun.optim.SGD;
import dev.gatun.serve.Predictor;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.StepMemory;
import dev.gatun.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full training step of each benchmarked model (forward, loss, backward, optimizer update,
 * the loss read back) and its batch-1 inference, per backend: the figures
 * {@code bench/pytorch/peer.py} measures for PyTorch with the same models ({@link BenchModels}),
 * shapes, initialization scheme, optimizer (SGD lr 0.01, Adam lr 1e-3) and thread count.
 *
 * <p>The step is written the way {@code Trainer} runs it: a step scope on reused
 * {@link StepMemory}, every temporary gone when it closes (the Trainer gathers its batch into
 * buffers made once; here the batch is copied from Java arrays into the step scope).
 *
 * <pre>
 * bench/run TrainStepBench -f 1 -wi 3 -i 5 -p model=mlp -p backend=onednn -p threads=1 -p optimizer=sgd
 * bench/run 'TrainStepBench.trainStep' -f 1 -p model=mlp -p backend=onednn -prof gc   # heap bytes per step
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class TrainStepBench {
    /** Seeded Gaussian batches the non-image models cycle through. */
    private static final int POOL = 16;

    @Param({"mlp", "cnn", "lstm", "gru", "transformer"})
    public String model;

    @Param({"onednn", "openblas", "java"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    @Param({"sgd", "adam"})
    public String optimizer;

    /** bf16: the step's products in an Autocast region and a bf16 predictor (the bf16 table: -p precision=float32,bf16). */
    @Param({"float32"})
    public String precision;

    private BenchModels kind;
    private Backends.Using using;
    private Module net;
    private Optimizer opt;
    private Loss loss;
    private BenchData images;
    private float[][] inputs, targets; // the Gaussian pool
    private int next;
    private StepMemory memory;
    private Predictor predictor;
    private float[] sample, prediction;

    @Setup(Level.Trial)
    public void setUp() {
        kind = BenchModels.of(model);
        Backend b = Backends.get(backend);
        Backends.setThreads(threads);
        using = Backends.using(b);
        net = kind.build(new Rng(0));
        loss = kind.loss();
        memory = StepMemory.confined();
        opt = optimizer.equals("sgd") ? new SGD(net.parameters(), 0.01f) : new Adam(net.parameters(), 1e-3f);
        BenchInfo.print(b, threads);
        predictor = plan(net, kind.sampleShape, bf16());
        if (kind.images) {
            images = BenchData.load(8192);
            System.out.println("# data: " + images.source);
        } else {
            Rng rng = new Rng(1);
            inputs = new float[POOL][];
            targets = new float[POOL][];
            for (int i = 0; i < POOL; i++) {
                inputs[i] = gaussian(rng, Shapes.numel(kind.batchShape));
                targets[i] = kind == BenchModels.TRANSFORMER ? gaussian(rng, Shapes.numel(kind.batchShape)) : labels(rng, kind.batch());
            }
        }
        sample = java.util.Arrays.copyOf(kind.images ? images.images : inputs[0], (int) Shapes.numel(kind.sampleShape));
        prediction = predictor == null ? null : new float[predictor.outputSize()];
    }

    /** The service path: every bench model plans its inference (a model that could not would fall back to the plain forward). */
    private static Predictor plan(Module net, int[] sampleShape, boolean bf16) {
        try {
            return Predictor.builder(net).inputShape(sampleShape)
                    .precision(bf16 ? DataType.BFLOAT16 : DataType.FLOAT32).build();
        } catch (IllegalArgumentException e) {
            System.out.println("# inference: plain forward (" + e.getMessage() + ")");
            return null;
        }
    }

    private static float[] gaussian(Rng rng, long n) {
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    private static float[] labels(Rng rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.floor(rng.nextFloat() * BenchData.CLASSES);
        }
        return v;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (predictor != null) {
            predictor.close();
        }
        memory.close();
        net.close();
        using.close();
    }

    private boolean bf16() {
        return precision.equals("bf16");
    }

    /** Forward, loss, backward and update of the next batch; returns the loss. */
    @Benchmark
    public float trainStep() {
        try (Scope step = memory.open()) {
            Tensor x, y;
            if (kind.images) {
                int at = images.nextBatch(kind.batch());
                x = BenchData.copy(step, images.images, at * BenchData.PIXELS, kind.batchShape);
                y = BenchData.copy(step, images.labels, at, kind.batch());
            } else {
                int i = next++ % POOL;
                x = BenchData.copy(step, inputs[i], 0, kind.batchShape);
                y = kind == BenchModels.TRANSFORMER ? BenchData.copy(step, targets[i], 0, kind.batchShape)
                        : BenchData.copy(step, targets[i], 0, kind.batch());
            }
            Var l;
            try (Autocast region = bf16() ? Autocast.bf16() : null) {
                l = loss.forward(net.forward(Var.constant(x)), y);
                opt.zeroGrad();
                l.backward();
            }
            opt.step();
            return l.item();
        }
    }

    /**
     * One sample through the network the way a service runs it: a {@link Predictor} planned once
     * for batch 1 (evaluation mode, weights snapshotted at set-up); returns its first output.
     */
    @Benchmark
    public float inferBatch1() {
        if (predictor == null) { // a bench head without an inference plan: the plain forward pass
            try (Scope step = Scope.confined(); var _ = NoGrad.enter()) {
                return net.forward(Var.constant(BenchData.copy(step, sample, 0, kind.sampleShape))).value().toArray()[0];
            }
        }
        predictor.predict(sample, prediction);
        return prediction[0];
    }
}
