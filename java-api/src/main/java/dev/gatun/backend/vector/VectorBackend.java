package dev.gatun.backend.vector;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Bf16Operands;
import dev.gatun.backend.Backends;
import dev.gatun.backend.rnn.RnnDriver;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.ReduceOp;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The {@code java} backend: every op in pure Java on the incubating Vector API
 * ({@link jdk.incubator.vector.FloatVector#SPECIES_PREFERRED}), large ops split over rows on a
 * small pool of our own. Layouts without a vector kernel (a reduction over non-adjacent axes,
 * an arbitrary strided copy) run on the scalar fallback.
 *
 * <p>Loaded by name from {@link Backends} only when {@code jdk.incubator.vector} is readable,
 * so nothing else links to the incubator module.
 */
public final class VectorBackend implements Backend {
    private final Backend scalar;
    private volatile Workers workers;
    /** Recurrent ops on our sgemm, split over as many threads as the other ops. */
    private final RnnDriver rnn = new RnnDriver((transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
            beta, c, cOffset, ldc) -> VectorSgemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
            beta, c, cOffset, ldc, workers.threads()), new VectorRnnGates(), 1);

    public VectorBackend(Backend scalarFallback) {
        this.scalar = scalarFallback;
        this.workers = new Workers(Backends.threads());
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String describe() {
        return "Vector API, " + Lanes.S.vectorBitSize() + "-bit vectors (" + Lanes.N + " floats), "
                + workers.threads() + " thread(s)";
    }

    @Override
    public synchronized void setThreads(int threads) {
        dev.gatun.backend.Backends.checkThreads("setThreads", threads);
        if (threads != workers.threads()) {
            Workers old = workers;
            workers = new Workers(threads);
            old.shutdown(); // running ops finish on the old pool
        }
        scalar.setThreads(threads);
    }

    @Override
    public int threads() {
        return workers.threads();
    }

    // ---- recurrent -------------------------------------------------------------------------

    @Override
    public long rnnWorkspaceSize(RnnParams p) {
        return rnn.workspaceSize(p);
    }

    @Override
    public void rnnForward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                           Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        rnn.forward(p, src, h0, c0, w, dst, hN, cN, workspace);
    }

    @Override
    public void rnnBackward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                            Tensor dst, Tensor hN, Tensor cN, Tensor workspace,
                            Tensor diffDst, Tensor diffHN, Tensor diffCN,
                            Tensor diffSrc, Tensor diffH0, Tensor diffC0, RnnWeights diffW) {
        rnn.backward(p, src, h0, c0, w, dst, workspace, diffDst, diffHN, diffCN, diffSrc, diffH0, diffC0, diffW);
    }

    // ---- dense -----------------------------------------------------------------------------

    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
        // c: [M,N] or [B,M,N]; a: [M,K] or [K,M] (transA), b: [K,N] or [N,K] (transB), each maybe batched;
        // bf16 operands are read widened (Bf16Operands)
        a = Bf16Operands.widened(a, Bf16Operands.FIRST);
        b = Bf16Operands.widened(b, Bf16Operands.SECOND);
        int batches = c.rank() == 3 ? c.dim(0) : 1;
        int m = c.dim(-2), n = c.dim(-1);
        int k = transA ? a.dim(-2) : a.dim(-1);
        if (batches == 0 || m == 0 || n == 0) {
            return;
        }
        int lda = transA ? m : k, ldb = transB ? k : n;
        long aBatch = a.rank() == 3 ? (long) m * k : 0; // a rank-2 operand is shared by every batch
        long bBatch = b.rank() == 3 ? (long) k * n : 0;
        MemorySegment as = a.segment(), bs = b.segment(), cs = c.segment();
        int threads = workers.threads();
        for (int bt = 0; bt < batches; bt++) {
            VectorSgemm.sgemm(transA, transB, m, n, k, alpha, as, bt * aBatch, lda, bs, bt * bBatch, ldb,
                    beta, cs, bt * (long) m * n, n, threads);
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        VectorBinary.run(op, a, b, dst, workers);
    }

    @Override
    public void eltwise(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
        MemorySegment s = src.segment(), d = dst.segment();
        long n = src.numel();
        if (serialElements(n, Workers.shareable(s, d))) {
            VectorEltwise.forward(op, alpha, beta, s, d, 0, n); // no task to capture
            return;
        }
        forElements(n, Workers.shareable(s, d), (from, to) -> VectorEltwise.forward(op, alpha, beta, s, d, from, to));
    }

    @Override
    public void eltwiseBackward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor diffDst, Tensor diffSrc) {
        MemorySegment s = src.segment(), dd = diffDst.segment(), ds = diffSrc.segment();
        forElements(src.numel(), Workers.shareable(s, dd, ds),
                (from, to) -> VectorEltwise.backward(op, alpha, beta, s, dd, ds, from, to));
    }

    private static final long CHUNK = 1 << 12; // elements per task: a multiple of every vector length

    /** Splits n elements into chunks of whole vectors for the workers. */
    private void forElements(long n, boolean shareable, Workers.RangeTask task) {
        long chunks = (n + CHUNK - 1) / CHUNK;
        workers.forRows(chunks, CHUNK, shareable, (from, to) -> task.run(from * CHUNK, Math.min(n, to * CHUNK)));
    }

    /** Whether {@link #forElements} would run all n elements on the calling thread. */
    private boolean serialElements(long n, boolean shareable) {
        return workers.serial((n + CHUNK - 1) / CHUNK, CHUNK, shareable);
    }

    @Override
    public void reduce(ReduceOp op, Tensor src, Tensor dst) {
        if (!VectorReduce.run(op, src.shape(), src.segment(), dst.shape(), dst.segment(), workers)) {
            scalar.reduce(op, src, dst);
        }
    }

    // ---- softmax and normalization ---------------------------------------------------------

    @Override
    public void softmax(Tensor src, Tensor dst, boolean log) {
        int cols = src.dim(-1);
        long rows = cols == 0 ? 0 : src.numel() / cols;
        MemorySegment s = src.segment(), d = dst.segment();
        if (workers.serial(rows, cols, Workers.shareable(s, d))) {
            VectorSoftmax.forward(s, d, cols, log, 0, rows); // no task to capture
            return;
        }
        workers.forRows(rows, cols, true, (from, to) -> VectorSoftmax.forward(s, d, cols, log, from, to));
    }

    @Override
    public void softmaxBackward(Tensor dst, Tensor diffDst, Tensor diffSrc, boolean log) {
        int cols = dst.dim(-1);
        long rows = cols == 0 ? 0 : dst.numel() / cols;
        MemorySegment y = dst.segment(), dy = diffDst.segment(), dx = diffSrc.segment();
        workers.forRows(rows, cols, Workers.shareable(y, dy, dx),
                (from, to) -> VectorSoftmax.backward(y, dy, dx, cols, log, from, to));
    }

    @Override
    public void layerNorm(Tensor src, Tensor gamma, Tensor beta, float eps, Tensor dst, Tensor mean, Tensor rstd) {
        int cols = src.dim(-1);
        long rows = cols == 0 ? 0 : src.numel() / cols;
        MemorySegment x = src.segment(), y = dst.segment(), m = mean.segment(), s = rstd.segment();
        MemorySegment g = gamma == null ? null : gamma.segment(), b = beta == null ? null : beta.segment();
        boolean shareable = Workers.shareable(x, y, m) && Workers.shareable(s, g, b);
        if (workers.serial(rows, cols, shareable)) {
            VectorLayerNorm.forward(x, g, b, eps, y, m, s, cols, 0, rows); // no task to capture
            return;
        }
        workers.forRows(rows, cols, true, (from, to) -> VectorLayerNorm.forward(x, g, b, eps, y, m, s, cols, from, to));
    }

    @Override
    public void layerNormBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor rstd,
                                  Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        int cols = src.dim(-1);
        long rows = cols == 0 ? 0 : src.numel() / cols;
        MemorySegment x = src.segment(), dy = diffDst.segment(), dx = diffSrc.segment();
        MemorySegment m = mean.segment(), s = rstd.segment(), g = gamma == null ? null : gamma.segment();
        // each range sums its own dgamma/dbeta; the partials are added in range order, so the
        // result does not depend on which thread finished first
        java.util.concurrent.ConcurrentSkipListMap<Long, float[]> partials = new java.util.concurrent.ConcurrentSkipListMap<>();
        workers.forRows(rows, cols, Workers.shareable(x, dy, dx) && Workers.shareable(m, s, g), (from, to) -> {
            float[] partial = new float[2 * cols];
            VectorLayerNorm.backward(x, dy, g, m, s, dx, partial, cols, from, to);
            partials.put(from, partial);
        });
        float[] sums = new float[2 * cols];
        for (float[] p : partials.values()) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += p[i];
            }
        }
        if (diffGamma != null) {
            MemorySegment.copy(sums, 0, diffGamma.segment(), Lanes.F32, 0, cols);
        }
        if (diffBeta != null) {
            MemorySegment.copy(sums, cols, diffBeta.segment(), Lanes.F32, 0, cols);
        }
    }

    // ---- reorder ---------------------------------------------------------------------------

    @Override
    public void copy(Tensor src, Tensor dst) {
        if (!VectorCopy.run(src, dst, workers)) {
            scalar.copy(src, dst);
        }
    }

    // ---- quantized: VectorQuantized ---------------------------------------------------------

    @Override
    public void quantize(Tensor src, float invScale, int zeroPoint, Tensor dst) {
        VectorQuantized.quantize(src, invScale, zeroPoint, dst);
    }

    @Override
    public void quantizedMatmul(Tensor a, int aZeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu, Tensor out) {
        VectorQuantized.matmul(workers, a, aZeroPoint, w, scales, bias, relu, out);
    }

    @Override
    public void quantizedConv2d(Tensor src, int srcZeroPoint, Tensor weights, Tensor scales, Tensor bias, boolean relu,
                                Tensor dst, Conv2dParams p) {
        VectorQuantized.conv2d(workers, src, srcZeroPoint, weights, scales, bias, relu, dst, p);
    }

    @Override
    public void quantizedMaxPool2d(Tensor src, Tensor dst, Pool2dParams p) {
        VectorQuantized.maxPool2d(src, dst, p);
    }

    // ---- convolution / pooling / batch norm (NCHW) -----------------------------------------

    @Override
    public void conv2d(Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p) {
        VectorConv.forward(workers, Bf16Operands.widened(src, Bf16Operands.FIRST), Bf16Operands.widened(weights, Bf16Operands.SECOND),
                bias, dst, p);
    }

    @Override
    public void conv2dBackwardData(Tensor diffDst, Tensor weights, Tensor diffSrc, Conv2dParams p) {
        VectorConv.backwardData(workers, Bf16Operands.widened(diffDst, Bf16Operands.FIRST),
                Bf16Operands.widened(weights, Bf16Operands.SECOND), diffSrc, p);
    }

    @Override
    public void conv2dBackwardWeights(Tensor src, Tensor diffDst, Tensor diffWeights, Tensor diffBias, Conv2dParams p) {
        VectorConv.backwardWeights(workers, Bf16Operands.widened(src, Bf16Operands.FIRST),
                Bf16Operands.widened(diffDst, Bf16Operands.SECOND), diffWeights, diffBias, p);
    }

    @Override
    public void maxPool2d(Tensor src, Tensor dst, Tensor indices, Pool2dParams p) {
        VectorPool.maxForward(workers, src, dst, indices, p);
    }

    @Override
    public void maxPool2dBackward(Tensor diffDst, Tensor indices, Tensor diffSrc, Pool2dParams p) {
        VectorPool.maxBackward(workers, diffDst, indices, diffSrc);
    }

    @Override
    public void avgPool2d(Tensor src, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        VectorPool.avgForward(workers, src, dst, p, countIncludePad);
    }

    @Override
    public void avgPool2dBackward(Tensor diffDst, Tensor diffSrc, Pool2dParams p, boolean countIncludePad) {
        VectorPool.avgBackward(workers, diffDst, diffSrc, p, countIncludePad);
    }

    @Override
    public void batchNorm2d(Tensor src, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps,
                            boolean training, Tensor dst) {
        VectorBatchNorm.forward(workers, src, gamma, beta, mean, variance, eps, training, dst);
    }

    @Override
    public void batchNorm2dBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor variance, float eps,
                                    Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        VectorBatchNorm.backward(workers, src, diffDst, gamma, mean, variance, eps, diffSrc, diffGamma, diffBeta);
    }
}
