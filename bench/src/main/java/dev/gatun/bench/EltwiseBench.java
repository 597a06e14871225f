package dev.gatun.bench;

import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.Backends;
import dev.gatun.backend.EltwiseOp;
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
 * Memory-bound elementwise ops per backend: ReLU (y = relu(x): 8 bytes moved per element) and
 * add (z = x + y: 12 bytes per element), both into preallocated tensors with {@code Ops.*Into}.
 * {@link #main} prints GB/s.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
 *     -cp "bench/target/classes:bench/target/lib/*" dev.gatun.bench.EltwiseBench -p size=1048576 -p threads=2
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class EltwiseBench {

    @State(Scope.Thread)
    public static class Data {
        /** Elements: in cache (64 K floats = 256 KB) and out of it (4 M floats = 16 MB). */
        @Param({"65536", "4194304"})
        public int size;

        @Param({"onednn", "openblas", "java"})
        public String backend;

        @Param({"2"})
        public int threads;

        dev.gatun.tensor.Scope scope;
        Tensor x, y, z;
        private Backends.Using using;

        @Setup(Level.Trial)
        public void fill() {
            scope = dev.gatun.tensor.Scope.detachedShared();
            try (var entered = scope.enter()) {
                Rng rng = new Rng(1);
                x = Tensor.uniform(rng, -1, 1, size);
                y = Tensor.uniform(rng, -1, 1, size);
                z = Tensor.zeros(size);
            }
            Backends.get(backend).setThreads(threads);
            using = Backends.using(Backends.get(backend));
        }

        @TearDown(Level.Trial)
        public void free() {
            using.close();
            scope.close();
        }
    }

    @Benchmark
    public Tensor relu(Data d) {
        Ops.eltwiseInto(EltwiseOp.RELU, 0f, 0f, d.x, d.z);
        return d.z;
    }

    @Benchmark
    public Tensor add(Data d) {
        Ops.binaryInto(BinaryOp.ADD, d.x, d.y, d.z);
        return d.z;
    }

    /** Runs JMH (arguments as for org.openjdk.jmh.Main) on this class, then prints GB/s. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(EltwiseBench.class.getName());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        TreeMap<String, List<String>> table = new TreeMap<>();
        for (RunResult r : results) {
            String op = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            long size = Long.parseLong(r.getParams().getParam("size"));
            int bytesPerElement = op.equals("add") ? 12 : 8;
            double gbs = r.getPrimaryResult().getScore() * size * bytesPerElement / 1e9;
            table.computeIfAbsent(op + " size=" + size, k -> new ArrayList<>())
                    .add(String.format("%s %.1f GB/s", r.getParams().getParam("backend"), gbs));
        }
        System.out.println();
        table.forEach((k, v) -> System.out.println(k + ": " + String.join(", ", v)));
    }
}
