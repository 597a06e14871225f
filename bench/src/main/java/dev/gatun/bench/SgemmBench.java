package dev.gatun.bench;

import dev.gatun.backend.vector.VectorSgemm;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
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
 * Square row-major sgemm, C = A B (n x n), Gatun's pure-Java kernel beside its peers in the same
 * run. One operation is 2 n^3 flops; {@link #main} prints the GFLOPS table and the ratios.
 *
 * <p>Peers: netlib's {@code VectorBLAS} (what {@code JavaBLAS.getInstance()} returns when the
 * Vector API is readable; single-threaded, column-major: it computes C^T = B^T A^T, the same product) and OpenBLAS through
 * JavaCPP's JNI ({@code cblas_sgemm} on JavaCPP-owned off-heap buffers, {@code threads} threads).
 * To add an implementation: a {@code @Benchmark} method reading the buffers of {@link Buffers}
 * (and a state of its own if it needs its own memory, like {@link OpenBlasBuffers}).
 *
 * <pre>
 * ./mvnw -q -B -o -pl bench -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
 *     -cp "bench/target/classes:bench/target/lib/*" dev.gatun.bench.SgemmBench -p n=1024 -p threads=2
 * </pre>
 * (or {@code org.openjdk.jmh.Main SgemmBench ...} for JMH's own report only).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class SgemmBench {

    /** The inputs and output every implementation reads, filled once per trial. */
    @State(Scope.Benchmark)
    public static class Buffers {
        @Param({"64", "256", "512", "1024", "2048"})
        public int n;

        @Param({"1", "2"})
        public int threads;

        Arena arena;
        /** Row-major n x n, off-heap, 64-byte aligned: Gatun's tensors' memory. */
        MemorySegment a, b, c;
        /** The same values on the heap, for the float[] peers. */
        float[] aArray, bArray, cArray;

        @Setup(Level.Trial)
        public void fill() {
            Random rnd = new Random(42);
            aArray = random(n * n, rnd);
            bArray = random(n * n, rnd);
            cArray = new float[n * n];
            arena = Arena.ofShared();
            a = copy(arena, aArray);
            b = copy(arena, bArray);
            c = copy(arena, cArray);
        }

        @TearDown(Level.Trial)
        public void free() {
            arena.close();
        }

        private static float[] random(int length, Random rnd) {
            float[] v = new float[length];
            for (int i = 0; i < length; i++) {
                v[i] = rnd.nextFloat() * 2 - 1;
            }
            return v;
        }

        private static MemorySegment copy(Arena arena, float[] values) {
            MemorySegment s = arena.allocate((long) values.length * Float.BYTES, 64);
            MemorySegment.copy(values, 0, s, ValueLayout.JAVA_FLOAT, 0, values.length);
            return s;
        }
    }

    /** JavaCPP's own off-heap copies for OpenBLAS; only the OpenBLAS fork loads the library. */
    @State(Scope.Benchmark)
    public static class OpenBlasBuffers {
        FloatPointer a, b, c;

        @Setup(Level.Trial)
        public void fill(Buffers buffers) {
            openblas.blas_set_num_threads(buffers.threads);
            a = new FloatPointer(buffers.aArray);
            b = new FloatPointer(buffers.bArray);
            c = new FloatPointer(buffers.cArray);
        }

        @TearDown(Level.Trial)
        public void free() {
            a.close();
            b.close();
            c.close();
        }
    }

    @Benchmark
    public MemorySegment gatunVector(Buffers s) {
        int n = s.n;
        VectorSgemm.sgemm(false, false, n, n, n, 1f, s.a, 0, n, s.b, 0, n, 0f, s.c, 0, n, s.threads);
        return s.c;
    }

    /** netlib's pure-Java BLAS: VectorBLAS (package-private) when the Vector API is readable. */
    private static final JavaBLAS NETLIB = JavaBLAS.getInstance();

    @Benchmark
    public float[] netlibVectorBlas(Buffers s) {
        int n = s.n;
        NETLIB.sgemm("N", "N", n, n, n, 1f, s.bArray, n, s.aArray, n, 0f, s.cArray, n);
        return s.cArray;
    }

    @Benchmark
    public FloatPointer openblasJavacpp(Buffers s, OpenBlasBuffers o) {
        int n = s.n;
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans,
                n, n, n, 1f, o.a, n, o.b, n, 0f, o.c, n);
        return o.c;
    }

    /** Runs JMH (arguments as for org.openjdk.jmh.Main) on this class, then prints GFLOPS and ratios. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(SgemmBench.class.getName());
        }
        printGflops(new Runner(options.build()).run());
    }

    private static void printGflops(Collection<RunResult> results) {
        // (n, threads) -> implementation -> GFLOPS
        TreeMap<String, TreeMap<String, Double>> table = new TreeMap<>();
        for (RunResult r : results) {
            int n = Integer.parseInt(r.getParams().getParam("n"));
            String key = String.format("n=%4d threads=%s", n, r.getParams().getParam("threads"));
            String label = r.getParams().getBenchmark();
            label = label.substring(label.lastIndexOf('.') + 1);
            double gflops = r.getPrimaryResult().getScore() * 2.0 * n * n * n / 1e9;
            table.computeIfAbsent(key, x -> new TreeMap<>()).put(label, gflops);
        }
        System.out.println();
        System.out.println("GFLOPS (2 n^3 flops per op); ratio = gatunVector / peer");
        for (var row : table.entrySet()) {
            Double ours = row.getValue().get("gatunVector");
            List<String> cells = new ArrayList<>();
            for (var impl : row.getValue().entrySet()) {
                String ratio = ours == null || impl.getKey().equals("gatunVector")
                        ? "" : String.format(" (x%.2f)", ours / impl.getValue());
                cells.add(String.format("%s %.1f%s", impl.getKey(), impl.getValue(), ratio));
            }
            System.out.println(row.getKey() + ": " + String.join(", ", cells));
        }
    }
}
