package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.VectorSgemmKernel.MR;
import static dev.gatun.backend.vector.VectorSgemmKernel.NR;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Single-precision general matrix multiply in pure Java on the Vector API: the matmul of the
 * {@code java} backend.
 *
 * <p>Row-major, BLAS-like: {@code C = alpha * op(A) op(B) + beta * C} with op(A) m x k and op(B)
 * k x n. Large products go through the GotoBLAS/BLIS scheme ({@link VectorSgemmBlocked}: packed
 * blocks sized for the caches, a {@value VectorSgemmKernel#MR} x 2-vector register-blocked
 * micro-kernel); small ones through a direct loop ({@link VectorSgemmDirect}). Several threads
 * split C into column (or row) bands, one band each, on a pool of our own ({@link VectorSgemmPool}).
 *
 * <p>This kernel trusts its input: callers validate shapes, leading dimensions and bounds.
 * Segments of a confined arena are accepted and then processed on the calling thread alone.
 */
public final class VectorSgemm {
    private VectorSgemm() {}

    /** Below this many multiply-adds (20^3, measured), packing costs more than it saves. */
    static final long DIRECT_MAX_WORK = 20L * 20 * 20;
    /** Each extra thread must get at least this many multiply-adds to pay for its packing. */
    static final long MIN_WORK_PER_THREAD = 64L * 64 * 64;

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /**
     * C = alpha * op(A) op(B) + beta * C, all row-major; offsets and leading dimensions count
     * elements. C[i][j] is c[cOffset + i*ldc + j]; op(A)[i][p] is a[aOffset + i*lda + p], or
     * a[aOffset + p*lda + i] when transA (A stored k x m); op(B)[p][j] is b[bOffset + p*ldb + j],
     * or b[bOffset + j*ldb + p] when transB (B stored n x k). When beta == 0, C is only written
     * (NaN in it is ignored). When k == 0, C = beta * C.
     *
     * @param threads how many threads may share the work (the caller is one of them); small
     *     products use fewer
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long aOffset, int lda, MemorySegment b, long bOffset, int ldb,
                             float beta, MemorySegment c, long cOffset, int ldc, int threads) {
        assert m >= 0 && n >= 0 && k >= 0 : "negative size " + m + "x" + n + "x" + k;
        assert threads >= 1 : "threads " + threads;
        assert ldc >= n : "ldc " + ldc + " < n " + n;
        assert lda >= (transA ? m : k) : "lda " + lda + " too small for " + (transA ? "A^T" : "A");
        assert ldb >= (transB ? k : n) : "ldb " + ldb + " too small for " + (transB ? "B^T" : "B");
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOffset, ldc);
            return;
        }
        long work = (long) m * n * k;
        if (work < DIRECT_MAX_WORK || m == 1) {
            // m == 1 is a matrix-vector product: packing B would cost more than the product.
            VectorSgemmDirect.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                    beta, c, cOffset, ldc);
            return;
        }
        int parts = (int) Math.max(1, Math.min(threads, work / MIN_WORK_PER_THREAD));
        if (parts > 1 && !(sharable(a) && sharable(b) && sharable(c))) {
            parts = 1; // memory of a confined arena may only be touched by its owner thread
        }
        if (parts == 1) {
            VectorSgemmBlocked.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                    beta, c, cOffset, ldc);
        } else if (splitRows(transA, transB, m, n, parts)) {
            // Row bands: each thread packs its own rows of A, and all of B.
            int band = VectorSgemmBlocked.roundUp((m + parts - 1) / parts, MR);
            int bands = (m + band - 1) / band;
            VectorSgemmPool.run(bands, t -> {
                int i0 = t * band;
                long aAt = aOffset + (transA ? i0 : (long) i0 * lda);
                VectorSgemmBlocked.gemm(transA, transB, Math.min(band, m - i0), n, k, alpha,
                        a, aAt, lda, b, bOffset, ldb, beta, c, cOffset + (long) i0 * ldc, ldc);
            });
        } else {
            // Column bands: each thread packs its own columns of B, and all of A.
            int band = VectorSgemmBlocked.roundUp((n + parts - 1) / parts, NR);
            int bands = (n + band - 1) / band;
            VectorSgemmPool.run(bands, t -> {
                int j0 = t * band;
                long bAt = bOffset + (transB ? (long) j0 * ldb : j0);
                VectorSgemmBlocked.gemm(transA, transB, m, Math.min(band, n - j0), k, alpha,
                        a, aOffset, lda, b, bAt, ldb, beta, c, cOffset + j0, ldc);
            });
        }
    }

    /**
     * Whether threads should take bands of rows (each then packs all of B) rather than bands of
     * columns (each packs all of A): whichever duplicates the cheaper packing. Packing costs per
     * element, measured: op(B) as stored 0.15 ns (vector copy), transposed 0.7 ns; op(A) 0.3 ns
     * either way.
     */
    private static boolean splitRows(boolean transA, boolean transB, int m, int n, int parts) {
        if (m < 2 * parts * MR) {
            return false;
        }
        double packB = transB ? 0.7 : 0.15;
        double packA = transA ? 0.35 : 0.3;
        return n * packB <= m * packA;
    }

    /** An unstarted thread, owner of nothing: what a segment of a confined arena refuses. */
    private static final Thread NOT_AN_OWNER = new Thread(() -> {});

    private static boolean sharable(MemorySegment s) {
        return s.isAccessibleBy(NOT_AN_OWNER);
    }

    /** C = beta * C; beta == 0 writes zeros without reading C. */
    private static void scale(int m, int n, float beta, MemorySegment c, long cOffset, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            long row = cOffset + (long) i * ldc;
            for (int j = 0; j < n; j++) {
                c.setAtIndex(F32, row + j, beta == 0f ? 0f : beta * c.getAtIndex(F32, row + j));
            }
        }
    }
}
