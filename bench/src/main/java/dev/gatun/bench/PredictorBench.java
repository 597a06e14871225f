package dev.gatun.bench;

import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Flatten;
import dev.gatun.nn.LSTM;
import dev.gatun.nn.Linear;
import dev.gatun.nn.MaxPool2d;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.TransformerEncoderBlock;
import dev.gatun.nn.BatchNorm2d;
import dev.gatun.serve.Calibration;
import dev.gatun.serve.Predictor;
import dev.gatun.serve.QuantizedModel;
import dev.gatun.serve.Quantizer;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch-1 inference latency per backend of the MLP 784-256-128-10 (ReLU), LeNet-5 on 28x28 and an
 * LSTM (seq 32, input 64, hidden 128) and a pre-LN transformer block (seq 64, d 128, 4 heads, feed-forward
 * 512): {@link Predictor}
 * (planned buffers, no allocation) beside the same model's plain {@code forward} in a scope per
 * call (the training-time path, as a peer within the run). Average and sampled (p50/p99) times;
 * with {@code -prof gc}, bytes allocated per call. One predictor is shared by all JMH threads,
 * so {@code -t 16} measures sixteen concurrent callers.
 *
 * <pre>
 * bench/run PredictorBench -f 1 -wi 2 -i 3 -r 1s -prof gc
 * bench/run 'PredictorBench.predict' -f 1 -bm sample -p backend=onednn -t 2
 * </pre>
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class PredictorBench {

    @State(Scope.Benchmark)
    public static class Model {
        /** cnn: gatun train cnn's network, the Fashion-MNIST teacher of docs/quantization.md. */
        @Param({"mlp", "lenet", "lstm", "transformer"})
        public String model;

        @Param({"onednn", "openblas", "java"})
        public String backend;

        /** Threads of the backend's own pool: 1, as a service with one request per core runs. */
        @Param({"1"})
        public int threads;

        /**
         * bf16: weights and each call's activations in bf16 for the products; int8: the Linear and
         * Conv2d layers quantized after a calibration on random inputs in [0, 1) (-p precision=float32,bf16,int8).
         */
        @Param({"float32"})
        public String precision;

        Module net;
        int[] inputShape;
        Predictor predictor;

        @Setup(Level.Trial)
        public void build() {
            Backends.get(backend).setThreads(threads);
            Rng rng = new Rng(1);
            switch (model) {
                case "mlp" -> {
                    net = new Sequential(new Linear(784, 256, rng), new ReLU(), new Linear(256, 128, rng), new ReLU(),
                            new Linear(128, 10, rng));
                    inputShape = new int[] {1, 784};
                }
                case "lenet" -> {
                    net = new Sequential(new Conv2d(1, 6, 5, Conv2dParams.of(1, 2), rng), new ReLU(), new MaxPool2d(2),
                            new Conv2d(6, 16, 5, Conv2dParams.of(1, 0), rng), new ReLU(), new MaxPool2d(2), new Flatten(),
                            new Linear(400, 120, rng), new ReLU(), new Linear(120, 84, rng), new ReLU(), new Linear(84, 10, rng));
                    inputShape = new int[] {1, 1, 28, 28};
                }
                case "lstm" -> {
                    net = new LSTM(64, 128, rng);
                    inputShape = new int[] {32, 1, 64};
                }
                case "cnn" -> {
                    net = new Sequential(new Conv2d(1, 16, 3, Conv2dParams.of(1, 1), rng), new BatchNorm2d(16), new ReLU(),
                            new MaxPool2d(2), new Conv2d(16, 32, 3, Conv2dParams.of(1, 1), rng), new BatchNorm2d(32), new ReLU(),
                            new MaxPool2d(2), new Flatten(), new Linear(32 * 7 * 7, 128, rng), new ReLU(), new Linear(128, 10, rng));
                    inputShape = new int[] {1, 1, 28, 28};
                }
                case "transformer" -> {
                    net = new TransformerEncoderBlock(128, 4, 512, "relu", 0f, rng);
                    inputShape = new int[] {1, 64, 128};
                }
                default -> throw new IllegalArgumentException("model " + model);
            }
            net.eval();
            Predictor.Builder b = Predictor.builder(net).inputShape(inputShape).backend(Backends.get(backend));
            switch (precision) {
                case "float32" -> { }
                case "bf16" -> b.precision(DataType.BFLOAT16);
                case "int8" -> b.quantized(calibrated(net, inputShape, rng));
                default -> throw new IllegalArgumentException("precision " + precision + ": float32, bf16 or int8");
            }
            predictor = b.build();
        }

        /** The model quantized after four calibration batches of eight random samples in [0, 1). */
        private static QuantizedModel calibrated(Module net, int[] sampleShape, Rng rng) {
            int[] batch = sampleShape.clone();
            batch[0] *= 8;
            int size = 1;
            for (int d : batch) {
                size *= d;
            }
            try (Quantizer q = Quantizer.builder(net).batchShape(batch).calibration(Calibration.minMax()).build()) {
                for (int b = 0; b < 4; b++) {
                    float[] x = new float[size];
                    for (int i = 0; i < size; i++) {
                        x[i] = rng.nextFloat();
                    }
                    q.observe(x);
                }
                return q.quantize();
            }
        }

        @TearDown(Level.Trial)
        public void free() {
            predictor.close();
            net.close();
        }
    }

    @State(Scope.Thread)
    public static class Request {
        float[] pixels;
        float[] scores;
        private Backends.Using using;

        @Setup(Level.Trial)
        public void fill(Model m) {
            Rng rng = new Rng(Thread.currentThread().threadId());
            pixels = new float[m.predictor.inputSize()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = rng.nextFloat();
            }
            scores = new float[m.predictor.outputSize()];
            using = Backends.using(Backends.get(m.backend)); // the forward peer runs on the thread's current backend
        }

        @TearDown(Level.Trial)
        public void free() {
            using.close();
        }
    }

    @Benchmark
    public float[] predict(Model m, Request r) {
        m.predictor.predict(r.pixels, r.scores);
        return r.scores;
    }

    @Benchmark
    public float forward(Model m, Request r) {
        try (dev.gatun.tensor.Scope step = dev.gatun.tensor.Scope.confined(); var _ = NoGrad.enter()) {
            return m.net.forward(Var.constant(Tensor.of(r.pixels, m.inputShape))).value().reshape(-1).get(0);
        }
    }
}
