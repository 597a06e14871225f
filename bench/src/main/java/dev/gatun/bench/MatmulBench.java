package dev.gatun.bench;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gatun.backend.Backends;
import dev.gatun.backend.onednn.OneDnnInfo;
import dev.gatun.backend.openblas.OpenBlasInfo;
import dev.gatun.ffi.dnnl.DnnlEngine;
import dev.gatun.ffi.gomp.Gomp;
import dev.gatun.ffi.openblas.Cblas;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
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
 * Square matmul, C = A B (n x n, row-major), through Gatun's backends ({@code Ops.matmulInto}
 * on preallocated tensors) beside the same libraries called straight through our FFM bindings:
 * a bare oneDNN matmul primitive made once ({@link #bareDnnl}) and a bare {@code cblas_sgemm}
 * ({@link #bareCblas}). The target: each Gatun backend within 5% of its bare library for
 * n >= 256. One operation is 2 n^3 flops; {@link #main} prints GFLOPS and the ratios.
 *
 * <pre>
 * ./mvnw -q -B -o -pl bench -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
 *     -cp "bench/target/classes:bench/target/lib/*" dev.gatun.bench.MatmulBench -p n=256,1024 -p threads=2
 * </pre>
 * Add {@code -prof gc} for bytes allocated per call ({@code gc.alloc.rate.norm}); a subset of
 * methods by regular expression, e.g. {@code 'MatmulBench.(gatunOnednn|bareDnnl)'}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class MatmulBench {

    /** Inputs and output, shared by every implementation; tensors in a shared scope of their own. */
    @State(Scope.Benchmark)
    public static class Buffers {
        @Param({"64", "256", "512", "1024", "2048"})
        public int n;

        @Param({"1", "2"})
        public int threads;

        dev.gatun.tensor.Scope scope;
        Tensor a, b, c;
        Tensor a16, b16; // a and b rounded to bf16, for the bf16 products (c stays float32)

        @Setup(Level.Trial)
        public void fill() {
            scope = dev.gatun.tensor.Scope.detachedShared();
            try (var entered = scope.enter()) {
                Rng rng = new Rng(42);
                a = Tensor.uniform(rng, -1, 1, n, n);
                b = Tensor.uniform(rng, -1, 1, n, n);
                c = Tensor.zeros(n, n);
                a16 = a.to(DataType.BFLOAT16);
                b16 = b.to(DataType.BFLOAT16);
            }
            Backends.setThreads(threads);
            System.out.println("# OpenBLAS " + OpenBlasInfo.version() + " core " + OpenBlasInfo.coreName()
                    + "; oneDNN " + OneDnnInfo.shortVersion() + " ISA " + OneDnnInfo.isa() + "; threads " + threads);
        }

        @TearDown(Level.Trial)
        public void free() {
            scope.close();
        }
    }

    @Benchmark
    public Tensor gatunOnednn(Buffers s, CurrentBackend.Onednn u) {
        Ops.matmulInto(s.a, false, s.b, false, s.c, 1f, 0f);
        return s.c;
    }

    /**
     * The onednn backend called directly, without {@code Ops}' validation: what the backend itself
     * costs (its steady-state heap allocation is 0 B/op; {@code Ops.matmulInto} adds its own).
     */
    @Benchmark
    public Tensor gatunOnednnBackend(Buffers s, CurrentBackend.Onednn u) {
        Backends.current().matmul(s.a, false, s.b, false, s.c, 1f, 0f);
        return s.c;
    }

    @Benchmark
    public Tensor gatunOpenblas(Buffers s, CurrentBackend.Openblas u) {
        Ops.matmulInto(s.a, false, s.b, false, s.c, 1f, 0f);
        return s.c;
    }

    @Benchmark
    public Tensor gatunJava(Buffers s, CurrentBackend.Java u) {
        Ops.matmulInto(s.a, false, s.b, false, s.c, 1f, 0f);
        return s.c;
    }

    /** bf16 operands, float32 accumulation and result: oneDNN's bf16 matmul primitive. */
    @Benchmark
    public Tensor gatunOnednnBf16(Buffers s, CurrentBackend.Onednn u) {
        Ops.matmulInto(s.a16, false, s.b16, false, s.c, 1f, 0f);
        return s.c;
    }

    @Benchmark
    public Tensor gatunOpenblasBf16(Buffers s, CurrentBackend.Openblas u) {
        Ops.matmulInto(s.a16, false, s.b16, false, s.c, 1f, 0f);
        return s.c;
    }

    @Benchmark
    public Tensor gatunJavaBf16(Buffers s, CurrentBackend.Java u) {
        Ops.matmulInto(s.a16, false, s.b16, false, s.c, 1f, 0f);
        return s.c;
    }

    /**
     * oneDNN's recipe by hand, the way a C program would: a matmul primitive (row-major
     * {@code ab} layouts, library scratchpad) made once, memory objects over the same buffers,
     * one execute and wait per call. Thread-scoped so OpenMP's per-thread count is set on the
     * thread that runs it.
     */
    @State(Scope.Thread)
    public static class BareDnnl {
        Arena arena;
        MemorySegment primitive, stream, args;
        final List<MemorySegment> memories = new ArrayList<>();

        @Setup(Level.Trial)
        public void create(Buffers s) {
            Gomp.omp_set_num_threads(s.threads);
            arena = Arena.ofShared();
            MemorySegment engine = DnnlEngine.cpu().engine();
            stream = DnnlEngine.cpu().stream();
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment md = md(arena, out, s.n);
            ok(dnnl_matmul_primitive_desc_create(out, engine, md, md, MemorySegment.NULL, md, MemorySegment.NULL), "pd");
            MemorySegment pd = out.get(ADDRESS, 0);
            ok(dnnl_primitive_create(out, pd), "primitive");
            primitive = out.get(ADDRESS, 0);
            args = arena.allocate(dnnl_exec_arg_t, 3);
            int[] kinds = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST};
            MemorySegment[] data = {s.a.segment(), s.b.segment(), s.c.segment()};
            for (int i = 0; i < 3; i++) {
                ok(dnnl_memory_create(out, md, engine, data[i]), "memory");
                MemorySegment memory = out.get(ADDRESS, 0);
                memories.add(memory);
                long at = i * dnnl_exec_arg_t.byteSize();
                args.set(JAVA_INT, at + dnnl_exec_arg_t.byteOffset(PathElement.groupElement("arg")), kinds[i]);
                args.set(ADDRESS, at + dnnl_exec_arg_t.byteOffset(PathElement.groupElement("memory")), memory);
            }
            dnnl_primitive_desc_destroy(pd);
            dnnl_memory_desc_destroy(md);
        }

        private static MemorySegment md(Arena arena, MemorySegment out, int n) {
            MemorySegment dims = arena.allocate(JAVA_LONG, DNNL_MAX_NDIMS);
            dims.setAtIndex(JAVA_LONG, 0, n);
            dims.setAtIndex(JAVA_LONG, 1, n);
            ok(dnnl_memory_desc_create_with_tag(out, 2, dims, dnnl_f32, dnnl_ab), "md");
            return out.get(ADDRESS, 0);
        }

        private static void ok(int status, String what) {
            check(status, "bare dnnl " + what, "");
        }

        @TearDown(Level.Trial)
        public void destroy() {
            memories.forEach(m -> dnnl_memory_destroy(m));
            dnnl_primitive_destroy(primitive);
            arena.close();
        }
    }

    @Benchmark
    public int bareDnnl(Buffers s, BareDnnl d) {
        int status = dnnl_primitive_execute(d.primitive, d.stream, 3, d.args);
        return status | dnnl_stream_wait(d.stream);
    }

    /** OpenBLAS's pool sized on the benchmark thread (the onednn backend sets it to 1 when it is set up). */
    @State(Scope.Thread)
    public static class BareCblas {
        MemorySegment a, b, c;

        @Setup(Level.Trial)
        public void size(Buffers s) {
            Cblas.openblas_set_num_threads(s.threads);
            a = s.a.segment();
            b = s.b.segment();
            c = s.c.segment();
        }
    }

    @Benchmark
    public MemorySegment bareCblas(Buffers s, BareCblas o) {
        int n = s.n;
        Cblas.cblas_sgemm(Cblas.CblasRowMajor, Cblas.CblasNoTrans, Cblas.CblasNoTrans, n, n, n, 1f, o.a, n, o.b, n, 0f, o.c, n);
        return o.c;
    }

    /** Runs JMH (arguments as for org.openjdk.jmh.Main) on this class, then prints GFLOPS and the ratios to the bare calls. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(MatmulBench.class.getName());
        }
        printGflops(new Runner(options.build()).run());
    }

    private static void printGflops(Collection<RunResult> results) {
        TreeMap<String, TreeMap<String, Double>> table = new TreeMap<>(); // (n, threads) -> method -> GFLOPS
        for (RunResult r : results) {
            int n = Integer.parseInt(r.getParams().getParam("n"));
            String key = String.format("n=%4d threads=%s", n, r.getParams().getParam("threads"));
            String label = r.getParams().getBenchmark();
            label = label.substring(label.lastIndexOf('.') + 1);
            table.computeIfAbsent(key, x -> new TreeMap<>()).put(label, r.getPrimaryResult().getScore() * 2.0 * n * n * n / 1e9);
        }
        System.out.println();
        System.out.println("GFLOPS (2 n^3 flops per op); gatunOnednn / bareDnnl, gatunOpenblas / bareCblas, and bf16 / float32"
                + " per backend");
        for (var row : table.entrySet()) {
            List<String> cells = new ArrayList<>();
            row.getValue().forEach((impl, gflops) -> cells.add(String.format("%s %.1f", impl, gflops)));
            String ratios = ratio(row.getValue(), "gatunOnednn", "bareDnnl") + ratio(row.getValue(), "gatunOpenblas", "bareCblas")
                    + ratio(row.getValue(), "gatunOnednnBf16", "gatunOnednn") + ratio(row.getValue(), "gatunOpenblasBf16", "gatunOpenblas")
                    + ratio(row.getValue(), "gatunJavaBf16", "gatunJava");
            System.out.println(row.getKey() + ": " + String.join(", ", cells) + ratios);
        }
    }

    private static String ratio(TreeMap<String, Double> row, String ours, String bare) {
        Double o = row.get(ours), b = row.get(bare);
        return o == null || b == null ? "" : String.format("; %s/%s = %.3f", ours, bare, o / b);
    }
}
