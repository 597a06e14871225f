package dev.gatun.ops;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.ReduceOp;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/**
 * Crash-safety fuzzing: random sequences of ops on random shapes, valid and invalid, strided
 * views and closed tensors, on every available backend. Every failure must be an
 * IllegalArgumentException, IllegalStateException or IndexOutOfBoundsException carrying a
 * message; anything else (or a JVM crash, which is why {@link OpsFuzzTest} runs this in its own
 * process) fails. Cases 20-24 ({@link OutputFuzzCases}) assert their outcome instead: read-only,
 * overlapping and strided outputs, NaN/inf inputs against the scalar oracle, sizes near
 * {@code Integer.MAX_VALUE}. Prints the counts, then one summary line last: {@code fuzz ok: ...}
 * or exits with status 1.
 *
 * <p>Usage: {@code OpsFuzz SEED CASES}.
 */
public final class OpsFuzz {
    private static final int[] DIMS = {0, 1, 2, 3, 5, 17, 33};
    /** The random-op cases 0-19, then issue 16's asserted cases (see {@link OutputFuzzCases}). */
    private static final int OPS = 25;
    private static final String[] ASSERTED = {"read-only output", "overlapping output", "strided output", "NaN/inf inputs",
        "sizes near Integer.MAX_VALUE"};

    private final Rng rng;
    private final long[] tried = new long[OPS];
    private final long[] rejected = new long[OPS];
    private final OutputFuzzCases asserted;
    /** Set when this case handed an op a bfloat16 tensor: only views, copies and matmul may accept one. */
    private boolean gaveBfloat16;
    /** The random-op cases that take bfloat16 tensors: matmul and convolution (bf16 pairs), transpose, split, views. */
    private static final java.util.Set<Integer> TAKE_BFLOAT16 = java.util.Set.of(0, 1, 11, 13, 14, 15);

    private OpsFuzz(long seed) {
        this.rng = new Rng(seed);
        this.asserted = new OutputFuzzCases(rng.split());
    }

