package dev.gatun.backend.rnn;

import java.lang.foreign.MemorySegment;

/**
 * The gemm an {@link RnnDriver} runs on, BLAS-like and row-major:
 * {@code C = alpha * op(A) op(B) + beta * C}, offsets and leading dimensions in floats, as
 * {@code VectorSgemm.sgemm} (the java backend) or {@code cblas_sgemm} (the openblas backend).
 * When beta is 0, C is only written.
 */
@FunctionalInterface
public interface RnnGemm {
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               MemorySegment a, long aOffset, int lda, MemorySegment b, long bOffset, int ldb,
               float beta, MemorySegment c, long cOffset, int ldc);
}
