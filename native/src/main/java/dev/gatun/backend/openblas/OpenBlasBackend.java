package dev.gatun.backend.openblas;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Bf16Operands;
import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.ForwardingBackend;
import dev.gatun.backend.conv.Im2colConv;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.backend.rnn.RnnDriver;
import dev.gatun.ffi.openblas.Cblas;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The {@code openblas} backend: matmul is {@code cblas_sgemm} on the tensors' own memory (row
 * major, no copy); convolution ({@link Im2colConv}) and the recurrent ops ({@link RnnDriver}) are
 * the shared gemm-based drivers on {@code cblas_sgemm}; every other op runs on the pure-Java
 * backend it was given. Nothing here needs {@code jdk.incubator.vector}: without it the drivers'
 * gates are scalar loops and the fallback is the scalar java backend.
 *
 * <p>Threads: {@link #setThreads} only records the count; it is applied to OpenBLAS's pool just
 * before each gemm when the pool is sized differently. The onednn backend sets OpenBLAS to one
 * thread (its gemms run in oneDNN, and two spinning pools on few cores fight), so whichever backend
 * calls OpenBLAS sizes the pool for itself, whatever order {@code Backends.setThreads} ran in.
 */
public final class OpenBlasBackend extends ForwardingBackend {
    private volatile int threads;

    public OpenBlasBackend(Backend fallback, int threads) {
        super(fallback);
        this.threads = threads;
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public String describe() {
        return "OpenBLAS " + OpenBlasInfo.version() + " " + OpenBlasInfo.coreName() + ", " + threads + " thread(s)";
    }

    @Override
    public void setThreads(int threads) {
        Backends.checkThreads("setThreads", threads);
        this.threads = threads;
        super.setThreads(threads);
    }

    @Override
    public int threads() {
        return threads;
    }

    // ---- recurrent: the shared driver, on cblas_sgemm ------------------------------

    private final RnnDriver rnn = new RnnDriver(this::sgemm, 4);

    private void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       MemorySegment a, long aOffset, int lda, MemorySegment b, long bOffset, int ldb,
                       float beta, MemorySegment c, long cOffset, int ldc) {
        applyThreads();
        Cblas.cblas_sgemm(Cblas.CblasRowMajor, transA ? Cblas.CblasTrans : Cblas.CblasNoTrans,
                transB ? Cblas.CblasTrans : Cblas.CblasNoTrans, m, n, k, alpha,
                a.asSlice(aOffset * Float.BYTES), lda, b.asSlice(bOffset * Float.BYTES), ldb, beta,
                c.asSlice(cOffset * Float.BYTES), ldc);
    }

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

    /**
     * Row-major {@code cblas_sgemm} per batch entry. a is [B,]M,K ([B,]K,M transposed), b is
     * [B,]K,N ([B,]N,K transposed), c is [B,]M,N; a rank-2 operand is shared by every entry.
     */
    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
        int m = c.dim(-2), n = c.dim(-1);
        int k = transA ? a.dim(-2) : a.dim(-1);
        // bf16: cblas_sgemm on the exact widening (see Bf16Operands). The bundled OpenBLAS is built without
        // BUILD_BFLOAT16: its libopenblas.so.0 exports no cblas_sbgemm to bind.
        a = Bf16Operands.widened(a, Bf16Operands.FIRST);
        b = Bf16Operands.widened(b, Bf16Operands.SECOND);
        if (c.numel() == 0 || k == 0) {
            delegate.matmul(a, transA, b, transB, c, alpha, beta); // BLAS rejects leading dims of 0
            return;
        }
        int batch = c.rank() == 3 ? c.dim(0) : 1;
        long aStride = a.rank() == 3 ? (long) m * k : 0; // 0: shared by every batch entry
        long bStride = b.rank() == 3 ? (long) k * n : 0;
        long cStride = (long) m * n;
        MemorySegment as = a.segment(), bs = b.segment(), cs = c.segment();
        int lda = transA ? m : k, ldb = transB ? k : n;
        int ta = transA ? Cblas.CblasTrans : Cblas.CblasNoTrans;
        int tb = transB ? Cblas.CblasTrans : Cblas.CblasNoTrans;
        applyThreads();
        for (int i = 0; i < batch; i++) {
            Cblas.cblas_sgemm(Cblas.CblasRowMajor, ta, tb, m, n, k, alpha,
                    batch == 1 ? as : as.asSlice(i * aStride * Float.BYTES), lda,
                    batch == 1 ? bs : bs.asSlice(i * bStride * Float.BYTES), ldb, beta,
                    batch == 1 ? cs : cs.asSlice(i * cStride * Float.BYTES), n);
        }
    }

    /** Sizes OpenBLAS's pool for this backend when someone (the onednn backend) changed it. */
    private void applyThreads() {
        int t = threads;
        if (Cblas.openblas_get_num_threads() != t) {
            Cblas.openblas_set_num_threads(t);
        }
    }

    // ---- convolution (NCHW): im2col + cblas_sgemm; pooling and batch norm stay on the delegate

    /** {@link Im2colConv}'s gemm as {@code cblas_sgemm}, row major, offsets turned into slices. */
    private static final Im2colConv.Sgemm SGEMM = (ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc) ->
            Cblas.cblas_sgemm(Cblas.CblasRowMajor, ta ? Cblas.CblasTrans : Cblas.CblasNoTrans,
                    tb ? Cblas.CblasTrans : Cblas.CblasNoTrans, m, n, k, alpha, a.asSlice(ao * Float.BYTES), lda,
                    b.asSlice(bo * Float.BYTES), ldb, beta, c.asSlice(co * Float.BYTES), ldc);

    /** Images one by one on the calling thread; each gemm uses OpenBLAS's own threads. */
    @Override
    public void conv2d(Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p) {
        src = Bf16Operands.widened(src, Bf16Operands.FIRST);
        weights = Bf16Operands.widened(weights, Bf16Operands.SECOND);
        applyThreads();
        Im2colConv.forward(src, weights, bias, dst, p, SGEMM, Im2colConv.SERIAL);
    }

    @Override
    public void conv2dBackwardData(Tensor diffDst, Tensor weights, Tensor diffSrc, Conv2dParams p) {
        diffDst = Bf16Operands.widened(diffDst, Bf16Operands.FIRST);
        weights = Bf16Operands.widened(weights, Bf16Operands.SECOND);
        applyThreads();
        Im2colConv.backwardData(diffDst, weights, diffSrc, p, SGEMM, Im2colConv.SERIAL);
    }

    @Override
    public void conv2dBackwardWeights(Tensor src, Tensor diffDst, Tensor diffWeights, Tensor diffBias, Conv2dParams p) {
        src = Bf16Operands.widened(src, Bf16Operands.FIRST);
        diffDst = Bf16Operands.widened(diffDst, Bf16Operands.SECOND);
        applyThreads();
        Im2colConv.backwardWeights(src, diffDst, diffWeights, diffBias, p, SGEMM, Im2colConv.SERIAL);
    }
}
