package dev.gatun.blas;

import static dev.gatun.blas.ScalarBlas.F32;
import static dev.gatun.blas.ScalarBlas.F64;

import dev.gatun.tensor.BFloat16;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * gemm, trsm and syrk as plain loops on row-major matrices ({@link ScalarBlas} rewrites
 * column-major calls). Element (i, j) of A is {@code a[aOff + i*lda + j]};
 * op(A)[i][p] is A[i][p], or A[p][i] when transposed. Loops run i-p-j so that the innermost
 * one walks a row of B and of C.
 */
final class ScalarLevel3 {
    /** bf16 as stored in segments: the upper 16 bits of a float32, little-endian. */
    static final ValueLayout.OfShort BF16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ScalarLevel3() {}

    private static long at(boolean trans, long off, int ld, int i, int p) {
        return trans ? off + (long) p * ld + i : off + (long) i * ld + p;
    }

    // ------------------------------------------------------------------ gemm

    /** C[m][n] = alpha op(A)[m][k] op(B)[k][n] + beta C; beta == 0 overwrites C unread. */
    static void sgemmRow(boolean transA, boolean transB, int m, int n, int k, float alpha,
                         MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                         float beta, MemorySegment c, long cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            long row = cOff + (long) i * ldc;
            for (int j = 0; j < n; j++) {
                c.setAtIndex(F32, row + j, beta == 0f ? 0f : beta * c.getAtIndex(F32, row + j));
            }
            if (alpha == 0f) {
                continue;
            }
            for (int p = 0; p < k; p++) {
                float t = alpha * a.getAtIndex(F32, at(transA, aOff, lda, i, p));
                for (int j = 0; j < n; j++) {
                    c.setAtIndex(F32, row + j, c.getAtIndex(F32, row + j) + t * b.getAtIndex(F32, at(transB, bOff, ldb, p, j)));
                }
            }
        }
    }

    /**
     * sgemmRow with bf16 A and B (little-endian shorts), each element widened exactly by
     * {@link BFloat16#toFloat}. Accumulation order, the one tests derive their bound from:
     * C[i][j] = beta C[i][j] (0 when beta == 0), then for p = 0..k-1 in order,
     * C[i][j] += (alpha A[i][p]) B[p][j], each step one float32 multiply and one float32 add.
     */
    static void sbgemmRow(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                          float beta, MemorySegment c, long cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            long row = cOff + (long) i * ldc;
            for (int j = 0; j < n; j++) {
                c.setAtIndex(F32, row + j, beta == 0f ? 0f : beta * c.getAtIndex(F32, row + j));
            }
            if (alpha == 0f) {
                continue;
            }
            for (int p = 0; p < k; p++) {
                float t = alpha * BFloat16.toFloat(a.getAtIndex(BF16, at(transA, aOff, lda, i, p)));
                for (int j = 0; j < n; j++) {
                    float bv = BFloat16.toFloat(b.getAtIndex(BF16, at(transB, bOff, ldb, p, j)));
                    c.setAtIndex(F32, row + j, c.getAtIndex(F32, row + j) + t * bv);
                }
            }
        }
    }

    static void dgemmRow(boolean transA, boolean transB, int m, int n, int k, double alpha,
                         MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                         double beta, MemorySegment c, long cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            long row = cOff + (long) i * ldc;
            for (int j = 0; j < n; j++) {
                c.setAtIndex(F64, row + j, beta == 0d ? 0d : beta * c.getAtIndex(F64, row + j));
            }
            if (alpha == 0d) {
                continue;
            }
            for (int p = 0; p < k; p++) {
                double t = alpha * a.getAtIndex(F64, at(transA, aOff, lda, i, p));
                for (int j = 0; j < n; j++) {
                    c.setAtIndex(F64, row + j, c.getAtIndex(F64, row + j) + t * b.getAtIndex(F64, at(transB, bOff, ldb, p, j)));
                }
            }
        }
    }

    // ------------------------------------------------------------------ syrk

    /**
     * C[i][j] = alpha sum_p op(A)[i][p] op(A)[j][p] + beta C[i][j] for j >= i (upper) or
     * j <= i (lower); op(A) is n x k. The other triangle is never touched.
     */
    static void ssyrkRow(boolean upper, boolean trans, int n, int k, float alpha,
                         MemorySegment a, long aOff, int lda, float beta, MemorySegment c, long cOff, int ldc) {
        for (int i = 0; i < n; i++) {
            int from = upper ? i : 0, to = upper ? n : i + 1;
            for (int j = from; j < to; j++) {
                float sum = 0f;
                if (alpha != 0f) {
                    for (int p = 0; p < k; p++) {
                        sum += a.getAtIndex(F32, at(trans, aOff, lda, i, p)) * a.getAtIndex(F32, at(trans, aOff, lda, j, p));
                    }
                }
                long ij = cOff + (long) i * ldc + j;
                c.setAtIndex(F32, ij, alpha * sum + (beta == 0f ? 0f : beta * c.getAtIndex(F32, ij)));
            }
        }
    }

    static void dsyrkRow(boolean upper, boolean trans, int n, int k, double alpha,
                         MemorySegment a, long aOff, int lda, double beta, MemorySegment c, long cOff, int ldc) {
        for (int i = 0; i < n; i++) {
            int from = upper ? i : 0, to = upper ? n : i + 1;
            for (int j = from; j < to; j++) {
                double sum = 0d;
                if (alpha != 0d) {
                    for (int p = 0; p < k; p++) {
                        sum += a.getAtIndex(F64, at(trans, aOff, lda, i, p)) * a.getAtIndex(F64, at(trans, aOff, lda, j, p));
                    }
                }
                long ij = cOff + (long) i * ldc + j;
                c.setAtIndex(F64, ij, alpha * sum + (beta == 0d ? 0d : beta * c.getAtIndex(F64, ij)));
            }
        }
    }

    // ------------------------------------------------------------------ trsm

    /**
     * B = alpha op(A)^-1 B (left, A m x m) or alpha B op(A)^-1 (right, A n x n), B m x n.
     * op(A) is upper triangular when A is upper and not transposed, or lower and transposed.
     *
     * <p>Left: rows of X in dependency order, X[i] = (alpha B[i] - sum_p op(A)[i][p] X[p]) /
     * op(A)[i][i] over the already solved rows p (below i when upper, above when lower).
     * Right: each row b of B alone, x op(A) = alpha b, so x_j = (alpha b_j - sum_p x_p
     * op(A)[p][j]) / op(A)[j][j] over the solved p (before j when upper, after when lower).
     * alpha == 0 sets B to zero without reading A, as the reference does.
     */
    static void strsmRow(Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n, float alpha,
                         MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        boolean trans = transA.transposed();
        boolean upper = (uplo == Uplo.UPPER) != trans;
        boolean unit = diag == Diag.UNIT;
        if (alpha == 0f) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    b.setAtIndex(F32, bOff + (long) i * ldb + j, 0f);
                }
            }
            return;
        }
        if (side == Side.LEFT) {
            for (int s = 0; s < m; s++) {
                int i = upper ? m - 1 - s : s;
                long bi = bOff + (long) i * ldb;
                for (int j = 0; j < n; j++) {
                    b.setAtIndex(F32, bi + j, alpha * b.getAtIndex(F32, bi + j));
                }
                int pFrom = upper ? i + 1 : 0, pTo = upper ? m : i;
                for (int p = pFrom; p < pTo; p++) {
                    float aip = a.getAtIndex(F32, at(trans, aOff, lda, i, p));
                    long bp = bOff + (long) p * ldb;
                    for (int j = 0; j < n; j++) {
                        b.setAtIndex(F32, bi + j, b.getAtIndex(F32, bi + j) - aip * b.getAtIndex(F32, bp + j));
                    }
                }
                if (!unit) {
                    float d = a.getAtIndex(F32, at(trans, aOff, lda, i, i));
                    for (int j = 0; j < n; j++) {
                        b.setAtIndex(F32, bi + j, b.getAtIndex(F32, bi + j) / d);
                    }
                }
            }
        } else {
            for (int i = 0; i < m; i++) {
                long bi = bOff + (long) i * ldb;
                for (int s = 0; s < n; s++) {
                    int j = upper ? s : n - 1 - s;
                    float x = alpha * b.getAtIndex(F32, bi + j);
                    int pFrom = upper ? 0 : j + 1, pTo = upper ? j : n;
                    for (int p = pFrom; p < pTo; p++) {
                        x -= b.getAtIndex(F32, bi + p) * a.getAtIndex(F32, at(trans, aOff, lda, p, j));
                    }
                    b.setAtIndex(F32, bi + j, unit ? x : x / a.getAtIndex(F32, at(trans, aOff, lda, j, j)));
                }
            }
        }
    }

    static void dtrsmRow(Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n, double alpha,
                         MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        boolean trans = transA.transposed();
        boolean upper = (uplo == Uplo.UPPER) != trans;
        boolean unit = diag == Diag.UNIT;
        if (alpha == 0d) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    b.setAtIndex(F64, bOff + (long) i * ldb + j, 0d);
                }
            }
            return;
        }
        if (side == Side.LEFT) {
            for (int s = 0; s < m; s++) {
                int i = upper ? m - 1 - s : s;
                long bi = bOff + (long) i * ldb;
                for (int j = 0; j < n; j++) {
                    b.setAtIndex(F64, bi + j, alpha * b.getAtIndex(F64, bi + j));
                }
                int pFrom = upper ? i + 1 : 0, pTo = upper ? m : i;
                for (int p = pFrom; p < pTo; p++) {
                    double aip = a.getAtIndex(F64, at(trans, aOff, lda, i, p));
                    long bp = bOff + (long) p * ldb;
                    for (int j = 0; j < n; j++) {
                        b.setAtIndex(F64, bi + j, b.getAtIndex(F64, bi + j) - aip * b.getAtIndex(F64, bp + j));
                    }
                }
                if (!unit) {
                    double d = a.getAtIndex(F64, at(trans, aOff, lda, i, i));
                    for (int j = 0; j < n; j++) {
                        b.setAtIndex(F64, bi + j, b.getAtIndex(F64, bi + j) / d);
                    }
                }
            }
        } else {
            for (int i = 0; i < m; i++) {
                long bi = bOff + (long) i * ldb;
                for (int s = 0; s < n; s++) {
                    int j = upper ? s : n - 1 - s;
                    double x = alpha * b.getAtIndex(F64, bi + j);
                    int pFrom = upper ? 0 : j + 1, pTo = upper ? j : n;
                    for (int p = pFrom; p < pTo; p++) {
                        x -= b.getAtIndex(F64, bi + p) * a.getAtIndex(F64, at(trans, aOff, lda, p, j));
                    }
                    b.setAtIndex(F64, bi + j, unit ? x : x / a.getAtIndex(F64, at(trans, aOff, lda, j, j)));
                }
            }
        }
    }
}
