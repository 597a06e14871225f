package dev.gatun.bench;

import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.loss.CrossEntropyLoss;
import dev.gatun.optim.Adam;
import dev.gatun.optim.Optimizer;
import dev.gatun.optim.SGD;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
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
 * One full training step of the 784-256-128-10 ReLU MLP on a batch of 128 (forward, softmax
 * cross-entropy, backward, optimizer update, the loss read back), per backend, and its batch-1
 * inference: the figures {@code bench/pytorch/peer.py} measures for PyTorch with the same
 * shapes, initialization scheme, optimizer and thread count.
 *
 * <p>The step is written the way {@code GradientTraining} runs it: inputs copied into a fresh
 * step scope from Java arrays, every temporary freed when the scope closes.
 *
 * <pre>
 * bench/run TrainStepBench -f 1 -wi 3 -i 5 -p backend=onednn -p threads=1 -p optimizer=sgd
 * bench/run 'TrainStepBench.trainStep' -f 1 -p backend=onednn -prof gc   # heap bytes per step
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class TrainStepBench {
    static final int BATCH = 128;
    static final int[] SIZES = {784, 256, 128, 10};

    @Param({"onednn", "openblas", "java"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    @Param({"sgd", "adam"})
    public String optimizer;

    private Backends.Using using;
    private Module model;
    private Optimizer opt;
    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private BenchData data;

    @Setup(Level.Trial)
    public void setUp() {
        Backend b = Backends.get(backend);
        Backends.setThreads(threads);
        using = Backends.using(b);
        model = mlp(new Rng(0));
        opt = optimizer.equals("sgd") ? new SGD(model.parameters(), 0.01f) : new Adam(model.parameters(), 1e-3f);
        data = BenchData.load(8192);
        BenchInfo.print(b, threads);
        System.out.println("# data: " + data.source);
    }

    /** The MLP with PyTorch's default initialization (Linear's kaiming-uniform), as the peer builds it. */
    static Sequential mlp(Rng rng) {
        Sequential net = new Sequential();
        for (int i = 0; i + 1 < SIZES.length; i++) {
            net.add(new Linear(SIZES[i], SIZES[i + 1], rng));
            if (i + 2 < SIZES.length) {
                net.add(new ReLU());
            }
        }
        return net;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
        using.close();
    }

    /** Forward, loss, backward and update of the next batch; returns the loss. */
    @Benchmark
    public float trainStep() {
        int at = data.nextBatch(BATCH);
        try (Scope step = Scope.confined()) {
            Tensor xt = BenchData.copy(step, data.images, at * SIZES[0], BATCH, SIZES[0]);
            Tensor yt = BenchData.copy(step, data.labels, at, BATCH);
            Var l = loss.forward(model.forward(Var.constant(xt)), yt);
            opt.zeroGrad();
            l.backward();
            opt.step();
            return l.item();
        }
    }

    /** One sample through the network, recording nothing; returns the first logit. */
    @Benchmark
    public float inferBatch1() {
        try (Scope step = Scope.confined(); var _ = NoGrad.enter()) {
            Tensor xt = BenchData.copy(step, data.images, 0, 1, SIZES[0]);
            return model.forward(Var.constant(xt)).value().get(0, 0);
        }
    }
}
