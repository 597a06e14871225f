package dev.gatun.blas;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * BLAS in plain Java loops: the {@code scalar} implementation, and the {@code java} one when the
 * Vector API is absent. It is also the base of the Vector API implementation, which overrides
 * the kernels it speeds up and keeps these loops for strided vectors and triangular routines.
 *
 * <p>Level 2 and 3 kernels see row-major matrices only: a column-major call is the row-major
 * call on the transposed problem (the matrix as stored, read row-major, is its transpose), so
 * {@link #sgemmK} and friends rewrite the arguments once and call {@code ...Row} kernels:
 * <pre>
 *   gemv(col, trans, m, n, A)               = gemvRow(!trans, n, m, A)
 *   ger (col, m, n, x, y, A)                = gerRow(n, m, y, x, A)          A^T += y x^T
 *   gemm(col, tA, tB, m, n, k, A, B, C)     = gemmRow(tB, tA, n, m, k, B, A, C)  C^T = op(B)^T op(A)^T
 *   syrk(col, uplo, trans)                  = syrkRow(!uplo, !trans)         the stored triangle flips
 *   trsm(col, side, uplo, tA, diag, m, n)   = trsmRow(!side, !uplo, tA, diag, n, m)  X^T op(A)^T = alpha B^T
 * </pre>
 * Element (i, j) of a row-major matrix is {@code a[aOff + i*lda + j]}. Vector element i is at
 * {@code xOff + first(n, incx) + i*incx}, which walks from the far end when incx &lt; 0.
 */
public class ScalarBlas extends AbstractBlas {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final String name;

    public ScalarBlas() {
        this("scalar");
    }

    /** {@code "java"} when standing in for the Vector API implementation. */
    public ScalarBlas(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Offset of logical element 0 of a vector from its base: the far end when inc &lt; 0. */
    protected static long first(int n, int inc) {
        return inc < 0 ? (long) (n - 1) * -inc : 0;
    }

    // ================================================================ level 1

    @Override
    protected float sdotK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        long ix = xOff + first(n, incx), iy = yOff + first(n, incy);
        float sum = 0f;
        for (int i = 0; i < n; i++, ix += incx, iy += incy) {
            sum += x.getAtIndex(F32, ix) * y.getAtIndex(F32, iy);
        }
        return sum;
    }

    @Override
    protected double ddotK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        long ix = xOff + first(n, incx), iy = yOff + first(n, incy);
        double sum = 0d;
        for (int i = 0; i < n; i++, ix += incx, iy += incy) {
            sum += x.getAtIndex(F64, ix) * y.getAtIndex(F64, iy);
        }
        return sum;
    }

    /** Squares summed in double: a float squared cannot overflow it. */
    @Override
    protected float snrm2K(int n, MemorySegment x, long xOff, int incx) {
        double sumsq = 0d;
        for (long i = 0, ix = xOff; i < n; i++, ix += incx) {
            double v = x.getAtIndex(F32, ix);
            sumsq += v * v;
        }
        return (float) Math.sqrt(sumsq);
    }

    /**
     * One pass of plain squares; only when that overflows or underflows (|x| beyond about
     * 1e154 or below 1e-154) a second pass scaled by max |x_i|, as the reference dnrm2 guards.
     */
    @Override
    protected double dnrm2K(int n, MemorySegment x, long xOff, int incx) {
        double sumsq = 0d;
        for (long i = 0, ix = xOff; i < n; i++, ix += incx) {
            double v = x.getAtIndex(F64, ix);
            sumsq += v * v;
        }
        if (sumsq > 0x1p-1000 && sumsq < Double.POSITIVE_INFINITY) {
            return Math.sqrt(sumsq);
        }
        return scaledNorm(n, x, xOff, incx);
    }

    static double scaledNorm(int n, MemorySegment x, long xOff, int incx) {
        double max = 0d;
        for (long i = 0, ix = xOff; i < n; i++, ix += incx) {
            max = Math.max(max, Math.abs(x.getAtIndex(F64, ix)));
        }
        if (max == 0d || Double.isInfinite(max) || Double.isNaN(max)) {
            return max;
        }
        double sumsq = 0d;
        for (long i = 0, ix = xOff; i < n; i++, ix += incx) {
            double v = x.getAtIndex(F64, ix) / max;
            sumsq += v * v;
        }
        return max * Math.sqrt(sumsq);
    }

    @Override
    protected float sasumK(int n, MemorySegment x, long xOff, int incx) {
        float sum = 0f;
        for (long i = 0, ix = xOff; i < n; i++, ix += incx) {
            sum += Math.abs(x.getAtIndex(F32, ix));
        }
        return sum;
    }

    @Override
    protected double dasumK(int n, MemorySegment x, long xOff, int incx) {
        double sum = 0d;
        for (long i = 0, ix = xOff; i < n; i++, ix += incx) {
            sum += Math.abs(x.getAtIndex(F64, ix));
        }
        return sum;
    }

    @Override
    protected int isamaxK(int n, MemorySegment x, long xOff, int incx) {
        int best = 0;
        float max = Math.abs(x.getAtIndex(F32, xOff));
        long ix = xOff + incx;
        for (int i = 1; i < n; i++, ix += incx) {
            float v = Math.abs(x.getAtIndex(F32, ix));
            if (v > max) {
                max = v;
                best = i;
            }
        }
        return best;
    }

    @Override
    protected int idamaxK(int n, MemorySegment x, long xOff, int incx) {
        int best = 0;
        double max = Math.abs(x.getAtIndex(F64, xOff));
        long ix = xOff + incx;
        for (int i = 1; i < n; i++, ix += incx) {
            double v = Math.abs(x.getAtIndex(F64, ix));
            if (v > max) {
                max = v;
                best = i;
            }
        }
        return best;
    }

    @Override
    protected void saxpyK(int n, float alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        long ix = xOff + first(n, incx), iy = yOff + first(n, incy);
        for (int i = 0; i < n; i++, ix += incx, iy += incy) {
            y.setAtIndex(F32, iy, y.getAtIndex(F32, iy) + alpha * x.getAtIndex(F32, ix));
        }
    }

    @Override
    protected void daxpyK(int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        long ix = xOff + first(n, incx), iy = yOff + first(n, incy);
        for (int i = 0; i < n; i++, ix += incx, iy += incy) {
            y.setAtIndex(F64, iy, y.getAtIndex(F64, iy) + alpha * x.getAtIndex(F64, ix));
        }
    }

    @Override
    protected void sscalK(int n, float alpha, MemorySegment x, long xOff, int incx) {
        for (long i = 0, ix = xOff; i < n; i++, ix += incx) {
            x.setAtIndex(F32, ix, alpha * x.getAtIndex(F32, ix));
        }
    }

    @Override
    protected void dscalK(int n, double alpha, MemorySegment x, long xOff, int incx) {
        for (long i = 0, ix = xOff; i < n; i++, ix += incx) {
            x.setAtIndex(F64, ix, alpha * x.getAtIndex(F64, ix));
        }
    }

    @Override
    protected void scopyK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        long ix = xOff + first(n, incx), iy = yOff + first(n, incy);
        for (int i = 0; i < n; i++, ix += incx, iy += incy) {
            y.setAtIndex(F32, iy, x.getAtIndex(F32, ix));
        }
    }

    @Override
    protected void dcopyK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        long ix = xOff + first(n, incx), iy = yOff + first(n, incy);
        for (int i = 0; i < n; i++, ix += incx, iy += incy) {
            y.setAtIndex(F64, iy, x.getAtIndex(F64, ix));
        }
    }

    @Override
    protected void sswapK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        long ix = xOff + first(n, incx), iy = yOff + first(n, incy);
        for (int i = 0; i < n; i++, ix += incx, iy += incy) {
            float t = x.getAtIndex(F32, ix);
            x.setAtIndex(F32, ix, y.getAtIndex(F32, iy));
            y.setAtIndex(F32, iy, t);
        }
    }

    @Override
    protected void dswapK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        long ix = xOff + first(n, incx), iy = yOff + first(n, incy);
        for (int i = 0; i < n; i++, ix += incx, iy += incy) {
            double t = x.getAtIndex(F64, ix);
            x.setAtIndex(F64, ix, y.getAtIndex(F64, iy));
            y.setAtIndex(F64, iy, t);
        }
    }

    // ================================================================ level 2 and 3: layout to row-major

    @Override
    protected final void sgemvK(Layout layout, Transpose trans, int m, int n, float alpha, MemorySegment a, long aOff, int lda,
                                MemorySegment x, long xOff, int incx, float beta, MemorySegment y, long yOff, int incy) {
        if (layout == Layout.ROW_MAJOR) {
            sgemvRow(trans.transposed(), m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        } else {
            sgemvRow(!trans.transposed(), n, m, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        }
    }

    @Override
    protected final void dgemvK(Layout layout, Transpose trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                                MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy) {
        if (layout == Layout.ROW_MAJOR) {
            dgemvRow(trans.transposed(), m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        } else {
            dgemvRow(!trans.transposed(), n, m, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        }
    }

    @Override
    protected final void sgerK(Layout layout, int m, int n, float alpha, MemorySegment x, long xOff, int incx,
                               MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        if (layout == Layout.ROW_MAJOR) {
            sgerRow(m, n, alpha, x, xOff, incx, y, yOff, incy, a, aOff, lda);
        } else {
            sgerRow(n, m, alpha, y, yOff, incy, x, xOff, incx, a, aOff, lda);
        }
    }

    @Override
    protected final void dgerK(Layout layout, int m, int n, double alpha, MemorySegment x, long xOff, int incx,
                               MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        if (layout == Layout.ROW_MAJOR) {
            dgerRow(m, n, alpha, x, xOff, incx, y, yOff, incy, a, aOff, lda);
        } else {
            dgerRow(n, m, alpha, y, yOff, incy, x, xOff, incx, a, aOff, lda);
        }
    }

    @Override
    protected final void sgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                                float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                                float beta, MemorySegment c, long cOff, int ldc) {
        if (layout == Layout.ROW_MAJOR) {
            sgemmRow(transA.transposed(), transB.transposed(), m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            sgemmRow(transB.transposed(), transA.transposed(), n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
        }
    }

    @Override
    protected final void sbgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                                 float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                                 float beta, MemorySegment c, long cOff, int ldc) {
        if (layout == Layout.ROW_MAJOR) {
            sbgemmRow(transA.transposed(), transB.transposed(), m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            sbgemmRow(transB.transposed(), transA.transposed(), n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
        }
    }

    @Override
    protected final void dgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                                double alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                                double beta, MemorySegment c, long cOff, int ldc) {
        if (layout == Layout.ROW_MAJOR) {
            dgemmRow(transA.transposed(), transB.transposed(), m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            dgemmRow(transB.transposed(), transA.transposed(), n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
        }
    }

    @Override
    protected final void strsmK(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
                                float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        if (layout == Layout.ROW_MAJOR) {
            ScalarLevel3.strsmRow(side, uplo, transA, diag, m, n, alpha, a, aOff, lda, b, bOff, ldb);
        } else {
            ScalarLevel3.strsmRow(side.flip(), uplo.flip(), transA, diag, n, m, alpha, a, aOff, lda, b, bOff, ldb);
        }
    }

    @Override
    protected final void dtrsmK(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
                                double alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        if (layout == Layout.ROW_MAJOR) {
            ScalarLevel3.dtrsmRow(side, uplo, transA, diag, m, n, alpha, a, aOff, lda, b, bOff, ldb);
        } else {
            ScalarLevel3.dtrsmRow(side.flip(), uplo.flip(), transA, diag, n, m, alpha, a, aOff, lda, b, bOff, ldb);
        }
    }

    @Override
    protected final void ssyrkK(Layout layout, Uplo uplo, Transpose trans, int n, int k, float alpha,
                                MemorySegment a, long aOff, int lda, float beta, MemorySegment c, long cOff, int ldc) {
        Uplo u = layout == Layout.ROW_MAJOR ? uplo : uplo.flip();
        boolean t = layout == Layout.ROW_MAJOR ? trans.transposed() : !trans.transposed();
        ScalarLevel3.ssyrkRow(u == Uplo.UPPER, t, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
    }

    @Override
    protected final void dsyrkK(Layout layout, Uplo uplo, Transpose trans, int n, int k, double alpha,
                                MemorySegment a, long aOff, int lda, double beta, MemorySegment c, long cOff, int ldc) {
        Uplo u = layout == Layout.ROW_MAJOR ? uplo : uplo.flip();
        boolean t = layout == Layout.ROW_MAJOR ? trans.transposed() : !trans.transposed();
        ScalarLevel3.dsyrkRow(u == Uplo.UPPER, t, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
    }

    // ================================================================ row-major kernels (overridable)

    /**
     * y = alpha op(A) x + beta y, A m x n row-major: y_i = alpha sum_j A[i][j] x_j (not
     * transposed), or y_j = alpha sum_i A[i][j] x_i (transposed), then + beta y.
     */
    protected void sgemvRow(boolean trans, int m, int n, float alpha, MemorySegment a, long aOff, int lda,
                            MemorySegment x, long xOff, int incx, float beta, MemorySegment y, long yOff, int incy) {
        int leny = trans ? n : m;
        int lenx = trans ? m : n;
        long y0 = yOff + first(leny, incy), x0 = xOff + first(lenx, incx);
        scaleVector(leny, beta, y, y0, incy);
        if (alpha == 0f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            long row = aOff + (long) i * lda;
            if (!trans) {
                float sum = 0f;
                for (int j = 0; j < n; j++) {
                    sum += a.getAtIndex(F32, row + j) * x.getAtIndex(F32, x0 + (long) j * incx);
                }
                long iy = y0 + (long) i * incy;
                y.setAtIndex(F32, iy, y.getAtIndex(F32, iy) + alpha * sum);
            } else {
                float t = alpha * x.getAtIndex(F32, x0 + (long) i * incx);
                for (int j = 0; j < n; j++) {
                    long iy = y0 + (long) j * incy;
                    y.setAtIndex(F32, iy, y.getAtIndex(F32, iy) + t * a.getAtIndex(F32, row + j));
                }
            }
        }
    }

    protected void dgemvRow(boolean trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                            MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy) {
        int leny = trans ? n : m;
        int lenx = trans ? m : n;
        long y0 = yOff + first(leny, incy), x0 = xOff + first(lenx, incx);
        scaleVector(leny, beta, y, y0, incy);
        if (alpha == 0d) {
            return;
        }
        for (int i = 0; i < m; i++) {
            long row = aOff + (long) i * lda;
            if (!trans) {
                double sum = 0d;
                for (int j = 0; j < n; j++) {
                    sum += a.getAtIndex(F64, row + j) * x.getAtIndex(F64, x0 + (long) j * incx);
                }
                long iy = y0 + (long) i * incy;
                y.setAtIndex(F64, iy, y.getAtIndex(F64, iy) + alpha * sum);
            } else {
                double t = alpha * x.getAtIndex(F64, x0 + (long) i * incx);
                for (int j = 0; j < n; j++) {
                    long iy = y0 + (long) j * incy;
                    y.setAtIndex(F64, iy, y.getAtIndex(F64, iy) + t * a.getAtIndex(F64, row + j));
                }
            }
        }
    }

    /** y = beta y over n logical elements from y0 (already the logical start); beta 0 writes zeros. */
    protected static void scaleVector(int n, float beta, MemorySegment y, long y0, int incy) {
        if (beta == 1f) {
            return;
        }
        for (long i = 0, iy = y0; i < n; i++, iy += incy) {
            y.setAtIndex(F32, iy, beta == 0f ? 0f : beta * y.getAtIndex(F32, iy));
        }
    }

    protected static void scaleVector(int n, double beta, MemorySegment y, long y0, int incy) {
        if (beta == 1d) {
            return;
        }
        for (long i = 0, iy = y0; i < n; i++, iy += incy) {
            y.setAtIndex(F64, iy, beta == 0d ? 0d : beta * y.getAtIndex(F64, iy));
        }
    }

    /** A[i][j] += alpha x_i y_j, A m x n row-major. */
    protected void sgerRow(int m, int n, float alpha, MemorySegment x, long xOff, int incx,
                           MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        long x0 = xOff + first(m, incx), y0 = yOff + first(n, incy);
        for (int i = 0; i < m; i++) {
            float t = alpha * x.getAtIndex(F32, x0 + (long) i * incx);
            long row = aOff + (long) i * lda;
            for (int j = 0; j < n; j++) {
                a.setAtIndex(F32, row + j, a.getAtIndex(F32, row + j) + t * y.getAtIndex(F32, y0 + (long) j * incy));
            }
        }
    }

    protected void dgerRow(int m, int n, double alpha, MemorySegment x, long xOff, int incx,
                           MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        long x0 = xOff + first(m, incx), y0 = yOff + first(n, incy);
        for (int i = 0; i < m; i++) {
            double t = alpha * x.getAtIndex(F64, x0 + (long) i * incx);
            long row = aOff + (long) i * lda;
            for (int j = 0; j < n; j++) {
                a.setAtIndex(F64, row + j, a.getAtIndex(F64, row + j) + t * y.getAtIndex(F64, y0 + (long) j * incy));
            }
        }
    }

    /** C = alpha op(A) op(B) + beta C, all row-major (see {@link ScalarLevel3#sgemmRow}). */
    protected void sgemmRow(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                            float beta, MemorySegment c, long cOff, int ldc) {
        ScalarLevel3.sgemmRow(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** sbgemm, all row-major: the scalar oracle (see {@link ScalarLevel3#sbgemmRow}). */
    protected void sbgemmRow(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                             float beta, MemorySegment c, long cOff, int ldc) {
        ScalarLevel3.sbgemmRow(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    protected void dgemmRow(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                            double beta, MemorySegment c, long cOff, int ldc) {
        ScalarLevel3.dgemmRow(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
