package dev.gatun.testing;

import static dev.gatun.testing.Close.assertClose;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The output rules of {@link Ops} on one backend: every write path refuses a read-only output
 * (a read-only file mapping, a segment made read-only) before any kernel runs and leaves it as it
 * was; overlapping outputs are staged (matmul, convolution, pooling, batch norm, copy: the result
 * equals the scalar oracle's on separate memory) or refused (a partial overlap of an elementwise
 * op; any overlap of a recurrent op). Public so the native module runs it on its backends.
 */
public final class OutputSafety {
    private static final Backend ORACLE = new ScalarBackend();

    private OutputSafety() {}

    /** Runs every check on {@code backend}; throws AssertionError on the first failure. */
    public static void checkAll(Backend backend) {
        try (Backends.Using u = Backends.using(backend); Scope scope = Scope.confined()) {
            readOnlyOutputsAreRefused(backend.name(), readOnlyFactory(scope, true));
            readOnlyOutputsAreRefused(backend.name(), readOnlyFactory(scope, false));
            overlappingOutputs(backend.name());
        }
    }

    // ---- read-only outputs ---------------------------------------------------------------

    /** Makes read-only tensors of a shape: over a READ_ONLY file mapping, or a segment made read-only. */
    private static Function<int[], Tensor> readOnlyFactory(Scope scope, boolean mapped) {
        return shape -> {
            Path file = null;
            if (mapped) {
                try {
                    file = Files.createTempFile("gatun-readonly", ".bin");
                    file.toFile().deleteOnExit();
                    Files.write(file, new byte[(int) readOnlyBytes(shape)]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return readOnlyTensor(scope, shape, file);
        };
    }

    /**
     * A read-only tensor of {@code shape} in {@code scope}: the start of {@code file} mapped
     * READ_ONLY (as {@code SafetensorsFile} maps checkpoints; the file must hold the bytes), or,
     * when {@code file} is null, fresh memory made read-only with {@code asReadOnly()}.
     */
    public static Tensor readOnlyTensor(Scope scope, int[] shape, Path file) {
        long bytes = readOnlyBytes(shape);
        if (file == null) {
            return Tensor.wrap(scope, scope.arena().allocate(bytes, 64).asReadOnly(), shape);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return Tensor.wrap(scope, ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes, scope.arena()), shape);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes of a float tensor of {@code shape}, at least one float (an empty tensor still gets a segment). */
    public static long readOnlyBytes(int[] shape) {
        return Math.max(1, Arrays.stream(shape).asLongStream().reduce(1, (x, y) -> x * y)) * Float.BYTES;
    }

    private static void readOnlyOutputsAreRefused(String be, Function<int[], Tensor> ro) {
        Rng rng = new Rng(11);
        Tensor a = Tensor.normal(rng, 0, 1, 4, 3), b = Tensor.normal(rng, 0, 1, 3, 5);
        refused(be, "matmul", "c", ro.apply(new int[] {4, 5}), c -> Ops.matmulInto(a, false, b, false, c, 1f, 0f));
        Tensor x = Tensor.normal(rng, 0, 1, 4, 5);
        refused(be, "add", "dst", ro.apply(new int[] {4, 5}), d -> Ops.binaryInto(BinaryOp.ADD, x, x, d));
        refused(be, "relu", "dst", ro.apply(new int[] {4, 5}), d -> Ops.eltwiseInto(EltwiseOp.RELU, 0f, 0f, x, d));
        refused(be, "copy", "dst", ro.apply(new int[] {4, 5}), d -> Ops.copyInto(x, d));
        Tensor img = Tensor.normal(rng, 0, 1, 1, 2, 6, 6), w = Tensor.normal(rng, 0, 1, 3, 2, 3, 3);
        refused(be, "conv2d", "dst", ro.apply(new int[] {1, 3, 4, 4}),
                d -> Ops.conv2dInto(img, w, null, d, Conv2dParams.of(1, 0)));
        Pool2dParams pool = Pool2dParams.of(2, 2, 0);
        refused(be, "maxPool2d", "dst", ro.apply(new int[] {1, 2, 3, 3}), d -> Ops.maxPool2dInto(img, d, pool));
        refused(be, "avgPool2d", "dst", ro.apply(new int[] {1, 2, 3, 3}), d -> Ops.avgPool2dInto(img, d, pool, true));
        Tensor c2 = Tensor.full(1f, 2);
        refused(be, "batchNorm2d", "dst", ro.apply(new int[] {1, 2, 6, 6}),
                d -> Ops.batchNorm2dInferenceInto(img, null, null, c2, c2, 1e-5f, d));
        refused(be, "batchNorm2d", "runningMean", ro.apply(new int[] {2}),
                d -> Ops.batchNorm2dTraining(img, null, null, d, Tensor.zeros(2), 0.1f, 1e-5f));
        RnnParams p = new RnnParams(RnnKind.LSTM, 1, false, 2, 3, 4, 5);
        RnnWeights rw = RnnWeights.zeros(p);
        Tensor src = Tensor.normal(rng, 0, 1, p.srcShape()), h0 = Tensor.zeros(p.stateShape()), c0 = Tensor.zeros(p.stateShape());
        refused(be, "rnn", "dst", ro.apply(p.dstShape()), d -> Ops.rnnInto(p, src, h0, c0, rw, d,
                Tensor.zeros(p.stateShape()), Tensor.zeros(p.stateShape())));
        refused(be, "rnn", "cN", ro.apply(p.stateShape()), d -> Ops.rnnInto(p, src, h0, c0, rw, Tensor.zeros(p.dstShape()),
                Tensor.zeros(p.stateShape()), d));
    }

    private static void refused(String be, String op, String arg, Tensor out, java.util.function.Consumer<Tensor> call) {
        float[] before = out.toArray();
        String what = op + " into a read-only " + arg + " on " + be;
        try {
            call.accept(out);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            if (!m.startsWith(op) || !m.contains("read-only") || !m.contains(arg)) {
                throw new AssertionError(what + ": unclear message: " + m, e);
            }
            if (!Arrays.equals(before, out.toArray())) {
                throw new AssertionError(what + ": the output was changed");
            }
            return;
        }
        throw new AssertionError(what + ": accepted");
    }

    // ---- overlapping outputs -------------------------------------------------------------

    private static void overlappingOutputs(String be) {
        Rng rng = new Rng(5);
        // matmul: c is a (and b), with and without beta; the oracle on separate memory
        for (float beta : new float[] {0f, 0.5f}) {
            Tensor a = Tensor.normal(rng, 0, 1, 33, 33);
            Tensor expected = copyOf(a);
            ORACLE.matmul(copyOf(a), false, copyOf(a), false, expected, 1.5f, beta);
            Ops.matmulInto(a, false, a, false, a, 1.5f, beta);
            assertClose("matmulInto(a, a, out=a) beta=" + beta + " on " + be, expected, a, 1e-4, 1e-4);
        }
        // matmul: c is the second half of the memory a reads
        Tensor big = Tensor.normal(rng, 0, 1, 2, 8, 8);
        Tensor a = big.select(0, 0), c = big.select(0, 1);
        Tensor expected = Tensor.zeros(8, 8);
        ORACLE.matmul(copyOf(big.select(0, 0)), false, copyOf(c), true, expected, 1f, 0f);
        Ops.matmulInto(a, false, c, true, c, 1f, 0f);
        assertClose("matmulInto(a, c^T, out=c) on " + be, expected, c, 1e-5, 1e-5);

        // elementwise: exact aliasing is in place; a shifted view is refused and nothing is written
        Tensor x = Tensor.normal(rng, 0, 1, 40);
        Tensor y = copyOf(x), sum = Tensor.zeros(40);
        ORACLE.binary(BinaryOp.MUL, y, y, sum);
        Ops.binaryInto(BinaryOp.MUL, x, x, x);
        assertClose("binaryInto(x, x, out=x) on " + be, sum, x, 0, 0);
        Tensor row = Tensor.normal(rng, 0, 1, 4, 10);
        float[] rowBefore = row.toArray();
        expectRefused("binaryInto with dst overlapping a broadcast operand on " + be, "overlaps",
                () -> Ops.binaryInto(BinaryOp.ADD, row, row.slice(0, 0, 1), row));
        expectRefused("binaryInto with dst a shifted view of a on " + be, "overlaps",
                () -> Ops.binaryInto(BinaryOp.ADD, row.reshape(40).slice(0, 0, 30), row.reshape(40).slice(0, 0, 30),
                        row.reshape(40).slice(0, 10, 40)));
        expectRefused("eltwiseInto with dst a shifted view of src on " + be, "overlaps",
                () -> Ops.eltwiseInto(EltwiseOp.EXP, 0f, 0f, row.reshape(40).slice(0, 5, 35), row.reshape(40).slice(0, 0, 30)));
        if (!Arrays.equals(rowBefore, row.toArray())) {
            throw new AssertionError("a refused elementwise op wrote its output on " + be);
        }

        // copy: the source a transposed view of the destination itself
        Tensor sq = Tensor.normal(rng, 0, 1, 9, 9);
        Tensor t = Tensor.zeros(9, 9);
        ORACLE.copy(copyOf(sq).transpose(0, 1), t);
        Ops.copyInto(sq.transpose(0, 1), sq);
        assertClose("copyInto(x^T, out=x) on " + be, t, sq, 0, 0);

        // convolution and pooling writing over their own input
        Tensor img = Tensor.normal(rng, 0, 1, 1, 2, 6, 6);
        Tensor w = Tensor.normal(rng, 0, 1, 2, 2, 3, 3);
        Conv2dParams same = Conv2dParams.of(1, 1);
        Tensor conv = Tensor.zeros(1, 2, 6, 6);
        ORACLE.conv2d(copyOf(img), w, null, conv, same);
        Ops.conv2dInto(img, w, null, img, same);
        assertClose("conv2dInto(x, out=x) on " + be, conv, img, 1e-5, 1e-5);
        Tensor planes = Tensor.normal(rng, 0, 1, 1, 4, 4, 4);
        Pool2dParams pool = Pool2dParams.of(3, 1, 1);
        Tensor pooled = Tensor.zeros(1, 4, 4, 4);
        ORACLE.maxPool2d(copyOf(planes), pooled, null, pool);
        Ops.maxPool2dInto(planes, planes, pool);
        assertClose("maxPool2dInto(x, out=x) on " + be, pooled, planes, 0, 0);
        Tensor planes2 = Tensor.normal(rng, 0, 1, 1, 4, 4, 4);
        ORACLE.avgPool2d(copyOf(planes2), pooled, pool, false);
        Ops.avgPool2dInto(planes2, planes2, pool, false);
        assertClose("avgPool2dInto(x, out=x) on " + be, pooled, planes2, 1e-6, 1e-6);
        Tensor bnx = Tensor.normal(rng, 0, 1, 2, 3, 4, 4);
        Tensor mean = Tensor.normal(rng, 0, 1, 3), var = Tensor.uniform(rng, 0.5f, 2f, 3);
        Tensor bn = Tensor.zeros(2, 3, 4, 4);
        ORACLE.batchNorm2d(copyOf(bnx), null, null, mean, var, 1e-5f, false, bn);
        Ops.batchNorm2dInferenceInto(bnx, null, null, mean, var, 1e-5f, bnx);
        assertClose("batchNorm2dInferenceInto(x, out=x) on " + be, bn, bnx, 1e-5, 1e-5);

        // recurrent: hN written over h0 is refused
        RnnParams p = new RnnParams(RnnKind.GRU, 1, false, 2, 3, 4, 5);
        Tensor src = Tensor.normal(rng, 0, 1, p.srcShape()), h = Tensor.normal(rng, 0, 1, p.stateShape());
        expectRefused("rnnInto with hN = h0 on " + be, "overlaps",
                () -> Ops.rnnInto(p, src, h, null, RnnWeights.zeros(p), Tensor.zeros(p.dstShape()), h, null));
    }

    private static Tensor copyOf(Tensor t) {
        Tensor c = Tensor.zeros(t.shape());
        ORACLE.copy(t, c);
        return c;
    }

    private static void expectRefused(String what, String word, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().contains(word)) {
                throw new AssertionError(what + ": unclear message: " + e.getMessage(), e);
            }
            return;
        }
        throw new AssertionError(what + ": accepted");
    }
}
