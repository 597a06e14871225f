package dev.gatun.bench;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gatun.backend.Backends;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.backend.onednn.OneDnnInfo;
import dev.gatun.ffi.dnnl.DnnlEngine;
import dev.gatun.ffi.gomp.Gomp;
import dev.gatun.ops.Ops;
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
 * One-layer LSTM and GRU (seq 32, batch 32, input 64, hidden 128 by default) through Gatun's
 * backends, beside the bare oneDNN RNN primitive driven straight through the bindings:
 * {@code *Inference} is a forward for inference ({@code Ops.rnnInto} on preallocated tensors, the
 * weights' conversion cached), {@code *Training} a training forward plus the backward, every
 * gradient, on buffers kept between steps ({@code Ops.rnnInto} with a workspace +
 * {@code Ops.rnnBackwardInto}); {@code onednnTrainingAllocating} the same through
 * {@code Ops.rnn} + {@code Ops.rnnBackward}, everything allocated in a step scope.
 * The bare peer makes the same primitives a C program would (tnc / ldnc / ldgo, weights
 * {@code any} reordered once at setup for the forward, {@code ldgoi} for the backward, weight
 * gradients {@code ldigo}) and executes them on preallocated buffers. Targets: onednn within
 * 10% of the bare primitive; java at least half of onednn. {@link #main} prints the ratios.
 *
 * <pre>
 * bench/run RnnBench -f 1 -wi 2 -i 3 -p threads=2
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class RnnBench {

    @State(Scope.Benchmark)
    public static class Shape {
        @Param({"LSTM", "GRU"})
        public String cell;

        @Param({"2"})
        public int threads;

        @Param({"32"})
        public int seq;

        @Param({"32"})
        public int batch;

        @Param({"64"})
        public int input;

        @Param({"128"})
        public int hidden;

        RnnParams p;
        dev.gatun.tensor.Scope scope;
        Tensor src, h0, c0, dst, hN, cN, diffDst;
        RnnWeights w;

        @Setup(Level.Trial)
        public void fill() {
            p = new RnnParams(RnnKind.valueOf(cell), 1, false, seq, batch, input, hidden);
            scope = dev.gatun.tensor.Scope.detachedShared();
            try (var entered = scope.enter()) {
                Rng rng = new Rng(42);
                float k = (float) (1 / Math.sqrt(hidden));
                int gh = p.gates() * hidden;
                w = new RnnWeights(new Tensor[] {Tensor.uniform(rng, -k, k, gh, input)},
                        new Tensor[] {Tensor.uniform(rng, -k, k, gh, hidden)},
                        new Tensor[] {Tensor.uniform(rng, -k, k, gh)}, new Tensor[] {Tensor.uniform(rng, -k, k, gh)});
                src = Tensor.uniform(rng, -1, 1, p.srcShape());
                h0 = Tensor.uniform(rng, -1, 1, p.stateShape());
                c0 = p.kind().hasCellState() ? Tensor.uniform(rng, -1, 1, p.stateShape()) : null;
                dst = Tensor.zeros(p.dstShape());
                hN = Tensor.zeros(p.stateShape());
                cN = p.kind().hasCellState() ? Tensor.zeros(p.stateShape()) : null;
                diffDst = Tensor.uniform(rng, -1, 1, p.dstShape());
            }
            Backends.setThreads(threads);
            System.out.println("# oneDNN " + OneDnnInfo.shortVersion() + " ISA " + OneDnnInfo.isa() + "; " + p
                    + "; threads " + threads);
        }

        @TearDown(Level.Trial)
        public void free() {
            scope.close();
        }
    }

    /**
     * The buffers a training loop keeps from step to step, made on the first step, on the backend
     * the benchmark made current ({@link CurrentBackend}): the workspace's size is the backend's.
     */
    @State(Scope.Thread)
    public static class StepBuffers {
        dev.gatun.tensor.Scope buffers;
        Tensor workspace, diffHN, diffCN;
        Ops.RnnGrads grads;

        /** Makes the buffers for {@code s} on the current backend, once. */
        StepBuffers on(Shape s) {
            if (buffers == null) {
                buffers = dev.gatun.tensor.Scope.detachedShared();
                try (var entered = buffers.enter()) {
                    boolean lstm = s.p.kind().hasCellState();
                    workspace = Ops.rnnWorkspace(s.p);
                    diffHN = Tensor.zeros(s.p.stateShape());
                    diffCN = lstm ? Tensor.zeros(s.p.stateShape()) : null;
                    grads = new Ops.RnnGrads(Tensor.zeros(s.p.srcShape()), Tensor.zeros(s.p.stateShape()),
                            lstm ? Tensor.zeros(s.p.stateShape()) : null, RnnWeights.zeros(s.p));
                }
            }
            return this;
        }

        @TearDown(Level.Trial)
        public void free() {
            if (buffers != null) {
                buffers.close();
            }
        }
    }

    private static Tensor inference(Shape s) {
        Ops.rnnInto(s.p, s.src, s.h0, s.c0, s.w, s.dst, s.hN, s.cN);
        return s.dst;
    }

    /** A training step on buffers kept between steps, as the bare primitives run: forward and backward. */
    private static Tensor training(Shape s, StepBuffers b) {
        StepBuffers u = b.on(s);
        Ops.rnnInto(s.p, s.src, s.h0, s.c0, s.w, s.dst, s.hN, s.cN, u.workspace);
        Ops.rnnBackwardInto(s.p, s.src, s.h0, s.c0, s.w, s.dst, s.hN, s.cN, u.workspace, s.diffDst, u.diffHN, u.diffCN,
                u.grads);
        return u.grads.diffSrc();
    }

    /** A training step the short way, everything allocated in a step scope (for what allocation costs). */
    private static float trainingAllocating(Shape s) {
        try (dev.gatun.tensor.Scope step = dev.gatun.tensor.Scope.confined()) {
            Ops.RnnResult r = Ops.rnn(s.p, s.src, s.h0, s.c0, s.w, true);
            Ops.RnnGrads g = Ops.rnnBackward(s.p, s.src, s.h0, s.c0, s.w, r, s.diffDst, null, null);
            return g.diffSrc().get(0, 0, 0);
        }
    }

    @Benchmark
    public Tensor onednnInference(Shape s, CurrentBackend.Onednn u) {
        return inference(s);
    }

    @Benchmark
    public Tensor openblasInference(Shape s, CurrentBackend.Openblas u) {
        return inference(s);
    }

    @Benchmark
    public Tensor javaInference(Shape s, CurrentBackend.Java u) {
        return inference(s);
    }

    @Benchmark
    public Tensor onednnTraining(Shape s, CurrentBackend.Onednn u, StepBuffers b) {
        return training(s, b);
    }

    @Benchmark
    public Tensor openblasTraining(Shape s, CurrentBackend.Openblas u, StepBuffers b) {
        return training(s, b);
    }

    @Benchmark
    public Tensor javaTraining(Shape s, CurrentBackend.Java u, StepBuffers b) {
        return training(s, b);
    }

    @Benchmark
    public float onednnTrainingAllocating(Shape s, CurrentBackend.Onednn u) {
        return trainingAllocating(s);
    }

    /**
     * The bare oneDNN primitives on buffers of their own: forward inference, forward training and
     * backward, made once; weights reordered into the forward's layout once. Thread-scoped so
     * OpenMP's per-thread count is set on the thread that runs it.
     */
    @State(Scope.Thread)
    public static class BareDnnl {
        Arena arena;
        MemorySegment engine, stream, out;
        Exec inference, forward, backward;
        final List<MemorySegment> handles = new ArrayList<>(); // primitives and memories, destroyed at teardown

        /** A primitive and its argument array, ready to execute. */
        record Exec(MemorySegment primitive, MemorySegment args, int nargs) {}

        @Setup(Level.Trial)
        public void create(Shape s) {
            Gomp.omp_set_num_threads(s.threads);
            arena = Arena.ofShared();
            engine = DnnlEngine.cpu().engine();
            stream = DnnlEngine.cpu().stream();
            out = arena.allocate(ADDRESS);
            boolean lstm = s.p.kind() == RnnKind.LSTM;
            int g = s.p.gates(), gb = 4, h = s.hidden, n = s.batch, t = s.seq, in = s.input;
            MemorySegment srcMd = md(dnnl_tnc, t, n, in), dstMd = md(dnnl_tnc, t, n, h), stateMd = md(dnnl_ldnc, 1, 1, n, h);
            MemorySegment biasMd = md(dnnl_ldgo, 1, 1, gb, h); // LSTM: 4 gates; lbr_gru: 3 and b_hn
            MemorySegment wlAny = md(dnnl_format_tag_any, 1, 1, in, g, h), wiAny = md(dnnl_format_tag_any, 1, 1, h, g, h);
            MemorySegment wlGoi = md(dnnl_ldgoi, 1, 1, in, g, h), wiGoi = md(dnnl_ldgoi, 1, 1, h, g, h);
            MemorySegment wlIgo = md(dnnl_ldigo, 1, 1, in, g, h), wiIgo = md(dnnl_ldigo, 1, 1, h, g, h);
            MemorySegment infPd = forwardPd(lstm, dnnl_forward_inference, srcMd, stateMd, wlAny, wiAny, biasMd, dstMd);
            MemorySegment trainPd = forwardPd(lstm, dnnl_forward_training, srcMd, stateMd, wlAny, wiAny, biasMd, dstMd);
            MemorySegment bwdPd = lstm
                    ? pd(dnnl_lstm_backward_primitive_desc_create(out, engine, dnnl_backward, dnnl_unidirectional_left2right,
                            srcMd, stateMd, stateMd, wlGoi, wiGoi, MemorySegment.NULL, MemorySegment.NULL, biasMd, dstMd,
                            stateMd, stateMd, srcMd, stateMd, stateMd, wlIgo, wiIgo, MemorySegment.NULL, MemorySegment.NULL,
                            biasMd, dstMd, stateMd, stateMd, dnnl_rnn_flags_diff_weights_overwrite, trainPd, MemorySegment.NULL))
                    : pd(dnnl_lbr_gru_backward_primitive_desc_create(out, engine, dnnl_backward, dnnl_unidirectional_left2right,
                            srcMd, stateMd, wlGoi, wiGoi, biasMd, dstMd, stateMd, srcMd, stateMd, wlIgo, wiIgo, biasMd, dstMd,
                            stateMd, dnnl_rnn_flags_diff_weights_overwrite, trainPd, MemorySegment.NULL));
            // buffers: data from the shared shape, weights random in ldgoi then reordered once
            Rng rng = new Rng(7);
            MemorySegment wlUser = random(rng, (long) in * g * h), wiUser = random(rng, (long) h * g * h);
            MemorySegment bias = random(rng, (long) gb * h);
            MemorySegment wlInf = reorder(wlGoi, wlUser, query(infPd, DNNL_ARG_WEIGHTS_LAYER));
            MemorySegment wiInf = reorder(wiGoi, wiUser, query(infPd, DNNL_ARG_WEIGHTS_ITER));
            MemorySegment wlTrain = reorder(wlGoi, wlUser, query(trainPd, DNNL_ARG_WEIGHTS_LAYER));
            MemorySegment wiTrain = reorder(wiGoi, wiUser, query(trainPd, DNNL_ARG_WEIGHTS_ITER));
            MemorySegment wsMd = dnnl_primitive_desc_query_md(trainPd, dnnl_query_workspace_md, 0);
            MemorySegment ws = arena.allocate(dnnl_memory_desc_get_size(wsMd), 64);
            long stateBytes = (long) n * h * 4, dataBytes = (long) t * n * h * 4;
            MemorySegment h0 = s.h0.segment(), c0 = lstm ? s.c0.segment() : null;
            MemorySegment dst = arena.allocate(dataBytes, 64), hN = arena.allocate(stateBytes, 64), cN = arena.allocate(stateBytes, 64);
            MemorySegment diffSrc = arena.allocate((long) t * n * in * 4, 64), diffH0 = arena.allocate(stateBytes, 64);
            MemorySegment diffC0 = arena.allocate(stateBytes, 64), diffHN = arena.allocate(stateBytes, 64);
            MemorySegment diffCN = arena.allocate(stateBytes, 64);
            MemorySegment dWl = arena.allocate((long) in * g * h * 4, 64), dWi = arena.allocate((long) h * g * h * 4, 64);
            MemorySegment dBias = arena.allocate((long) gb * h * 4, 64);
            MemorySegment src = s.src.segment(), diffDst = s.diffDst.segment();
            List<Object> fwdArgs = new ArrayList<>(List.of(DNNL_ARG_SRC_LAYER, srcMd, src, DNNL_ARG_SRC_ITER, stateMd, h0,
                    DNNL_ARG_BIAS, biasMd, bias, DNNL_ARG_DST_LAYER, dstMd, dst, DNNL_ARG_DST_ITER, stateMd, hN));
            if (lstm) {
                fwdArgs.addAll(List.of(DNNL_ARG_SRC_ITER_C, stateMd, c0, DNNL_ARG_DST_ITER_C, stateMd, cN));
            }
            List<Object> inf = new ArrayList<>(fwdArgs);
            inf.addAll(List.of(DNNL_ARG_WEIGHTS_LAYER, query(infPd, DNNL_ARG_WEIGHTS_LAYER), wlInf,
                    DNNL_ARG_WEIGHTS_ITER, query(infPd, DNNL_ARG_WEIGHTS_ITER), wiInf));
            inference = exec(infPd, inf);
            List<Object> train = new ArrayList<>(fwdArgs);
            train.addAll(List.of(DNNL_ARG_WEIGHTS_LAYER, query(trainPd, DNNL_ARG_WEIGHTS_LAYER), wlTrain,
                    DNNL_ARG_WEIGHTS_ITER, query(trainPd, DNNL_ARG_WEIGHTS_ITER), wiTrain, DNNL_ARG_WORKSPACE, wsMd, ws));
            forward = exec(trainPd, train);
            List<Object> bwd = new ArrayList<>(List.of(DNNL_ARG_SRC_LAYER, srcMd, src, DNNL_ARG_SRC_ITER, stateMd, h0,
                    DNNL_ARG_WEIGHTS_LAYER, wlGoi, wlUser, DNNL_ARG_WEIGHTS_ITER, wiGoi, wiUser, DNNL_ARG_BIAS, biasMd, bias,
                    DNNL_ARG_DST_LAYER, dstMd, dst, DNNL_ARG_DST_ITER, stateMd, hN, DNNL_ARG_WORKSPACE, wsMd, ws,
                    DNNL_ARG_DIFF_SRC_LAYER, srcMd, diffSrc, DNNL_ARG_DIFF_SRC_ITER, stateMd, diffH0,
                    DNNL_ARG_DIFF_WEIGHTS_LAYER, wlIgo, dWl, DNNL_ARG_DIFF_WEIGHTS_ITER, wiIgo, dWi,
                    DNNL_ARG_DIFF_BIAS, biasMd, dBias, DNNL_ARG_DIFF_DST_LAYER, dstMd, diffDst,
                    DNNL_ARG_DIFF_DST_ITER, stateMd, diffHN));
            if (lstm) {
                bwd.addAll(List.of(DNNL_ARG_SRC_ITER_C, stateMd, c0, DNNL_ARG_DST_ITER_C, stateMd, cN,
                        DNNL_ARG_DIFF_SRC_ITER_C, stateMd, diffC0, DNNL_ARG_DIFF_DST_ITER_C, stateMd, diffCN));
            }
            backward = exec(bwdPd, bwd);
        }

        private MemorySegment forwardPd(boolean lstm, int prop, MemorySegment srcMd, MemorySegment stateMd, MemorySegment wl,
                                        MemorySegment wi, MemorySegment biasMd, MemorySegment dstMd) {
            return lstm
                    ? pd(dnnl_lstm_forward_primitive_desc_create(out, engine, prop, dnnl_unidirectional_left2right, srcMd,
                            stateMd, stateMd, wl, wi, MemorySegment.NULL, MemorySegment.NULL, biasMd, dstMd, stateMd, stateMd,
                            dnnl_rnn_flags_undef, MemorySegment.NULL))
                    : pd(dnnl_lbr_gru_forward_primitive_desc_create(out, engine, prop, dnnl_unidirectional_left2right, srcMd,
                            stateMd, wl, wi, biasMd, dstMd, stateMd, dnnl_rnn_flags_undef, MemorySegment.NULL));
        }

        private MemorySegment md(int tag, long... dims) {
            MemorySegment d = arena.allocate(JAVA_LONG, DNNL_MAX_NDIMS);
            for (int i = 0; i < dims.length; i++) {
                d.setAtIndex(JAVA_LONG, i, dims[i]);
            }
            ok(dnnl_memory_desc_create_with_tag(out, dims.length, d, dnnl_f32, tag), "md");
            return out.get(ADDRESS, 0);
        }

        private MemorySegment pd(int status) {
            ok(status, "primitive desc");
            return out.get(ADDRESS, 0);
        }

        private static MemorySegment query(MemorySegment pd, int arg) {
            return dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, arg);
        }

        private MemorySegment random(Rng rng, long floats) {
            MemorySegment s = arena.allocate(floats * 4, 64);
            for (long i = 0; i < floats; i++) {
                s.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, rng.uniform(-0.08f, 0.08f));
            }
            return s;
        }

        /** A copy of {@code data} (layout {@code from}) in layout {@code to}. */
        private MemorySegment reorder(MemorySegment from, MemorySegment data, MemorySegment to) {
            MemorySegment dst = arena.allocate(dnnl_memory_desc_get_size(to), 64);
            ok(dnnl_reorder_primitive_desc_create(out, from, engine, to, engine, MemorySegment.NULL), "reorder pd");
            MemorySegment pd = out.get(ADDRESS, 0);
            Exec e = exec(pd, List.of(DNNL_ARG_FROM, from, data, DNNL_ARG_TO, to, dst));
            ok(dnnl_primitive_execute(e.primitive(), stream, e.nargs(), e.args()), "reorder");
            ok(dnnl_stream_wait(stream), "wait");
            return dst;
        }

        /** The primitive of {@code pd} with memory objects from (kind, md, buffer) triples. */
        private Exec exec(MemorySegment pd, List<Object> triples) {
            ok(dnnl_primitive_create(out, pd), "primitive");
            MemorySegment primitive = out.get(ADDRESS, 0);
            handles.add(primitive);
            int nargs = triples.size() / 3;
            MemorySegment args = arena.allocate(dnnl_exec_arg_t, nargs);
            for (int i = 0; i < nargs; i++) {
                ok(dnnl_memory_create(out, (MemorySegment) triples.get(3 * i + 1), engine, (MemorySegment) triples.get(3 * i + 2)),
                        "memory");
                MemorySegment memory = out.get(ADDRESS, 0);
                long at = i * dnnl_exec_arg_t.byteSize();
                args.set(JAVA_INT, at + dnnl_exec_arg_t.byteOffset(PathElement.groupElement("arg")), (Integer) triples.get(3 * i));
                args.set(ADDRESS, at + dnnl_exec_arg_t.byteOffset(PathElement.groupElement("memory")), memory);
            }
            return new Exec(primitive, args, nargs);
        }

        private static void ok(int status, String what) {
            check(status, "bare dnnl rnn " + what, "");
        }

        int run(Exec e) {
            return dnnl_primitive_execute(e.primitive(), stream, e.nargs(), e.args()) | dnnl_stream_wait(stream);
        }

        @TearDown(Level.Trial)
        public void destroy() {
            handles.forEach(p -> dnnl_primitive_destroy(p));
            arena.close();
        }
    }

    @Benchmark
    public int bareDnnlInference(Shape s, BareDnnl d) {
        return d.run(d.inference);
    }

    @Benchmark
    public int bareDnnlTraining(Shape s, BareDnnl d) {
        return d.run(d.forward) | d.run(d.backward);
    }

    /** Runs JMH (arguments as for org.openjdk.jmh.Main) on this class, then prints the ratios. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(RnnBench.class.getName());
        }
        printRatios(new Runner(options.build()).run());
    }

    private static void printRatios(Collection<RunResult> results) {
        TreeMap<String, TreeMap<String, Double>> table = new TreeMap<>(); // cell, threads -> method -> ops/s
        for (RunResult r : results) {
            String key = r.getParams().getParam("cell") + " threads=" + r.getParams().getParam("threads");
            String label = r.getParams().getBenchmark();
            table.computeIfAbsent(key, x -> new TreeMap<>()).put(label.substring(label.lastIndexOf('.') + 1),
                    r.getPrimaryResult().getScore());
        }
        System.out.println();
        for (var row : table.entrySet()) {
            var m = row.getValue();
            for (String mode : new String[] {"Inference", "Training"}) {
                System.out.println(row.getKey() + " " + mode + ": onednn/bare = " + ratio(m, "onednn" + mode, "bareDnnl" + mode)
                        + ", java/onednn = " + ratio(m, "java" + mode, "onednn" + mode)
                        + ", openblas/onednn = " + ratio(m, "openblas" + mode, "onednn" + mode));
            }
        }
    }

    private static String ratio(TreeMap<String, Double> row, String a, String b) {
        Double x = row.get(a), y = row.get(b);
        return x == null || y == null ? "-" : String.format("%.3f", x / y);
    }
}
