package dev.gatun.bench;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.onednn.OneDnnInfo;
import dev.gatun.ffi.gomp.Gomp;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Convolution layers through Gatun's backends beside the same oneDNN primitives driven straight
 * through the bindings ({@link BareDnnlConv}): the two LeNet layers (1->8 5x5 padding 2 on 28x28,
 * 8->16 5x5 on 14x14, batch 64) and a 3x3 64->64 layer on 56x56 with padding 1, batch 8.
 * {@code forward} is one convolution with bias into NCHW; {@code training} is the forward, the
 * data gradient and the weight and bias gradients. Targets: the onednn backend within 10% of the
 * bare primitives (layout reorders included on both sides), the java backend at least half the
 * onednn backend's forward on the 3x3x64 layer. {@link #main} prints GFLOPS and the ratios.
 *
 * <pre>
 * bench/run ConvBench -f 1 -wi 2 -i 3 -r 1s        # or java ... dev.gatun.bench.ConvBench for the GFLOPS table
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class ConvBench {

    /** The layers: batch, in channels, image side, out channels, kernel side, stride, padding. */
    public enum Layer {
        LENET1(64, 1, 28, 8, 5, 1, 2),
        LENET2(64, 8, 14, 16, 5, 1, 0),
        CONV3X3X64(8, 64, 56, 64, 3, 1, 1);

        final int n, ic, hw, oc, k, stride, pad;

        Layer(int n, int ic, int hw, int oc, int k, int stride, int pad) {
            this.n = n;
            this.ic = ic;
            this.hw = hw;
            this.oc = oc;
            this.k = k;
            this.stride = stride;
            this.pad = pad;
        }

        Conv2dParams params() {
            return Conv2dParams.of(stride, pad);
        }

        int out() {
            return params().outH(hw, k);
        }

        /** Multiply-adds times 2 of one forward convolution. */
        double flops() {
            return 2.0 * n * oc * out() * out() * ic * k * k;
        }
    }

    @State(Scope.Benchmark)
    public static class Buffers {
        @Param({"LENET1", "LENET2", "CONV3X3X64"})
        public Layer layer;

        @Param({"2"})
        public int threads;

        dev.gatun.tensor.Scope scope;
        Tensor x, w, b, y, dy, dx, dw, db;

        @Setup(Level.Trial)
        public void fill() {
            scope = dev.gatun.tensor.Scope.detachedShared();
            Layer l = layer;
            try (var entered = scope.enter()) {
                Rng rng = new Rng(42);
                x = Tensor.uniform(rng, -1, 1, l.n, l.ic, l.hw, l.hw);
                w = Tensor.uniform(rng, -1, 1, l.oc, l.ic, l.k, l.k);
                b = Tensor.uniform(rng, -1, 1, l.oc);
                y = Tensor.zeros(l.n, l.oc, l.out(), l.out());
                dy = Tensor.uniform(rng, -1, 1, l.n, l.oc, l.out(), l.out());
                dx = Tensor.zeros(x.shape());
                dw = Tensor.zeros(w.shape());
                db = Tensor.zeros(l.oc);
            }
            Backends.setThreads(threads);
            System.out.println("# oneDNN " + OneDnnInfo.shortVersion() + " ISA " + OneDnnInfo.isa() + "; threads " + threads);
        }

        @TearDown(Level.Trial)
        public void free() {
            scope.close();
        }
    }

    private static Tensor forward(Buffers s) {
        Ops.conv2dInto(s.x, s.w, s.b, s.y, s.layer.params());
        return s.y;
    }

    /** Forward, then both backward passes on the current backend into preallocated gradients. */
    private static Tensor training(Buffers s) {
        Conv2dParams p = s.layer.params();
        Ops.conv2dInto(s.x, s.w, s.b, s.y, p);
        Backend be = Backends.current();
        be.conv2dBackwardData(s.dy, s.w, s.dx, p);
        be.conv2dBackwardWeights(s.x, s.dy, s.dw, s.db, p);
        return s.dw;
    }

    @Benchmark
    public Tensor forwardOnednn(Buffers s, CurrentBackend.Onednn u) {
        return forward(s);
    }

    @Benchmark
    public Tensor forwardOpenblas(Buffers s, CurrentBackend.Openblas u) {
        return forward(s);
    }

    @Benchmark
    public Tensor forwardJava(Buffers s, CurrentBackend.Java u) {
        return forward(s);
    }

    @Benchmark
    public Tensor trainingOnednn(Buffers s, CurrentBackend.Onednn u) {
        return training(s);
    }

    @Benchmark
    public Tensor trainingOpenblas(Buffers s, CurrentBackend.Openblas u) {
        return training(s);
    }

    @Benchmark
    public Tensor trainingJava(Buffers s, CurrentBackend.Java u) {
        return training(s);
    }

    /** The bare primitives, made on the benchmark thread (OpenMP's thread count is per thread). */
    @State(Scope.Thread)
    public static class Bare {
        BareDnnlConv conv;

        @Setup(Level.Trial)
        public void create(Buffers s) {
            Gomp.omp_set_num_threads(s.threads);
            Layer l = s.layer;
            conv = new BareDnnlConv(new long[] {l.n, l.ic, l.hw, l.hw}, new long[] {l.oc, l.ic, l.k, l.k},
                    new long[] {l.n, l.oc, l.out(), l.out()}, l.stride, l.pad, s.x.segment(), s.w.segment(), s.b.segment(),
                    s.y.segment(), s.dy.segment(), s.dx.segment(), s.dw.segment(), s.db.segment());
        }

        @TearDown(Level.Trial)
        public void destroy() {
            conv.close();
        }
    }

    @Benchmark
    public Tensor forwardBareDnnl(Buffers s, Bare d) {
        d.conv.forward();
        return s.y;
    }

    @Benchmark
    public Tensor trainingBareDnnl(Buffers s, Bare d) {
        d.conv.training();
        return s.dw;
    }

    /** Runs JMH (arguments as for org.openjdk.jmh.Main) on this class, then prints GFLOPS and the ratios. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(ConvBench.class.getName());
        }
        printGflops(new Runner(options.build()).run());
    }

    private static void printGflops(Collection<RunResult> results) {
        TreeMap<String, TreeMap<String, Double>> table = new TreeMap<>(); // (layer, threads) -> method -> GFLOPS
        for (RunResult r : results) {
            Layer layer = Layer.valueOf(r.getParams().getParam("layer"));
            String key = layer + " threads=" + r.getParams().getParam("threads");
            String label = r.getParams().getBenchmark();
            label = label.substring(label.lastIndexOf('.') + 1);
            double flops = layer.flops() * (label.startsWith("training") ? 3 : 1);
            table.computeIfAbsent(key, x -> new TreeMap<>()).put(label, r.getPrimaryResult().getScore() * flops / 1e9);
        }
        System.out.println();
        System.out.println("GFLOPS (2 N OC OH OW IC KH KW per forward, 3x that for training)");
        for (var row : table.entrySet()) {
            List<String> cells = new ArrayList<>();
            row.getValue().forEach((impl, gflops) -> cells.add(String.format("%s %.1f", impl, gflops)));
            String ratios = ratio(row.getValue(), "forwardOnednn", "forwardBareDnnl")
                    + ratio(row.getValue(), "trainingOnednn", "trainingBareDnnl")
                    + ratio(row.getValue(), "forwardJava", "forwardOnednn");
            System.out.println(row.getKey() + ": " + String.join(", ", cells) + ratios);
        }
    }

    private static String ratio(TreeMap<String, Double> row, String ours, String peer) {
        Double o = row.get(ours), p = row.get(peer);
        return o == null || p == null ? "" : String.format("; %s/%s = %.3f", ours, peer, o / p);
    }
}
