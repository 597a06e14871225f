package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.gatun.backend.Backend;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.NaNs;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.ForwardingBackend;
import dev.gatun.backend.ReduceOp;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.ffi.NativeLibrary;
import dev.gatun.ffi.dnnl.Dnnl;
import dev.gatun.ffi.dnnl.DnnlEngine;
import dev.gatun.ffi.gomp.Gomp;
import dev.gatun.ffi.openblas.Cblas;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The {@code onednn} backend: matmul, binary, eltwise (forward and backward), softmax (forward
 * and backward), layer normalization (forward and backward), reductions and strided copies run
 * as oneDNN primitives; what oneDNN has no primitive for (STEP, a broadcast first operand of a
 * non-commutative op, copies from broadcast views, zero-size tensors, rank above 12) runs on the
 * pure-Java backend it was given.
 *
 * <p><b>Primitives</b> are made once per {@link PrimitiveKey} (op, thread count, algorithm, flags,
 * dims, strides) and kept in a bounded LRU {@link PrimitiveCache} ({@code -Dgatun.onednn.cacheSize},
 * default 256); an evicted primitive and its memory objects are destroyed. Memory objects are made
 * once per primitive without a buffer and pointed at the tensors' own memory with
 * {@code dnnl_memory_set_data_handle} before each execute: tensor data is never copied. Transposed
 * matmul operands are strided memory descriptors, not copies. The scratchpad is user-managed and
 * preallocated per primitive, the exec-argument array too, so a steady-state call allocates
 * nothing on the Java heap.
 *
 * <p><b>Threads.</b> Any thread may call. A cached primitive's memory objects are re-pointed per
 * call, so each call holds the primitive's monitor from binding to the end of execute: two
 * threads running the very same shape take turns (each call already uses every OpenMP thread),
 * different shapes run in parallel. Each primitive has its own stream, used only under that
 * monitor. oneDNN sizes its OpenMP team from the calling thread's {@code omp_get_max_threads()},
 * which is per thread, so every call first sets it to {@link #threads()} if it differs; the thread
 * count is part of the key because some implementations fix their partitioning at creation.
 *
 * <p>beta != 0 in matmul (accumulating into c) runs as {@code dnnl_sgemm} per batch entry: the
 * bindings have no sum post-op, and a binary post-op reading dst while writing it is not
 * defined behaviour in oneDNN.
 *
 * <p>Tensors are passed as addresses: a shared scope closed by another thread while a primitive
 * runs on its tensors is the caller's data race, as it would be with any buffer.
 */
public final class OneDnnBackend extends ForwardingBackend {
    /** Primitives kept per backend unless {@code -Dgatun.onednn.cacheSize} says otherwise. */
    public static final int DEFAULT_CACHE_CAPACITY = Integer.getInteger("gatun.onednn.cacheSize", 256);

    private final PrimitiveCache cache;
    private final MemorySegment engine;
    private final boolean gomp = NativeLibrary.GOMP.isAvailable();
    private final ThreadLocal<PrimitiveKey> probes = ThreadLocal.withInitial(() -> new PrimitiveKey(48));
    private volatile int threads;
    private final OneDnnConv conv;

    public OneDnnBackend(Backend fallback, int threads) {
        this(fallback, threads, DEFAULT_CACHE_CAPACITY);
    }

    public OneDnnBackend(Backend fallback, int threads, int cacheCapacity) {
        super(fallback);
        this.engine = DnnlEngine.cpu().engine();
        this.cache = new PrimitiveCache(cacheCapacity, new Primitives(engine));
        this.threads = threads;
        this.conv = new OneDnnConv(cache, this::key);
        this.rnn = new OneDnnRnn(cache, this::rnnKey);
    }

    @Override
    public String name() {
        return "onednn";
    }

    @Override
    public String describe() {
        return "oneDNN " + OneDnnInfo.shortVersion() + " " + OneDnnInfo.isa() + ", " + OneDnnInfo.cpuRuntime() + ", "
                + threads + " thread(s), " + cache.size() + "/" + cache.capacity() + " primitives cached";
    }

    /**
     * Sets oneDNN's OpenMP thread count (applied on each calling thread before its next call) and
     * the fallback's; OpenBLAS, when loaded, goes to one thread, since this backend does its gemms
     * in oneDNN and two spinning pools on few cores fight (the openblas backend sizes OpenBLAS
     * back before its own calls).
     */
    @Override
    public void setThreads(int threads) {
        dev.gatun.backend.Backends.checkThreads("setThreads", threads);
        this.threads = threads;
        applyThreads();
        if (NativeLibrary.OPENBLAS.isAvailable()) {
            Cblas.openblas_set_num_threads(1);
        }
        super.setThreads(threads);
    }

    @Override
    public int threads() {
        return threads;
    }

    // ---- recurrent: one oneDNN RNN primitive per layer (OneDnnRnn) ---------------------------

    private final OneDnnRnn rnn;

    @Override
    public long rnnWorkspaceSize(RnnParams p) {
        // a ReLU cell given NaN runs on the delegate (see reluCellWithNonFinite): room for either workspace
        return p.kind() == RnnKind.RNN_RELU ? Math.max(rnn.workspaceSize(p), delegate.rnnWorkspaceSize(p))
                : rnn.workspaceSize(p);
    }

    @Override
    public void rnnForward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                           Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        if (reluCellWithNonFinite(p, src, h0, w)) {
            delegate.rnnForward(p, src, h0, c0, w, dst, hN, cN, workspace);
            return;
        }
        rnn.forward(p, src, h0, c0, w, dst, hN, cN, workspace);
    }

    /**
     * oneDNN's ReLU cell turns a NaN pre-activation into 0; PyTorch's keeps it. Inputs with a NaN or an
     * infinity (inf - inf in the gemm makes a NaN pre-activation) run on
     * the delegate, forward and backward alike: both get the same src, h0 and weights, so both
     * decide alike and the workspace is the delegate's on both sides.
     */
    private static boolean reluCellWithNonFinite(RnnParams p, Tensor src, Tensor h0, RnnWeights w) {
        if (p.kind() != RnnKind.RNN_RELU) {
            return false;
        }
        if (NaNs.anyNonFinite(src.segment()) || (h0 != null && NaNs.anyNonFinite(h0.segment()))) {
            return true;
        }
        for (int e = 0; e < w.entries(); e++) {
            if (NaNs.anyNonFinite(w.weightIh(e).segment()) || NaNs.anyNonFinite(w.weightHh(e).segment())
                    || NaNs.anyNonFinite(w.biasIh(e).segment()) || NaNs.anyNonFinite(w.biasHh(e).segment())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void rnnBackward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                            Tensor dst, Tensor hN, Tensor cN, Tensor workspace,
                            Tensor diffDst, Tensor diffHN, Tensor diffCN,
                            Tensor diffSrc, Tensor diffH0, Tensor diffC0, RnnWeights diffW) {
        if (reluCellWithNonFinite(p, src, h0, w)) {
            delegate.rnnBackward(p, src, h0, c0, w, dst, hN, cN, workspace, diffDst, diffHN, diffCN,
                    diffSrc, diffH0, diffC0, diffW);
            return;
        }
        rnn.backward(p, src, h0, c0, w, dst, hN, cN, workspace, diffDst, diffHN, diffCN, diffSrc, diffH0, diffC0, diffW);
    }

    /** RNN weight conversions made so far (for tests: unchanged weights are not converted again). */
    long rnnWeightConversions() {
        return rnn.weightConversions();
    }

    /** Primitives in the cache now (for tests and diagnostics). */
    public int cachedPrimitives() {
        return cache.size();
    }

    /** Primitives made since start, evicted ones included (for tests). */
    public long primitivesCreated() {
        return cache.misses();
    }

    /** Destroys every cached primitive (they are remade on use). */
    public void clearCache() {
        cache.clear();
    }

    /**
     * Ops with less work than this (multiply-adds for matmul and convolution, elements for the
     * rest) run on one OpenMP thread: waking a second thread and joining it costs microseconds,
     * more than such an op gains on it, and that made two threads slower than one on small
     * batches (issue 15). {@code -Dgatun.onednn.serialWork=0} parallelizes everything.
     */
    static final long SERIAL_WORK = Long.getLong("gatun.onednn.serialWork", 1L << 17);

    /** Sizes this thread's OpenMP team to {@link #threads()}; returns the count. */
    private int applyThreads() {
        return applyTeam(threads);
    }

    /** Sizes this thread's OpenMP team for an op of {@code work} units (see {@link #SERIAL_WORK}). */
    private int applyThreads(long work) {
        return applyTeam(work < SERIAL_WORK ? 1 : threads);
    }

    private int applyTeam(int t) {
        if (gomp && Gomp.omp_get_max_threads() != t) {
            Gomp.omp_set_num_threads(t);
        }
        return t;
    }

    /**
     * Recurrent primitives whose one time step has less work than this (multiply-adds of the step's
     * gemms) run on one OpenMP thread. oneDNN joins its team at least once per step, so the wake-up
     * cost is paid seq times per call: with passive waiting, two threads made the sine LSTM/GRU jobs
     * (batch 32, hidden 64: 0.5M multiply-adds a step) 4x slower than one (issue 15).
     * {@code -Dgatun.onednn.rnnSerialStepWork=0} parallelizes every recurrent primitive.
     */
    static final long RNN_SERIAL_STEP_WORK = Long.getLong("gatun.onednn.rnnSerialStepWork", 1L << 21);

    /** A key for a recurrent primitive whose time step costs {@code stepWork} multiply-adds. */
    private PrimitiveKey rnnKey(Op op, long stepWork) {
        return probes.get().reset(op, applyTeam(stepWork < RNN_SERIAL_STEP_WORK ? 1 : threads));
    }

    /** A key for {@code op} of {@code work} units, starting with the team size it will run with. */
    private PrimitiveKey key(Op op, long work) {
        return probes.get().reset(op, applyThreads(work));
    }

    // ---- matmul ----------------------------------------------------------------------------

    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
        int m = c.dim(-2), n = c.dim(-1);
        int k = transA ? a.dim(-2) : a.dim(-1);
        if (c.numel() == 0 || k == 0) { // an empty batch too: oneDNN has nothing to write, and a key batch of 0 means rank 2
            delegate.matmul(a, transA, b, transB, c, alpha, beta);
            return;
        }
        MemorySegment as = a.segment(), bs = b.segment(), cs = c.segment();
        if (beta != 0f) {
            sgemm(as, a.rank() == 3, transA, bs, b.rank() == 3, transB, cs, c.rank() == 3 ? c.dim(0) : 1, m, n, k, alpha, beta);
            return;
        }
        PrimitiveKey key = new MatmulKey(c.rank() == 3 ? c.dim(0) : 0, a.rank() == 3, b.rank() == 3, m, n, k, transA, transB,
                alpha).writeTo(key(Op.MATMUL, (c.rank() == 3 ? (long) c.dim(0) : 1L) * m * n * k));
        run(key, as, bs, cs);
    }

    /** c = alpha op(a) op(b) + beta c with {@code dnnl_sgemm} (row major), one call per batch entry. */
    private void sgemm(MemorySegment a, boolean aBatched, boolean transA, MemorySegment b, boolean bBatched, boolean transB,
                       MemorySegment c, int batch, int m, int n, int k, float alpha, float beta) {
        applyThreads((long) batch * m * n * k);
        long aStep = aBatched ? (long) m * k * Float.BYTES : 0, bStep = bBatched ? (long) k * n * Float.BYTES : 0;
        long cStep = (long) m * n * Float.BYTES;
        byte ta = (byte) (transA ? 'T' : 'N'), tb = (byte) (transB ? 'T' : 'N');
        for (int i = 0; i < batch; i++) {
            int status = dnnl_sgemm(ta, tb, m, n, k, alpha, batch == 1 ? a : a.asSlice(i * aStep), transA ? m : k,
                    batch == 1 ? b : b.asSlice(i * bStep), transB ? k : n, beta, batch == 1 ? c : c.asSlice(i * cStep), n);
            if (status != dnnl_success) {
                Dnnl.check(status, "dnnl_sgemm", "matmul " + m + "x" + k + " x " + k + "x" + n + " (transA=" + transA
                        + ", transB=" + transB + "), batch entry " + i + " of " + batch);
            }
        }
    }

    // ---- binary ----------------------------------------------------------------------------

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        int rank = dst.rank();
        if (rank > DNNL_MAX_NDIMS || dst.numel() == 0) {
            delegate.binary(op, a, b, dst);
            return;
        }
        MemorySegment as = a.segment(), bs = b.segment(), ds = dst.segment();
        if (DROPS_NAN_BINARY.contains(op) && (NaNs.any(as) || NaNs.any(bs))) {
            delegate.binary(op, a, b, dst); // oneDNN's max/min/ge drop NaN: see DROPS_NAN_BINARY
            return;
        }
        boolean aFull = a.sameShape(dst), bFull = b.sameShape(dst);
        // oneDNN broadcasts src1 only, and dst may alias src0 only: put the operand with dst's
        // shape (the one dst may be) first, swapping operands of commutative ops when needed.
        boolean swap = !aFull || (bFull && ds.address() == bs.address() && ds.address() != as.address());
        int alg = swap ? swappedAlg(op) : alg(op);
        if (alg < 0 || (swap && !bFull)) {
            delegate.binary(op, a, b, dst);
            return;
        }
        Tensor src0 = swap ? b : a, src1 = swap ? a : b;
        run(BinaryKey.write(key(Op.BINARY, dst.numel()), alg, src0, src1, dst), swap ? bs : as, swap ? as : bs, ds);
    }

    /**
     * Binary ops whose oneDNN kernels lose NaN (max/min return the other operand, {@code ge} says
     * NaN >= x); given a NaN, they run on the delegate, as torch.maximum and torch.ge answer.
     */
    private static final java.util.Set<BinaryOp> DROPS_NAN_BINARY = java.util.EnumSet.of(BinaryOp.MAX, BinaryOp.MIN, BinaryOp.GE);

    private static int alg(BinaryOp op) {
        return switch (op) {
            case ADD -> dnnl_binary_add;
            case SUB -> dnnl_binary_sub;
            case MUL -> dnnl_binary_mul;
            case DIV -> dnnl_binary_div;
            case MAX -> dnnl_binary_max;
            case MIN -> dnnl_binary_min;
            case GE -> dnnl_binary_ge;
            case EQ -> dnnl_binary_eq;
        };
    }

    /** The algorithm computing {@code a op b} as {@code b op' a}, or -1 when there is none. */
    private static int swappedAlg(BinaryOp op) {
        return switch (op) {
            case ADD, MUL, MAX, MIN, EQ -> alg(op);
            case GE -> dnnl_binary_le; // a >= b  <=>  b <= a
            case SUB, DIV -> -1;
        };
    }

    // ---- eltwise ---------------------------------------------------------------------------

    @Override
    public void eltwise(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
        int alg = INACCURATE_FORWARD.contains(op) ? -1 : alg(op);
        if (alg < 0 || src.numel() == 0) {
            delegate.eltwise(op, alpha, beta, src, dst);
            return;
        }
        MemorySegment s = src.segment(), d = dst.segment();
        if (NaNs.any(s)) { // oneDNN's JIT kernels lose NaN (relu gives 0, exp inf): the delegate keeps it, as PyTorch
            delegate.eltwise(op, alpha, beta, src, dst);
            return;
        }
        run(EltwiseKey.of(op, alg, alpha, beta, src.numel()).writeTo(key(Op.ELTWISE, src.numel())), s, d);
    }

    @Override
    public void eltwiseBackward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor diffDst, Tensor diffSrc) {
        int alg = alg(op);
        if (alg < 0 || src.numel() == 0) {
            delegate.eltwiseBackward(op, alpha, beta, src, diffDst, diffSrc);
            return;
        }
        MemorySegment s = src.segment(), dd = diffDst.segment(), ds = diffSrc.segment();
        if (NaNs.any(s)) { // as the forward; and oneDNN's ReLU slope at NaN is 1, the oracle's alpha
            delegate.eltwiseBackward(op, alpha, beta, src, diffDst, diffSrc);
            return;
        }
        run(EltwiseKey.of(op, alg, alpha, beta, src.numel()).writeTo(key(Op.ELTWISE_BACKWARD, src.numel())), s, dd, ds);
    }

    /**
     * Forwards oneDNN computes less accurately than the oracle's few-ulp tolerance, measured over
     * the parity domains: {@code log} near 1 (absolute error ~3e-6, so 1e-4 relative at
     * log(1.03)), {@code gelu_erf} in its negative tail (1e-3 relative at x = -3.5). They run on
     * the java backend; their backward passes are accurate in oneDNN and stay there.
     */
    private static final java.util.Set<EltwiseOp> INACCURATE_FORWARD = java.util.EnumSet.of(EltwiseOp.LOG, EltwiseOp.GELU_ERF);

    /** oneDNN's algorithm for {@code op}, or -1 (STEP: oneDNN has no Heaviside). */
    private static int alg(EltwiseOp op) {
        return switch (op) {
            case STEP -> -1;
            case SIGMOID -> dnnl_eltwise_logistic;
            case TANH -> dnnl_eltwise_tanh;
            case RELU -> dnnl_eltwise_relu;
            case GELU_ERF -> dnnl_eltwise_gelu_erf;
            case GELU_TANH -> dnnl_eltwise_gelu_tanh;
            case EXP -> dnnl_eltwise_exp;
            case LOG -> dnnl_eltwise_log;
            case SQRT -> dnnl_eltwise_sqrt;
            case ABS -> dnnl_eltwise_abs;
            case SQUARE -> dnnl_eltwise_square;
            case LINEAR -> dnnl_eltwise_linear;
        };
    }

    // ---- reductions ------------------------------------------------------------------------

    @Override
    public void reduce(ReduceOp op, Tensor src, Tensor dst) {
        int rank = src.rank();
        if (rank == 0 || rank > DNNL_MAX_NDIMS || src.numel() == 0 || src.sameShape(dst)) {
            delegate.reduce(op, src, dst); // nothing to reduce: a copy
            return;
        }
        if (keepsInnermostAxis(src, dst)) {
            // oneDNN 3.13 has jit reductions only over trailing axes; the rest run its reference
            // code (ONEDNN_VERBOSE shows "ref:any"): 0.6 ms for a bias gradient, the column sums
            // of [128,256], where the Vector API kernel takes 2 us.
            delegate.reduce(op, src, dst);
            return;
        }
        MemorySegment s = src.segment(), d = dst.segment();
        if (op == ReduceOp.MAX && NaNs.any(s)) {
            delegate.reduce(op, src, dst); // oneDNN's max skips NaN; torch.amax returns it
            return;
        }
        int alg = switch (op) {
            case SUM -> dnnl_reduction_sum;
            case MEAN -> dnnl_reduction_mean;
            case MAX -> dnnl_reduction_max;
        };
        run(ReduceKey.write(key(Op.REDUCE, src.numel()), alg, src, dst), s, d);
    }

    /** True when the last axis is not reduced (and is longer than 1), e.g. column sums. */
    private static boolean keepsInnermostAxis(Tensor src, Tensor dst) {
        return src.dim(-1) > 1 && dst.dim(-1) == src.dim(-1);
    }

    // ---- softmax ---------------------------------------------------------------------------

    @Override
    public void softmax(Tensor src, Tensor dst, boolean log) {
        // oneDNN's softmax gives 0 where a row holds NaN or an infinity; PyTorch gives NaN (exp(inf - inf))
        if (src.numel() == 0 || src.rank() == 0 || NaNs.anyNonFinite(src.segment())) {
            delegate.softmax(src, dst, log);
            return;
        }
        MemorySegment s = src.segment(), d = dst.segment();
        int cols = src.dim(-1);
        run(new SoftmaxKey(log, src.numel() / cols, cols).writeTo(key(Op.SOFTMAX, src.numel())), s, d);
    }

    @Override
    public void softmaxBackward(Tensor dst, Tensor diffDst, Tensor diffSrc, boolean log) {
        if (dst.numel() == 0 || dst.rank() == 0 || NaNs.anyNonFinite(dst.segment())) { // as the forward
            delegate.softmaxBackward(dst, diffDst, diffSrc, log);
            return;
        }
        MemorySegment d = dst.segment(), dd = diffDst.segment(), ds = diffSrc.segment();
        int cols = dst.dim(-1);
        run(new SoftmaxKey(log, dst.numel() / cols, cols).writeTo(key(Op.SOFTMAX_BACKWARD, dst.numel())), d, dd, ds);
    }

    // ---- layer normalization ---------------------------------------------------------------

    @Override
    public void layerNorm(Tensor src, Tensor gamma, Tensor beta, float eps, Tensor dst, Tensor mean, Tensor rstd) {
        if (src.numel() == 0 || src.rank() == 0) {
            delegate.layerNorm(src, gamma, beta, eps, dst, mean, rstd);
            return;
        }
        int cols = src.dim(-1);
        long rows = src.numel() / cols;
        int flags = (gamma != null ? dnnl_use_scale : 0) | (beta != null ? dnnl_use_shift : 0);
        MemorySegment[] data = new MemorySegment[4 + Integer.bitCount(flags)];
        data[0] = src.segment();
        data[1] = dst.segment();
        data[2] = mean.segment();
        data[3] = rstd.segment(); // oneDNN writes the variance here; turned into rstd below
        int at = 4;
        if (gamma != null) {
            data[at++] = gamma.segment();
        }
        if (beta != null) {
            data[at] = beta.segment();
        }
        run(new LayerNormKey(flags, rows, cols, eps).writeTo(key(Op.LAYER_NORM, rows * cols)), data);
        MemorySegment r = data[3];
        for (long i = 0; i < rows; i++) {
            r.setAtIndex(JAVA_FLOAT, i, (float) (1.0 / Math.sqrt(r.getAtIndex(JAVA_FLOAT, i) + (double) eps)));
        }
    }

    @Override
    public void layerNormBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor rstd,
                                  Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        boolean affine = gamma != null && diffGamma != null && diffBeta != null;
        boolean plain = gamma == null && diffGamma == null && diffBeta == null;
        if (src.numel() == 0 || src.rank() == 0 || !(affine || plain)) {
            delegate.layerNormBackward(src, diffDst, gamma, mean, rstd, diffSrc, diffGamma, diffBeta);
            return;
        }
        int cols = src.dim(-1);
        long rows = src.numel() / cols;
        MemorySegment s = src.segment(), m = mean.segment(), r = rstd.segment(), dd = diffDst.segment(), ds = diffSrc.segment();
        MemorySegment g = affine ? gamma.segment() : null, dg = affine ? diffGamma.segment() : null;
        MemorySegment db = affine ? diffBeta.segment() : null;
        PrimitiveKey key = new LayerNormKey(affine ? dnnl_use_scale | dnnl_use_shift : 0, rows, cols, 0f)
                .writeTo(key(Op.LAYER_NORM_BACKWARD, rows * cols));
        PrimitiveCache.Args args = key.args().add(s).add(m).add(r).add(dd).add(ds);
        if (affine) {
            args.add(g).add(dg).add(db);
        }
        cache.execute(key, args, LAYER_NORM_BACKWARD);
    }

    /** Slot 2 holds the forward's rstd; the primitive reads the variance 1 / rstd^2 from its own buffer instead. */
    private static final PrimitiveCache.Run LAYER_NORM_BACKWARD = (p, args) -> {
        MemorySegment rstd = args.get(2), variance = p.aux();
        long rows = rstd.byteSize() / Float.BYTES;
        for (long i = 0; i < rows; i++) {
            float x = rstd.getAtIndex(JAVA_FLOAT, i);
            variance.setAtIndex(JAVA_FLOAT, i, 1f / (x * x));
        }
        args.set(2, variance);
        args.bindAll(p);
        p.execute();
    };

    // ---- copy ------------------------------------------------------------------------------

    /** Dense to dense is a memory copy; strided views go through a reorder primitive. */
    @Override
    public void copy(Tensor src, Tensor dst) {
        int rank = src.rank();
        if (src.numel() == 0) {
            return;
        }
        if (src.isContiguous() && dst.isContiguous()) {
            MemorySegment.copy(src.segment(), 0, dst.segment(), 0, src.numel() * Float.BYTES);
            return;
        }
        long[] ss = src.strides(), ds = dst.strides();
        if (rank > DNNL_MAX_NDIMS || isBroadcast(src, ss)) {
            delegate.copy(src, dst); // a reorder cannot read a stride-0 view
            return;
        }
        MemorySegment from = src.base().asSlice(src.offset() * Float.BYTES);
        MemorySegment to = dst.base().asSlice(dst.offset() * Float.BYTES);
        run(ReorderKey.write(key(Op.REORDER, src.numel()), src, dst), from, to);
    }

    private static boolean isBroadcast(Tensor t, long[] strides) {
        for (int i = 0; i < strides.length; i++) {
            if (strides[i] == 0 && t.dim(i) > 1) {
                return true;
            }
        }
        return false;
    }

    // ---- execution: PrimitiveCache.execute ----------------------------------------------------

    private void run(PrimitiveKey key, MemorySegment arg0, MemorySegment arg1) {
        cache.execute(key, key.args().add(arg0).add(arg1));
    }

    private void run(PrimitiveKey key, MemorySegment arg0, MemorySegment arg1, MemorySegment arg2) {
        cache.execute(key, key.args().add(arg0).add(arg1).add(arg2));
    }

    private void run(PrimitiveKey key, MemorySegment[] args) {
        PrimitiveCache.Args a = key.args();
        for (MemorySegment arg : args) {
            a.add(arg);
        }
        cache.execute(key, a);
    }

    // ---- convolution / pooling / batch norm (NCHW): OneDnnConv ------------------------------

    @Override
    public void conv2d(Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p) {
        if (src.dim(0) == 0) {
            delegate.conv2d(src, weights, bias, dst, p); // an empty batch: nothing for oneDNN to do
            return;
        }
        conv.forward(src, weights, bias, dst, p);
    }

    @Override
    public void conv2dBackwardData(Tensor diffDst, Tensor weights, Tensor diffSrc, Conv2dParams p) {
        if (diffSrc.dim(0) == 0) {
            delegate.conv2dBackwardData(diffDst, weights, diffSrc, p);
            return;
        }
        conv.backwardData(diffDst, weights, diffSrc, p);
    }

    @Override
    public void conv2dBackwardWeights(Tensor src, Tensor diffDst, Tensor diffWeights, Tensor diffBias, Conv2dParams p) {
        if (src.dim(0) == 0) {
            delegate.conv2dBackwardWeights(src, diffDst, diffWeights, diffBias, p);
            return;
        }
        conv.backwardWeights(src, diffDst, diffWeights, diffBias, p);
    }

    @Override
    public void maxPool2d(Tensor src, Tensor dst, Tensor indices, Pool2dParams p) {
        // oneDNN's max pooling skips NaN and gives -FLT_MAX for a window of -inf; PyTorch's gives NaN and -inf
        if (src.dim(0) == 0 || NaNs.anyNonFinite(src.segment())) {
            delegate.maxPool2d(src, dst, indices, p);
            return;
        }
        conv.maxForward(src, dst, indices, p);
    }

    @Override
    public void avgPool2d(Tensor src, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        if (src.dim(0) == 0) {
            delegate.avgPool2d(src, dst, p, countIncludePad);
            return;
        }
        conv.avgForward(src, dst, p, countIncludePad);
    }

    @Override
    public void avgPool2dBackward(Tensor diffDst, Tensor diffSrc, Pool2dParams p, boolean countIncludePad) {
        if (diffSrc.dim(0) == 0) {
            delegate.avgPool2dBackward(diffDst, diffSrc, p, countIncludePad);
            return;
        }
        conv.avgBackward(diffDst, diffSrc, p, countIncludePad);
    }

    @Override
    public void batchNorm2d(Tensor src, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps,
                            boolean training, Tensor dst) {
        if (src.dim(0) == 0) {
            delegate.batchNorm2d(src, gamma, beta, mean, variance, eps, training, dst);
            return;
        }
        conv.batchNormForward(src, gamma, beta, mean, variance, eps, training, dst);
    }

    @Override
    public void batchNorm2dBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor variance, float eps,
                                    Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        boolean affine = gamma != null && diffGamma != null && diffBeta != null;
        boolean plain = gamma == null && diffGamma == null && diffBeta == null;
        if (src.dim(0) == 0 || !(affine || plain)) {
            delegate.batchNorm2dBackward(src, diffDst, gamma, mean, variance, eps, diffSrc, diffGamma, diffBeta);
            return;
        }
        conv.batchNormBackward(src, diffDst, gamma, mean, variance, eps, diffSrc, diffGamma, diffBeta);
    }
}
