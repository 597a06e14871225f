package dev.gatun.ops;

import dev.gatun.backend.Backend;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.ReduceOp;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.testing.Close;
import dev.gatun.testing.OutputSafety;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * {@link OpsFuzz}'s cases for issue 16: read-only, overlapping and strided outputs, NaN and
 * infinite inputs, and sizes near {@code Integer.MAX_VALUE}. Unlike the random-op cases, each
 * asserts its outcome: the exception type and what its message names, or a result equal to the
 * scalar oracle's on separate memory. A wrong outcome throws {@link AssertionError}.
 */
final class OutputFuzzCases {
    private static final Backend ORACLE = new ScalarBackend();
    private static final int[] DIMS = {1, 2, 3, 5, 8, 17, 33};
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    private final Rng rng;
    private final Path mapped; // a file of zeros mapped read-only for some cases
    long checked; // results compared with the oracle
    long refused; // calls refused with the asserted exception

    OutputFuzzCases(Rng rng) {
        this.rng = rng;
        try {
            mapped = Files.createTempFile("gatun-fuzz-readonly", ".bin");
            mapped.toFile().deleteOnExit();
            Files.write(mapped, new byte[1 << 16]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int dim() {
        return DIMS[rng.nextInt(DIMS.length)];
    }

    private Tensor values(int... shape) {
        return Tensor.uniform(rng, -3, 3, shape);
    }

    // ---- read-only outputs -----------------------------------------------------------------

    /** A valid call of a random write path whose output is read-only: refused, naming op and argument; nothing written. */
    void readOnlyOutput() {
        int n = dim(), m = dim(), k = dim();
        int which = rng.nextInt(9);
        switch (which) {
            case 0 -> {
                Tensor a = values(n, k), b = values(k, m);
                readOnly("matmul", "c", new int[] {n, m}, c -> Ops.matmulInto(a, false, b, false, c, 1f, rng.nextInt(2)));
            }
            case 1 -> {
                Tensor a = values(n, m), b = values(1, m);
                readOnly("add", "dst", new int[] {n, m}, d -> Ops.binaryInto(BinaryOp.ADD, a, b, d));
            }
            case 2 -> {
                EltwiseOp op = EltwiseOp.values()[rng.nextInt(EltwiseOp.values().length)];
                Tensor x = values(n, m);
                readOnly(op.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), "dst", new int[] {n, m},
                        d -> Ops.eltwiseInto(op, 0.1f, 0f, x, d));
            }
            case 3 -> {
                Tensor x = values(m, n).transpose(0, 1);
                readOnly("copy", "dst", new int[] {n, m}, d -> Ops.copyInto(x, d));
            }
            case 4 -> {
                Tensor x = values(1, 2, n + 2, m + 2), w = values(3, 2, 3, 3);
                readOnly("conv2d", "dst", new int[] {1, 3, n, m}, d -> Ops.conv2dInto(x, w, null, d, Conv2dParams.of(1, 0)));
            }
            case 5 -> {
                Tensor x = values(2, 3, n, m);
                readOnly("maxPool2d", "dst", new int[] {2, 3, n, m}, d -> Ops.maxPool2dInto(x, d, Pool2dParams.of(3, 1, 1)));
            }
            case 6 -> {
                Tensor x = values(2, 3, n, m);
                readOnly("avgPool2d", "dst", new int[] {2, 3, n, m},
                        d -> Ops.avgPool2dInto(x, d, Pool2dParams.of(3, 1, 1), rng.nextInt(2) == 0));
            }
            case 7 -> {
                Tensor x = values(2, 3, n, m), mean = values(3), var = Tensor.full(1f, 3);
                readOnly("batchNorm2d", "dst", new int[] {2, 3, n, m},
                        d -> Ops.batchNorm2dInferenceInto(x, null, null, mean, var, 1e-5f, d));
            }
            default -> {
                RnnParams p = new RnnParams(RnnKind.values()[rng.nextInt(3)], 1, false, n, 2, k, m);
                Tensor src = values(p.srcShape()), h0 = values(p.stateShape());
                Tensor c0 = p.kind().hasCellState() ? values(p.stateShape()) : null;
                Tensor cN = p.kind().hasCellState() ? Tensor.zeros(p.stateShape()) : null;
                readOnly("rnn", "hN", p.stateShape(),
                        d -> Ops.rnnInto(p, src, h0, c0, RnnWeights.zeros(p), Tensor.zeros(p.dstShape()), d, cN));
            }
        }
    }

    private void readOnly(String op, String arg, int[] shape, Consumer<Tensor> call) {
        Tensor out = readOnlyTensor(shape);
        float[] before = out.toArray();
        try {
            call.accept(out);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            if (!msg.startsWith(op + ": output " + arg) || !msg.contains("read-only")) {
                throw new AssertionError("read-only " + arg + " of " + op + ": unclear message: " + msg, e);
            }
            if (!Arrays.equals(before, out.toArray())) {
                throw new AssertionError("read-only " + arg + " of " + op + " was written");
            }
            refused++;
            return;
        }
        throw new AssertionError("read-only " + arg + " of " + op + " " + Arrays.toString(shape) + " was accepted");
    }

    private Tensor readOnlyTensor(int[] shape) {
        // a real read-only file mapping (as SafetensorsFile's) for a quarter of the small ones
        boolean map = rng.nextInt(4) == 0 && OutputSafety.readOnlyBytes(shape) <= 1 << 16;
        return OutputSafety.readOnlyTensor(Scope.current(), shape, map ? mapped : null);
    }

    // ---- overlapping outputs ---------------------------------------------------------------

    /** An output that shares memory with an input: equal to the oracle on separate memory, or refused as "overlaps". */
    void overlappingOutput() {
        int n = dim(), m = dim();
        switch (rng.nextInt(7)) {
            case 0 -> { // matmul over its own operand(s)
                Tensor a = values(n, n);
                float beta = rng.nextInt(2) == 0 ? 0f : rng.uniform(-1, 1);
                boolean tb = rng.nextInt(2) == 0;
                Tensor expected = copy(a);
                ORACLE.matmul(copy(a), false, copy(a), tb, expected, 1f, beta);
                Ops.matmulInto(a, false, a, tb, a, 1f, beta);
                same("matmulInto(a, a, out=a) " + n, expected, a, 1e-4 * n);
            }
            case 1 -> { // binary exactly in place
                BinaryOp op = BinaryOp.values()[rng.nextInt(BinaryOp.values().length)];
                Tensor a = values(n, m), b = values(rng.nextInt(2) == 0 ? n : 1, m);
                Tensor expected = Tensor.zeros(n, m);
                ORACLE.binary(op, copy(a), b, expected);
                Ops.binaryInto(op, a, b, a);
                same(op + " in place", expected, a, 0);
            }
            case 2 -> { // binary or eltwise over a shifted view of its input
                int len = Math.max(2, n * m), shift = 1 + rng.nextInt(len - 1); // overlapping, not equal
                Tensor buf = values(len + shift);
                Tensor in = buf.slice(0, 0, len), out = buf.slice(0, shift, shift + len);
                Runnable call = rng.nextInt(2) == 0 ? () -> Ops.binaryInto(BinaryOp.ADD, in, in, out)
                        : () -> Ops.eltwiseInto(EltwiseOp.TANH, 0f, 0f, in, out);
                float[] before = buf.toArray();
                refuse("shifted elementwise output", "overlaps", call);
                if (!Arrays.equals(before, buf.toArray())) {
                    throw new AssertionError("a refused elementwise op wrote its output");
                }
            }
            case 3 -> { // copy from a transposed view of the output itself
                Tensor x = values(n, n);
                Tensor expected = Tensor.zeros(n, n);
                ORACLE.copy(copy(x).transpose(0, 1), expected);
                Ops.copyInto(x.transpose(0, 1), x);
                same("copyInto(x^T, out=x)", expected, x, 0);
            }
            case 4 -> { // convolution over its own input
                int c = 1 + rng.nextInt(3);
                Tensor x = values(1, c, n, m), w = values(c, c, 3, 3);
                Tensor expected = Tensor.zeros(1, c, n, m);
                ORACLE.conv2d(copy(x), w, null, expected, Conv2dParams.of(1, 1));
                Ops.conv2dInto(x, w, null, x, Conv2dParams.of(1, 1));
                same("conv2dInto(x, out=x)", expected, x, 1e-4 * c * 9);
            }
            case 5 -> { // pooling over its own input
                Tensor x = values(1, 2, n, m);
                Tensor expected = Tensor.zeros(1, 2, n, m);
                Pool2dParams p = Pool2dParams.of(3, 1, 1);
                if (rng.nextInt(2) == 0) {
                    ORACLE.maxPool2d(copy(x), expected, null, p);
                    Ops.maxPool2dInto(x, x, p);
                } else {
                    ORACLE.avgPool2d(copy(x), expected, p, true);
                    Ops.avgPool2dInto(x, x, p, true);
                }
                same("pool2dInto(x, out=x)", expected, x, 1e-5);
            }
            default -> { // recurrent: an output over an input
                RnnParams p = new RnnParams(RnnKind.GRU, 1, false, n, 1, m, m);
                Tensor src = values(p.srcShape()), h0 = values(p.stateShape());
                refuse("rnnInto(hN = h0)", "overlaps",
                        () -> Ops.rnnInto(p, src, h0, null, RnnWeights.zeros(p), Tensor.zeros(p.dstShape()), h0, null));
            }
        }
    }

    // ---- strided and non-contiguous outputs --------------------------------------------------

    /** Outputs that are transposed or broadcast views are refused; a contiguous slice of a larger tensor is written, nothing around it. */
    void stridedOutput() {
        int n = 2 + rng.nextInt(8), m = 2 + rng.nextInt(8);
        Tensor x = values(n, m);
        Tensor out = switch (rng.nextInt(3)) {
            case 0 -> Tensor.zeros(m, n).transpose(0, 1);
            case 1 -> Tensor.zeros(1, m).broadcastTo(n, m);
            default -> null;
        };
        if (out != null) {
            Tensor o = out;
            refuse("a strided output", "must be contiguous", () -> Ops.eltwiseInto(EltwiseOp.ABS, 0f, 0f, x, o));
            return;
        }
        Tensor big = values(n + 2, m);
        float[] before = big.toArray();
        Tensor rows = big.slice(0, 1, 1 + n); // contiguous
        Tensor expected = Tensor.zeros(n, m);
        ORACLE.binary(BinaryOp.MUL, x, x, expected);
        Ops.binaryInto(BinaryOp.MUL, x, x, rows);
        same("binaryInto a row slice", expected, rows, 0);
        float[] after = big.toArray();
        for (int i = 0; i < m; i++) {
            if (after[i] != before[i] && !(Float.isNaN(after[i]) && Float.isNaN(before[i]))
                    || after[(n + 1) * m + i] != before[(n + 1) * m + i]) {
                throw new AssertionError("binaryInto a row slice wrote outside it");
            }
        }
    }

    // ---- NaN and infinities ------------------------------------------------------------------

    /** A random op on inputs holding NaN and infinities: the same NaN, infinities and values as the oracle. */
    void specialValues() {
        int n = dim(), m = dim();
        Tensor x = sprinkled(n, m);
        Tensor expected, actual;
        String what;
        switch (rng.nextInt(7)) {
            case 0 -> {
                EltwiseOp op = EltwiseOp.values()[rng.nextInt(EltwiseOp.values().length)];
                what = op + "";
                actual = Ops.eltwise(op, 0.1f, 0.5f, x);
                expected = Tensor.zeros(n, m);
                ORACLE.eltwise(op, 0.1f, 0.5f, x, expected);
            }
            case 1 -> {
                BinaryOp op = BinaryOp.values()[rng.nextInt(BinaryOp.values().length)];
                Tensor y = sprinkled(rng.nextInt(2) == 0 ? n : 1, m);
                what = op + "";
                actual = Ops.binary(op, x, y);
                expected = Tensor.zeros(n, m);
                ORACLE.binary(op, x, y, expected);
            }
            case 2 -> {
                ReduceOp op = ReduceOp.values()[rng.nextInt(ReduceOp.values().length)];
                what = op + "";
                actual = Ops.reduce(op, x, true, 1);
                expected = Tensor.zeros(n, 1);
                ORACLE.reduce(op, x, expected);
            }
            case 3 -> {
                boolean log = rng.nextInt(2) == 0;
                what = log ? "logSoftmax" : "softmax";
                actual = log ? Ops.logSoftmax(x) : Ops.softmax(x);
                expected = Tensor.zeros(n, m);
                ORACLE.softmax(x, expected, log);
            }
            case 4 -> {
                Tensor b = sprinkled(m, n);
                what = "matmul";
                actual = Ops.matmul(x, b);
                expected = Tensor.zeros(n, n);
                ORACLE.matmul(x, false, b, false, expected, 1f, 0f);
            }
            case 5 -> {
                Tensor img = x.reshape(1, 1, n, m);
                Pool2dParams p = Pool2dParams.of(2, 1, 1);
                what = "maxPool2d";
                actual = Ops.maxPool2d(img, p).dst();
                expected = Tensor.zeros(actual.shape());
                ORACLE.maxPool2d(img, expected, null, p);
            }
            default -> {
                what = "layerNorm";
                actual = Ops.layerNorm(x, null, null, 1e-5f).dst();
                expected = Tensor.zeros(n, m);
                ORACLE.layerNorm(x, null, null, 1e-5f, expected, Tensor.zeros(n), Tensor.zeros(n));
            }
        }
        same(what + " with NaN/inf inputs " + Arrays.toString(x.shape()), expected, actual, 1e-3);
    }

    private Tensor sprinkled(int... shape) {
        float[] v = values(shape).toArray();
        for (int i = 0, k = 1 + rng.nextInt(1 + v.length / 4); i < k; i++) {
            v[rng.nextInt(v.length)] = SPECIAL[rng.nextInt(SPECIAL.length)];
        }
        return Tensor.of(v, shape);
    }

    // ---- sizes near Integer.MAX_VALUE --------------------------------------------------------

    /** Element counts past int and long math: refused with a message naming the shape, never an overflow. */
    void hugeSizes() {
        int big = Integer.MAX_VALUE - rng.nextInt(3);
        int side = 46341 + rng.nextInt(1000); // side * side > Integer.MAX_VALUE
        switch (rng.nextInt(6)) {
            case 0 -> refuse("zeros past a long's bytes", "too many elements", () -> Tensor.zeros(big, big, big));
            case 1 -> { // a small segment claimed to hold billions of floats (bytes past int math)
                MemorySegment small = Scope.current().arena().allocate(64, 64);
                int[] shape = rng.nextInt(2) == 0 ? new int[] {side, side} : new int[] {big / 4 + 1 + rng.nextInt(8)};
                refuse("wrap of a small segment", "smaller than shape", () -> Tensor.wrap(Scope.current(), small, shape));
            }
            case 2 -> refuse("broadcast past a long", "too many elements",
                    () -> Tensor.zeros(1, 1, 1).broadcastTo(big, big, big));
            case 3 -> { // a view of more than Integer.MAX_VALUE elements: readable by index, not as an array
                Tensor v = Tensor.full(7f, 1, 1).broadcastTo(side, side);
                if (v.numel() != (long) side * side || v.get(side - 1, side - 1) != 7f) {
                    throw new AssertionError("broadcast view " + side + "x" + side + " reads wrong");
                }
                refuse("toArray of " + v.numel() + " elements", "do not fit a Java array", v::toArray);
            }
            case 4 -> { // an op given the huge view and a small output: shape mismatch, before anything is allocated
                Tensor v = Tensor.full(1f, 1, 1).broadcastTo(side, side);
                refuse("eltwiseInto from a huge view", "shape mismatch",
                        () -> Ops.eltwiseInto(EltwiseOp.RELU, 0f, 0f, v.slice(0, 0, 1).slice(1, 0, 4), Tensor.zeros(2, 2)));
                refuse("matmul with huge inner dimension", "inner dimensions",
                        () -> Ops.matmulInto(v, false, Tensor.zeros(3, 2), false, Tensor.zeros(side, 2), 1f, 0f));
            }
            default -> refuse("reshape to a huge shape", "cannot become",
                    () -> Tensor.zeros(2, 2).reshape(side, side));
        }
    }

    // ---- assertions ----------------------------------------------------------------------------

    private void same(String what, Tensor expected, Tensor actual, double tol) {
        Close.assertClose(what, expected, actual, tol, tol);
        checked++;
    }

    private void refuse(String what, String word, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e.getMessage() == null || !e.getMessage().contains(word)) {
                throw new AssertionError(what + ": expected a message with \"" + word + "\", got: " + e, e);
            }
            refused++;
            return;
        }
        throw new AssertionError(what + ": accepted");
    }

    private static Tensor copy(Tensor t) {
        Tensor c = Tensor.zeros(t.shape());
        ORACLE.copy(t, c);
        return c;
    }
}
