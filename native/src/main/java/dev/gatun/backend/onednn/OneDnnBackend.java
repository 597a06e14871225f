package dev.gatun.backend.onednn;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Bf16Operands;
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
import dev.gatun.backend.rnn.RnnDriver;
import dev.gatun.ffi.NativeLibrary;
import dev.gatun.ffi.dnnl.DnnlEngine;
import dev.gatun.ffi.gomp.Gomp;
import dev.gatun.ffi.openblas.Cblas;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The {@code onednn} backend: matmul, binary, eltwise, softmax, layer normalization, reductions,
 * strided copies, convolution, pooling, batch normalization and the recurrent stacks (forward and
 * backward) run as oneDNN primitives; what oneDNN has no primitive for (STEP, a broadcast first
 * operand of a non-commutative op, copies from broadcast views, zero-size tensors, rank above 12)
 * or computes differently from the oracle (NaN and infinities in several kernels) runs on the
 * pure-Java backend it was given.
 *
 * <p>This class only dispatches: each op family's class ({@link OneDnnMatmul}, {@link OneDnnBinary},
 * {@link OneDnnEltwise}, {@link OneDnnReduce}, {@link OneDnnSoftmax}, {@link OneDnnLayerNorm},
 * {@link OneDnnReorder}, {@link OneDnnConv}, {@link OneDnnRnn}) decides whether oneDNN can compute
 * a call as the oracle does, writes its typed key, runs the primitive through
 * {@link PrimitiveCache#execute} and makes it on a miss; what it declines runs on the fallback.
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
    private final OneDnnMatmul matmul;
    private final OneDnnBinary binary;
    private final OneDnnEltwise eltwise;
    private final OneDnnReduce reduce;
    private final OneDnnSoftmax softmax;
    private final OneDnnLayerNorm layerNorm;
    private final OneDnnReorder reorder;
    private final OneDnnConv conv;
    private final OneDnnQuantized quantized;
    /**
     * Whether bf16 products run as oneDNN bf16 primitives; without bf16 instructions they run as
     * float32 primitives on the exactly widened operands ({@link Bf16Operands}): the same results,
     * at float32's speed rather than oneDNN's emulated bf16 (3 to 5 times slower on avx512_core).
     */
    private volatile boolean bf16Kernels = OneDnnInfo.hasBf16Instructions();

    @Override
    public boolean bf16Arithmetic() {
        return bf16Kernels;
    }

    @Override
    public boolean prefersChannelsLastCodes() {
        return true; // its int8 convolutions run on NHWC: NCHW codes would be reordered in and out per call
    }

    /** Tests: run bf16 products as oneDNN's bf16 primitives (true) or widened to float32 (false), whatever the CPU. */
    void useBf16Kernels(boolean use) {
        bf16Kernels = use;
    }

    public OneDnnBackend(Backend fallback, int threads) {
        this(fallback, threads, DEFAULT_CACHE_CAPACITY);
    }

    public OneDnnBackend(Backend fallback, int threads, int cacheCapacity) {
        super(fallback);
        this.engine = DnnlEngine.cpu().engine();
        this.cache = new PrimitiveCache(cacheCapacity, new Primitives(engine));
        this.threads = threads;
        this.matmul = new OneDnnMatmul(cache, this::key, this::applyThreads);
        this.binary = new OneDnnBinary(cache, this::key);
        this.eltwise = new OneDnnEltwise(cache, this::key);
        this.reduce = new OneDnnReduce(cache, this::key);
        this.softmax = new OneDnnSoftmax(cache, this::key);
        this.layerNorm = new OneDnnLayerNorm(cache, this::key);
        this.reorder = new OneDnnReorder(cache, this::key);
        this.conv = new OneDnnConv(cache, this::key);
        this.quantized = new OneDnnQuantized(cache, this::key);
        this.rnn = new OneDnnRnn(cache, this::rnnKey);
        this.smallBatchRnn = new RnnDriver(matmul::sgemm, Integer.MAX_VALUE); // W_hh read transposed: no per-call copy
    }

    @Override
    public String name() {
        return "onednn";
    }

    @Override
    public String describe() {
        return "oneDNN " + OneDnnInfo.shortVersion() + " " + OneDnnInfo.isa() + " (int8 " + (OneDnnInfo.hasVnni() ? "with" : "without")
                + " VNNI), " + OneDnnInfo.cpuRuntime() + ", " + threads + " thread(s), " + cache.size() + "/" + cache.capacity()
                + " primitives cached";
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

    /**
     * Inference batches up to this many rows run on the shared recurrent driver ({@link RnnDriver}:
     * one gemm for every step's input projection, a dnnl_sgemm and a Java gate pass per step)
     * instead of oneDNN's RNN primitive, whose per-call cost dominates a batch-1 sequence.
     * {@code -Dgatun.onednn.rnnDriverBatch=0} sends every call to the primitive.
     */
    static final int RNN_DRIVER_BATCH = Integer.getInteger("gatun.onednn.rnnDriverBatch", 1);
    private final RnnDriver smallBatchRnn;

    @Override
    public long rnnWorkspaceSize(RnnParams p) {
        // a ReLU cell given NaN runs on the delegate (see reluCellWithNonFinite): room for either workspace
        return p.kind() == RnnKind.RNN_RELU ? Math.max(rnn.workspaceSize(p), delegate.rnnWorkspaceSize(p))
                : rnn.workspaceSize(p);
    }

    @Override
    public void rnnForward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                           Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        if (workspace == null && p.batch() <= RNN_DRIVER_BATCH) { // the driver keeps PyTorch's NaN semantics
            smallBatchRnn.forward(p, src, h0, c0, w, dst, hN, cN, null);
            return;
        }
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
     * (batch 32, hidden 64: 0.5M multiply-adds a step) 4x slower than one (issue 15). Spinning does
     * not save the bench LSTM either (batch 32, input 64, hidden 128: 3.1M a step): its training
     * forward and backward ran at 258 calls/s on one thread and 221 +- 176 on two (RnnBench, one
     * sitting; two threads stall whenever a JVM thread takes one of the two cores), while two
     * threads won from hidden 160 (4.6M: 198 against 168) and 256 (10.5M: 101 against 75) on.
     * {@code -Dgatun.onednn.rnnSerialStepWork=0} parallelizes every recurrent primitive.
     */
    static final long RNN_SERIAL_STEP_WORK = Long.getLong("gatun.onednn.rnnSerialStepWork", 1L << 22);

    /** A key for a recurrent primitive whose time step costs {@code stepWork} multiply-adds. */
    private PrimitiveKey rnnKey(Op op, long stepWork) {
        return probes.get().reset(op, applyTeam(stepWork < RNN_SERIAL_STEP_WORK ? 1 : threads));
    }

    /** A key for {@code op} of {@code work} units, starting with the team size it will run with. */
    private PrimitiveKey key(Op op, long work) {
        return probes.get().reset(op, applyThreads(work));
    }

    // ---- the op families: each runs on oneDNN or says no, and then the fallback runs the op ----

    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
        if (!bf16Kernels) {
            a = Bf16Operands.widened(a, Bf16Operands.FIRST);
            b = Bf16Operands.widened(b, Bf16Operands.SECOND);
        }
        if (!matmul.run(a, transA, b, transB, c, alpha, beta)) {
            delegate.matmul(a, transA, b, transB, c, alpha, beta);
        }
    }

    /** In float32 one oneDNN matmul with the bias as its argument, then the ReLU (NaN-exact) when asked. */
    @Override
    public void linear(Tensor x, Tensor w, Tensor bias, boolean relu, Tensor y) {
        if (!matmul.linearWithBias(x, w, bias, y)) {
            matmul(x, false, w, true, y, 1f, 0f);
            if (bias != null) {
                binary(BinaryOp.ADD, y, bias, y);
            }
        }
        if (relu) {
            eltwise(dev.gatun.backend.EltwiseOp.RELU, 0f, 0f, y, y);
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        if (!binary.run(op, a, b, dst)) {
            delegate.binary(op, a, b, dst);
        }
    }

    @Override
    public void eltwise(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
        if (vectorRelu(op, src) || !eltwise.forward(op, alpha, beta, src, dst)) {
            delegate.eltwise(op, alpha, beta, src, dst);
        }
    }

    @Override
    public void eltwiseBackward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor diffDst, Tensor diffSrc) {
        if (vectorRelu(op, src) || !eltwise.backward(op, alpha, beta, src, diffDst, diffSrc)) {
            delegate.eltwiseBackward(op, alpha, beta, src, diffDst, diffSrc);
        }
    }

    /**
     * Whether the fallback's Vector API kernels are there to take {@link #vectorRelu} ops and the
     * inference batch norm: with the running statistics a norm is one multiply-add per element,
     * and the Vector API kernel did it 2.7 to 6 times faster than oneDNN's primitive on NCHW
     * tensors from [1,6,28,28] to [64,16,28,28] (one thread, 2026-12-04: [1,16,28,28] 8.7 against
     * 45 us, [64,16,28,28] 426 against 1148 us). Training norms (batch statistics) stay on oneDNN.
     */
    private static final boolean VECTOR = dev.gatun.backend.VectorSupport.usable();

    /**
     * ReLU (forward and backward) below {@link #SERIAL_WORK} elements runs on the fallback's
     * Vector API kernel: a compare and a blend per vector, NaN-exact without a scan, it beat a
     * oneDNN call (a NaN scan, then the primitive) at every size measured on one thread, 4K to
     * 128K elements (forward 0.23 against 1.03 us at 4K, 13 against 21 us at 128K; backward 0.6
     * against 1.9 and 18 against 47). Larger tensors go to oneDNN, which uses every thread.
     */
    private static boolean vectorRelu(EltwiseOp op, Tensor src) {
        return VECTOR && op == EltwiseOp.RELU && src.numel() < SERIAL_WORK;
    }

    @Override
    public void reduce(ReduceOp op, Tensor src, Tensor dst) {
        if (!reduce.run(op, src, dst)) {
            delegate.reduce(op, src, dst);
        }
    }

    @Override
    public void softmax(Tensor src, Tensor dst, boolean log) {
        if (!softmax.forward(src, dst, log)) {
            delegate.softmax(src, dst, log);
        }
    }

    @Override
    public void softmaxBackward(Tensor dst, Tensor diffDst, Tensor diffSrc, boolean log) {
        if (!softmax.backward(dst, diffDst, diffSrc, log)) {
            delegate.softmaxBackward(dst, diffDst, diffSrc, log);
        }
    }

    @Override
    public void layerNorm(Tensor src, Tensor gamma, Tensor beta, float eps, Tensor dst, Tensor mean, Tensor rstd) {
        if (!layerNorm.forward(src, gamma, beta, eps, dst, mean, rstd)) {
            delegate.layerNorm(src, gamma, beta, eps, dst, mean, rstd);
        }
    }

    @Override
    public void layerNormBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor rstd,
                                  Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        if (!layerNorm.backward(src, diffDst, gamma, mean, rstd, diffSrc, diffGamma, diffBeta)) {
            delegate.layerNormBackward(src, diffDst, gamma, mean, rstd, diffSrc, diffGamma, diffBeta);
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        if (!reorder.copy(src, dst)) {
            delegate.copy(src, dst);
        }
    }

    // ---- quantized: OneDnnQuantized (quantize itself runs on the fallback's vector code) ------

    @Override
    public void quantizedMatmul(Tensor a, int aZeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu, Tensor out) {
        if (!quantized.matmul(a, aZeroPoint, w, scales, bias, relu, out)) {
            delegate.quantizedMatmul(a, aZeroPoint, w, scales, bias, relu, out);
        }
    }

    @Override
    public void quantizedConv2d(Tensor src, int srcZeroPoint, Tensor weights, Tensor scales, Tensor bias, boolean relu,
                                Tensor dst, Conv2dParams p) {
        if (!quantized.conv2d(src, srcZeroPoint, weights, scales, bias, relu, dst, p)) {
            delegate.quantizedConv2d(src, srcZeroPoint, weights, scales, bias, relu, dst, p);
        }
    }

    // ---- convolution / pooling / batch norm (NCHW): OneDnnConv ------------------------------

    @Override
    public void conv2d(Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p) {
        if (!bf16Kernels) {
            src = Bf16Operands.widened(src, Bf16Operands.FIRST);
            weights = Bf16Operands.widened(weights, Bf16Operands.SECOND);
        }
        if (src.dim(0) == 0) {
            delegate.conv2d(src, weights, bias, dst, p); // an empty batch: nothing for oneDNN to do
            return;
        }
        conv.forward(src, weights, bias, dst, p);
    }

    @Override
    public void conv2dBackwardData(Tensor diffDst, Tensor weights, Tensor diffSrc, Conv2dParams p) {
        if (!bf16Kernels) {
            diffDst = Bf16Operands.widened(diffDst, Bf16Operands.FIRST);
            weights = Bf16Operands.widened(weights, Bf16Operands.SECOND);
        }
        if (diffSrc.dim(0) == 0) {
            delegate.conv2dBackwardData(diffDst, weights, diffSrc, p);
            return;
        }
        conv.backwardData(diffDst, weights, diffSrc, p);
    }

    @Override
    public void conv2dBackwardWeights(Tensor src, Tensor diffDst, Tensor diffWeights, Tensor diffBias, Conv2dParams p) {
        if (!bf16Kernels) {
            src = Bf16Operands.widened(src, Bf16Operands.FIRST);
            diffDst = Bf16Operands.widened(diffDst, Bf16Operands.SECOND);
        }
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
        if (src.dim(0) == 0 || (!training && VECTOR)) { // inference: the Vector API kernel (see VECTOR)
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