    public static void main(String[] args) {
        long seed = Long.parseLong(args[0]);
        int cases = Integer.parseInt(args[1]);
        OpsFuzz fuzz = new OpsFuzz(seed);
        StringBuilder names = new StringBuilder();
        for (Backend backend : Backends.available()) {
            try (Backends.Using u = Backends.using(backend)) {
                for (int i = 0; i < cases; i++) {
                    int op = fuzz.rng.nextInt(OPS);
                    fuzz.tried[op]++;
                    fuzz.gaveBfloat16 = false;
                    try (Scope scope = fuzz.rng.nextInt(4) == 0 ? Scope.shared() : Scope.confined()) {
                        fuzz.run(op);
                        if (fuzz.gaveBfloat16 && !TAKE_BFLOAT16.contains(op)) {
                            fail(backend, i, op, new AssertionError("op " + op + " accepted a bfloat16 tensor"));
                        }
                    } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
                        // an asserted case checks its own refusals: one escaping it is a failure
                        if (e.getMessage() == null || e.getMessage().isBlank() || op >= OPS - ASSERTED.length) {
                            fail(backend, i, op, e);
                        }
                        fuzz.rejected[op]++;
                    } catch (Throwable e) {
                        fail(backend, i, op, e);
                    }
                }
            }
            names.append(names.isEmpty() ? "" : ", ").append(backend.name());
        }
        System.out.println("rejected per op: " + Arrays.toString(fuzz.rejected) + " of " + Arrays.toString(fuzz.tried));
        StringBuilder kinds = new StringBuilder();
        for (int k = 0; k < ASSERTED.length; k++) {
            kinds.append(k == 0 ? "" : ", ").append(ASSERTED[k]).append(' ').append(fuzz.tried[OPS - ASSERTED.length + k]);
        }
        System.out.println("asserted cases tried: " + kinds + "; " + fuzz.asserted.checked + " results equal to the oracle, "
                + fuzz.asserted.refused + " refusals with the expected message");
        System.out.println("fuzz ok: " + cases + " cases on each of [" + names + "], "
                + Arrays.stream(fuzz.tried).sum() + " calls, 0 crashes, " + Arrays.stream(fuzz.rejected).sum()
                + " rejected with a clear exception");
    }

    private static void fail(Backend backend, int i, int op, Throwable e) {
        System.out.println("fuzz FAILED on " + backend.name() + ", case " + i + " (op " + op + "):");
        e.printStackTrace(System.out);
        System.out.println("fuzz FAILED: " + e);
        System.exit(1);
    }

    // ---- random inputs -------------------------------------------------------------------

    /**
     * 8-bit codes of {@code shape}: usually of a random integer type and dense; sometimes a
     * transposed view, a float tensor where codes are expected, or one whose scope is closed.
     */
    private Tensor codes(int[] shape) {
        int kind = rng.nextInt(8);
        if (kind == 0) {
            return tensor(shape); // floats (or bf16, or dead): the op must refuse them
        }
        DataType type = rng.nextInt(2) == 0 ? DataType.UINT8 : DataType.INT8;
        if (kind == 1) {
            Tensor dead;
            try (Scope s = Scope.confined()) {
                dead = Tensor.zeros(s, type, shape);
            }
            return dead;
        }
        if (kind == 2 && shape.length == 2) {
            Tensor t = Tensor.zeros(Scope.current(), type, shape[1], shape[0]);
            t.fill(type.minCode() + rng.nextInt(type.maxCode() - type.minCode() + 1));
            return t.transpose(0, 1);
        }
        if (kind == 3 && shape.length == 4) { // channels-last, as an int8 plan keeps them; now and then an H/W-swapped view
            boolean swapped = rng.nextInt(4) == 0;
            Tensor t = swapped ? Tensor.zeros(Scope.current(), type, shape[0], shape[1], shape[3], shape[2])
                    : Tensor.zeros(Scope.current(), type, shape[0], shape[2], shape[3], shape[1]);
            t.fill(type.minCode() + rng.nextInt(type.maxCode() - type.minCode() + 1));
            return swapped ? t.transpose(2, 3) : t.permute(0, 3, 1, 2);
        }
        Tensor t = Tensor.zeros(Scope.current(), type, shape);
        t.fill(type.minCode() + rng.nextInt(type.maxCode() - type.minCode() + 1));
        return t;
    }

    /** A quantized product's output: floats, or (one time in three) codes, of any type and layout. */
    private Tensor output(int[] shape) {
        return rng.nextInt(3) == 0 ? codes(shape) : tensor(shape);
    }

    /** A scale: usually a small positive one, sometimes one the ops must refuse. */
    private float scale() {
        float[] bad = {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, 1e38f};
        return rng.nextInt(6) == 0 ? bad[rng.nextInt(bad.length)] : rng.uniform(1e-3f, 1f);
    }

    private int dim() {
        return DIMS[rng.nextInt(DIMS.length)];
    }

    private int[] shape(int rank) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = dim();
        }
        return s;
    }

    /** Usually {@code shape} itself; sometimes one dim changed, to make the op invalid. */
    private int[] perturbed(int[] shape) {
        int[] s = shape.clone();
        if (s.length > 0 && rng.nextInt(6) == 0) {
            s[rng.nextInt(s.length)] = dim();
        }
        return s;
    }

    /**
     * A tensor of that shape: dense, or a transposed / sliced / broadcast view of one, or one
     * whose scope is already closed, or a bfloat16 copy. Values are normal, with the odd NaN or
     * infinity.
     */
    private Tensor tensor(int[] shape) {
        int kind = rng.nextInt(13);
        if (kind == 12) {
            gaveBfloat16 = true;
            return Tensor.normal(rng, 0, 2, shape).to(DataType.BFLOAT16);
        }
        if (kind == 0) {
            Tensor dead;
            try (Scope s = Scope.confined()) {
                dead = Tensor.zeros(shape);
            }
            return dead;
        }
        Tensor t;
        if (kind == 1 && shape.length >= 2) {
            int[] swapped = shape.clone();
            swapped[0] = shape[shape.length - 1];
            swapped[shape.length - 1] = shape[0];
            t = Tensor.normal(rng, 0, 2, swapped).transpose(0, shape.length - 1);
        } else if (kind == 2 && shape.length >= 1) {
            int[] wider = shape.clone();
            wider[0] += 2;
            t = Tensor.normal(rng, 0, 2, wider).slice(0, 1, 1 + shape[0]);
        } else if (kind == 3 && shape.length >= 1 && shape[0] > 0) {
            int[] one = shape.clone();
            one[0] = 1;
            t = Tensor.normal(rng, 0, 2, one).broadcastTo(shape);
        } else {
            t = Tensor.normal(rng, 0, 2, shape);
        }
        if (rng.nextInt(10) == 0 && t.numel() > 0 && t.isContiguous()) {
            t.set(rng.nextInt(2) == 0 ? Float.NaN : Float.POSITIVE_INFINITY, new int[shape.length]);
        }
        return t;
    }

    private int rank() {
        return rng.nextInt(5);
    }

    private <E extends Enum<E>> E pick(E[] values) {
        return values[rng.nextInt(values.length)];
    }

    // ---- one random op -------------------------------------------------------------------

    /**
     * quantize / dequantize, the quantized matmul, convolution and max pooling: random types,
     * scales, zero points, shapes, layouts; float or codes outputs.
     */
    private void quantized() {
        int zero = rng.nextInt(300) - 20; // a few outside every code range
        boolean relu = rng.nextInt(2) == 0;
        switch (rng.nextInt(5)) {
            case 4 -> {
                int[] x = {rng.nextInt(3), 1 + rng.nextInt(4), dim(), dim()};
                Pool2dParams p = Pool2dParams.of(1 + rng.nextInt(3), 1 + rng.nextInt(3), rng.nextInt(3));
                Ops.quantizedMaxPool2dInto(codes(perturbed(x)), codes(perturbed(new int[] {x[0], x[1], Math.max(0, p.outH(x[2])),
                        Math.max(0, p.outW(x[3]))})), p);
            }
            case 0 -> {
                int[] s = shape(rank());
                float scale = scale();
                Tensor q = Ops.quantize(tensor(s), scale, zero, rng.nextInt(2) == 0 ? DataType.UINT8 : DataType.INT8);
                Ops.dequantize(q, scale, zero);
            }
            case 1 -> {
                int[] s = shape(rank());
                Ops.quantizeInto(tensor(s), scale(), zero, codes(perturbed(s)));
            }
            case 2 -> {
                int m = dim(), k = dim(), n = dim();
                Ops.quantizedMatmulInto(codes(perturbed(new int[] {m, k})), zero, codes(perturbed(new int[] {n, k})),
                        tensor(perturbed(new int[] {n})), rng.nextInt(2) == 0 ? null : tensor(perturbed(new int[] {n})), relu,
                        output(perturbed(new int[] {m, n})));
            }
            default -> {
                int c = 1 + rng.nextInt(4), g = rng.nextInt(3) == 0 ? c : 1;
                int[] x = {rng.nextInt(3), c, dim(), dim()};
                int[] w = {g * (1 + rng.nextInt(3)), c / g, 1 + rng.nextInt(4), 1 + rng.nextInt(4)};
                Conv2dParams p = new Conv2dParams(1 + rng.nextInt(3), 1 + rng.nextInt(3), rng.nextInt(3), rng.nextInt(3),
                        rng.nextInt(3), rng.nextInt(3), rng.nextInt(3), 1 + rng.nextInt(2), g);
                int oh = p.outH(x[2], w[2]), ow = p.outW(x[3], w[3]);
                Ops.quantizedConv2dInto(codes(perturbed(x)), zero, codes(perturbed(w)), tensor(perturbed(new int[] {w[0]})),
                        rng.nextInt(2) == 0 ? null : tensor(perturbed(new int[] {w[0]})), relu,
                        output(perturbed(new int[] {x[0], w[0], Math.max(0, oh), Math.max(0, ow)})), p);
            }
        }
    }

    private void run(int op) {
        switch (op) {
            case 0 -> {
                boolean ta = rng.nextInt(2) == 0, tb = rng.nextInt(2) == 0;
                int m = dim(), n = dim(), k = dim();
                int[] a = ta ? new int[] {k, m} : new int[] {m, k};
                int[] b = tb ? new int[] {n, k} : new int[] {k, n};
                if (rng.nextInt(3) == 0) {
                    a = new int[] {dim(), a[0], a[1]};
                }
                Ops.matmul(tensor(perturbed(a)), ta, tensor(perturbed(b)), tb);
            }
            case 1 -> {
                int[] c = {dim(), dim()};
                Ops.matmulInto(tensor(new int[] {c[0], 3}), false, tensor(perturbed(new int[] {3, c[1]})), false,
                        tensor(perturbed(c)), rng.uniform(-1, 1), rng.nextInt(2) == 0 ? 0f : 1f);
            }
            case 2 -> {
                int[] s = shape(rank());
                int[] other = rng.nextInt(2) == 0 ? perturbed(s) : broadcastable(s);
                Ops.binary(pick(BinaryOp.values()), tensor(s), tensor(other));
            }
            case 3 -> {
                int[] s = shape(rank());
                Tensor dst = tensor(perturbed(s));
                Ops.binaryInto(pick(BinaryOp.values()), tensor(s), tensor(broadcastable(s)), dst);
            }
            case 4 -> Ops.eltwise(pick(EltwiseOp.values()), rng.uniform(-1, 1), rng.uniform(-1, 1), tensor(shape(rank())));
            case 5 -> {
                int[] s = shape(rank());
                Ops.eltwiseInto(pick(EltwiseOp.values()), 0.1f, 0f, tensor(s), tensor(perturbed(s)));
            }
            case 6 -> {
                int[] s = shape(rank());
                Ops.eltwiseBackward(pick(EltwiseOp.values()), 0.1f, 0f, tensor(s), tensor(perturbed(s)));
            }
            case 7 -> {
                int[] s = shape(rank());
                int[] axes = new int[rng.nextInt(3)];
                for (int i = 0; i < axes.length; i++) {
                    axes[i] = rng.nextInt(s.length + 2) - 1; // includes -1 and out-of-range axes
                }
                Ops.reduce(pick(ReduceOp.values()), tensor(s), rng.nextInt(2) == 0, axes);
            }
            case 8 -> {
                int[] s = shape(rank());
                Ops.sumTo(tensor(s), perturbed(broadcastable(s)));
            }
            case 9 -> {
                Tensor x = tensor(shape(rank()));
                boolean log = rng.nextInt(2) == 0;
                Tensor y = log ? Ops.logSoftmax(x) : Ops.softmax(x);
                Ops.softmaxBackward(y, tensor(perturbed(y.shape())), log);
            }
            case 10 -> {
                int[] s = shape(1 + rng.nextInt(3));
                int c = s[s.length - 1];
                Tensor gamma = rng.nextInt(2) == 0 ? null : tensor(perturbed(new int[] {c}));
                Tensor beta = gamma == null ? null : tensor(perturbed(new int[] {c}));
                Tensor x = tensor(s);
                Ops.LayerNormResult r = Ops.layerNorm(x, gamma, beta, rng.nextInt(8) == 0 ? -1f : 1e-5f);
                Ops.layerNormBackward(x, tensor(perturbed(s)), gamma, r.mean(), r.rstd());
            }
            case 11 -> {
                int[] s = shape(rank());
                Ops.transpose(tensor(s), rng.nextInt(s.length + 2) - 1, rng.nextInt(s.length + 2) - 1);
            }
            case 12 -> {
                int[] s = shape(1 + rng.nextInt(3));
                int axis = rng.nextInt(s.length + 1) - 1;
                Ops.concat(axis, tensor(s), tensor(perturbed(s)), tensor(perturbed(s)));
            }
            case 13 -> {
                int[] s = shape(1 + rng.nextInt(3));
                int axis = rng.nextInt(s.length);
                int first = rng.nextInt(s[axis] + 2);
                Ops.split(tensor(s), axis, first, s[axis] - first);
            }
            case 14 -> {
                Tensor t = tensor(shape(rank()));
                int[] idx = new int[t.rank()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = rng.nextInt(4) - 1;
                }
                t.get(idx);
                t.reshape(perturbed(t.shape())).slice(0, 0, 1);
            }
            // convolution / pooling / batch norm: random hyper-parameters, some out of range or
            // giving an empty output, on perturbed shapes and views
            case 15 -> {
                int c = 1 + rng.nextInt(4), g = rng.nextInt(3) == 0 ? c : 1;
                int[] x = {rng.nextInt(3), c, dim(), dim()};
                int[] w = {g * (1 + rng.nextInt(3)), c / g, 1 + rng.nextInt(4), 1 + rng.nextInt(4)};
                Conv2dParams p = new Conv2dParams(1 + rng.nextInt(3), 1 + rng.nextInt(3), rng.nextInt(3), rng.nextInt(3),
                        rng.nextInt(3), rng.nextInt(3), rng.nextInt(3), 1 + rng.nextInt(2), g);
                Tensor y = Ops.conv2d(tensor(perturbed(x)), tensor(perturbed(w)),
                        rng.nextInt(2) == 0 ? null : tensor(perturbed(new int[] {w[0]})), p);
                Ops.conv2dBackwardData(tensor(perturbed(y.shape())), tensor(w), x, p);
                Ops.conv2dBackwardWeights(tensor(x), tensor(perturbed(y.shape())), perturbed(w), rng.nextInt(2) == 0, p);
            }
            case 16 -> {
                int[] x = {rng.nextInt(3), 1 + rng.nextInt(3), dim(), dim()};
                Pool2dParams p = new Pool2dParams(1 + rng.nextInt(4), 1 + rng.nextInt(4), 1 + rng.nextInt(3),
                        1 + rng.nextInt(3), rng.nextInt(3), rng.nextInt(3), rng.nextInt(3), rng.nextInt(3));
                if (rng.nextInt(2) == 0) {
                    Ops.MaxPoolResult r = Ops.maxPool2d(tensor(perturbed(x)), p);
                    Ops.maxPool2dBackward(tensor(perturbed(r.dst().shape())), r.indices(), x, p);
                } else {
                    boolean include = rng.nextInt(2) == 0;
                    Tensor y = Ops.avgPool2d(tensor(perturbed(x)), p, include);
                    Ops.avgPool2dBackward(tensor(perturbed(y.shape())), x, p, include);
                }
            }
            case 17 -> rnn();
            case 19 -> quantized();
            case 20 -> asserted.readOnlyOutput();
            case 21 -> asserted.overlappingOutput();
            case 22 -> asserted.stridedOutput();
            case 23 -> asserted.specialValues();
            case 24 -> asserted.hugeSizes();
            default -> {
                int[] x = {rng.nextInt(3), 1 + rng.nextInt(4), dim(), dim()};
                Tensor gamma = rng.nextInt(2) == 0 ? null : tensor(perturbed(new int[] {x[1]}));
                Tensor beta = rng.nextInt(2) == 0 ? null : tensor(perturbed(new int[] {x[1]}));
                Tensor src = tensor(perturbed(x));
                Ops.BatchNormResult r = Ops.batchNorm2dTraining(src, gamma, beta, null, null, 0.1f,
                        rng.nextInt(8) == 0 ? 0f : 1e-5f);
                Ops.batchNorm2dBackward(src, tensor(perturbed(src.shape())), gamma, r.mean(), r.variance(), 1e-5f);
                Ops.batchNorm2dInference(tensor(src.shape()), gamma, beta, r.mean(), r.variance(), 1e-5f);
            }
        }
    }

    /** A random recurrent stack on tensors and weights of (usually) the right shapes, then its backward. */
    private void rnn() {
        int[] small = {0, 1, 2, 3, 5};
        RnnParams p = new RnnParams(pick(RnnKind.values()), 1 + rng.nextInt(2), rng.nextInt(2) == 0,
                small[rng.nextInt(5)], small[rng.nextInt(5)], small[rng.nextInt(5)], small[rng.nextInt(5)]);
        int n = p.states(), gh = p.gates() * p.hidden();
        Tensor[] wi = new Tensor[n], wh = new Tensor[n], bi = new Tensor[n], bh = new Tensor[n];
        for (int e = 0; e < n; e++) {
            wi[e] = tensor(perturbed(new int[] {gh, p.layerInput(e / p.directions())}));
            wh[e] = tensor(perturbed(new int[] {gh, p.hidden()}));
            bi[e] = tensor(perturbed(new int[] {gh}));
            bh[e] = tensor(perturbed(new int[] {gh}));
        }
        RnnWeights w = new RnnWeights(wi, wh, bi, bh);
        Tensor src = tensor(perturbed(p.srcShape()));
        Tensor h0 = rng.nextInt(3) == 0 ? null : tensor(perturbed(p.stateShape()));
        Tensor c0 = rng.nextInt(3) == 0 ? null : tensor(perturbed(p.stateShape())); // wrong unless LSTM
        boolean training = rng.nextInt(2) == 0;
        Ops.RnnResult r = Ops.rnn(p, src, h0, c0, w, training);
        if (training) {
            Ops.rnnBackward(p, src, h0, c0, w, r, tensor(perturbed(p.dstShape())), null, null);
        }
    }

    /** {@code s} with some dims set to 1 or dropped from the front: broadcasts with s. */
    private int[] broadcastable(int[] s) {
        int drop = s.length == 0 ? 0 : rng.nextInt(s.length + 1);
        int[] out = Arrays.copyOfRange(s, drop, s.length);
        for (int i = 0; i < out.length; i++) {
            if (rng.nextInt(3) == 0) {
                out[i] = 1;
            }
        }
        return out;
    }
}
