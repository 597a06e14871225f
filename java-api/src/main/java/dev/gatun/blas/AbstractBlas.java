package dev.gatun.blas;

import static dev.gatun.blas.BlasChecks.increment;
import static dev.gatun.blas.BlasChecks.length;
import static dev.gatun.blas.BlasChecks.matrix;
import static dev.gatun.blas.BlasChecks.notNull;
import static dev.gatun.blas.BlasChecks.positiveIncrement;
import static dev.gatun.blas.BlasChecks.size;
import static dev.gatun.blas.BlasChecks.vector;

import java.lang.foreign.MemorySegment;

/**
 * Checks every argument once, returns early where BLAS does, then calls a kernel that trusts its
 * input (netlib's {@code AbstractBLAS} pattern: {@code sgemm} checks, {@code sgemmK} computes).
 *
 * <p>Arrays and segments meet in one kernel per routine: an array arrives as
 * {@link MemorySegment#ofArray} (a heap segment), so an implementation writes each kernel once
 * and may tell the two apart with {@link MemorySegment#isNative()}. Kernel offsets count elements.
 *
 * <p>Quick returns, as the reference BLAS does them: {@code n == 0} everywhere; axpy and ger
 * when {@code alpha == 0}; gemv when {@code m == 0 || n == 0} or {@code alpha == 0 && beta == 1};
 * gemm and syrk when C is empty or {@code (alpha == 0 || k == 0) && beta == 1}; trsm when B is
 * empty. Kernels therefore see non-empty problems, and still handle {@code alpha == 0} (gemm,
 * syrk: C = beta C; trsm: B = 0) and {@code beta == 0} (C written, never read).
 */
public abstract class AbstractBlas implements Blas {
    private static final String ARRAY = "array";
    private static final String SEGMENT = "segment";
    private static final int F = Float.BYTES;
    private static final int D = Double.BYTES;
    private static final int H = Short.BYTES; // bf16

    protected AbstractBlas() {}

    // ================================================================ level 1: dot

    @Override
    public final float sdot(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        checkTwoVectors("sdot", ARRAY, n, length(x, "sdot", "x"), xOff, incx, length(y, "sdot", "y"), yOff, incy);
        return n == 0 ? 0f : sdotK(n, MemorySegment.ofArray(x), xOff, incx, MemorySegment.ofArray(y), yOff, incy);
    }

    @Override
    public final double ddot(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        checkTwoVectors("ddot", ARRAY, n, length(x, "ddot", "x"), xOff, incx, length(y, "ddot", "y"), yOff, incy);
        return n == 0 ? 0d : ddotK(n, MemorySegment.ofArray(x), xOff, incx, MemorySegment.ofArray(y), yOff, incy);
    }

    @Override
    public final float sdot(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkTwoVectors("sdot", SEGMENT, n, length(x, F, false, "sdot", "x"), xOff, incx,
                length(y, F, false, "sdot", "y"), yOff, incy);
        return n == 0 ? 0f : sdotK(n, x, xOff, incx, y, yOff, incy);
    }

    @Override
    public final double ddot(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkTwoVectors("ddot", SEGMENT, n, length(x, D, false, "ddot", "x"), xOff, incx,
                length(y, D, false, "ddot", "y"), yOff, incy);
        return n == 0 ? 0d : ddotK(n, x, xOff, incx, y, yOff, incy);
    }

    // ================================================================ level 1: nrm2

    @Override
    public final float snrm2(int n, float[] x, int xOff, int incx) {
        checkOneVector("snrm2", ARRAY, n, length(x, "snrm2", "x"), xOff, incx);
        return n == 0 ? 0f : snrm2K(n, MemorySegment.ofArray(x), xOff, incx);
    }

    @Override
    public final double dnrm2(int n, double[] x, int xOff, int incx) {
        checkOneVector("dnrm2", ARRAY, n, length(x, "dnrm2", "x"), xOff, incx);
        return n == 0 ? 0d : dnrm2K(n, MemorySegment.ofArray(x), xOff, incx);
    }

    @Override
    public final float snrm2(int n, MemorySegment x, long xOff, int incx) {
        checkOneVector("snrm2", SEGMENT, n, length(x, F, false, "snrm2", "x"), xOff, incx);
        return n == 0 ? 0f : snrm2K(n, x, xOff, incx);
    }

    @Override
    public final double dnrm2(int n, MemorySegment x, long xOff, int incx) {
        checkOneVector("dnrm2", SEGMENT, n, length(x, D, false, "dnrm2", "x"), xOff, incx);
        return n == 0 ? 0d : dnrm2K(n, x, xOff, incx);
    }

    // ================================================================ level 1: asum

    @Override
    public final float sasum(int n, float[] x, int xOff, int incx) {
        checkOneVector("sasum", ARRAY, n, length(x, "sasum", "x"), xOff, incx);
        return n == 0 ? 0f : sasumK(n, MemorySegment.ofArray(x), xOff, incx);
    }

    @Override
    public final double dasum(int n, double[] x, int xOff, int incx) {
        checkOneVector("dasum", ARRAY, n, length(x, "dasum", "x"), xOff, incx);
        return n == 0 ? 0d : dasumK(n, MemorySegment.ofArray(x), xOff, incx);
    }

    @Override
    public final float sasum(int n, MemorySegment x, long xOff, int incx) {
        checkOneVector("sasum", SEGMENT, n, length(x, F, false, "sasum", "x"), xOff, incx);
        return n == 0 ? 0f : sasumK(n, x, xOff, incx);
    }

    @Override
    public final double dasum(int n, MemorySegment x, long xOff, int incx) {
        checkOneVector("dasum", SEGMENT, n, length(x, D, false, "dasum", "x"), xOff, incx);
        return n == 0 ? 0d : dasumK(n, x, xOff, incx);
    }

    // ================================================================ level 1: iamax

    @Override
    public final int isamax(int n, float[] x, int xOff, int incx) {
        checkOneVector("isamax", ARRAY, n, length(x, "isamax", "x"), xOff, incx);
        return n == 0 ? -1 : isamaxK(n, MemorySegment.ofArray(x), xOff, incx);
    }

    @Override
    public final int idamax(int n, double[] x, int xOff, int incx) {
        checkOneVector("idamax", ARRAY, n, length(x, "idamax", "x"), xOff, incx);
        return n == 0 ? -1 : idamaxK(n, MemorySegment.ofArray(x), xOff, incx);
    }

    @Override
    public final int isamax(int n, MemorySegment x, long xOff, int incx) {
        checkOneVector("isamax", SEGMENT, n, length(x, F, false, "isamax", "x"), xOff, incx);
        return n == 0 ? -1 : isamaxK(n, x, xOff, incx);
    }

    @Override
    public final int idamax(int n, MemorySegment x, long xOff, int incx) {
        checkOneVector("idamax", SEGMENT, n, length(x, D, false, "idamax", "x"), xOff, incx);
        return n == 0 ? -1 : idamaxK(n, x, xOff, incx);
    }

    // ================================================================ level 1: axpy

    @Override
    public final void saxpy(int n, float alpha, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        checkTwoVectors("saxpy", ARRAY, n, length(x, "saxpy", "x"), xOff, incx, length(y, "saxpy", "y"), yOff, incy);
        if (n > 0 && alpha != 0f) {
            saxpyK(n, alpha, MemorySegment.ofArray(x), xOff, incx, MemorySegment.ofArray(y), yOff, incy);
        }
    }

    @Override
    public final void daxpy(int n, double alpha, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        checkTwoVectors("daxpy", ARRAY, n, length(x, "daxpy", "x"), xOff, incx, length(y, "daxpy", "y"), yOff, incy);
        if (n > 0 && alpha != 0d) {
            daxpyK(n, alpha, MemorySegment.ofArray(x), xOff, incx, MemorySegment.ofArray(y), yOff, incy);
        }
    }

    @Override
    public final void saxpy(int n, float alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkTwoVectors("saxpy", SEGMENT, n, length(x, F, false, "saxpy", "x"), xOff, incx,
                length(y, F, true, "saxpy", "y"), yOff, incy);
        if (n > 0 && alpha != 0f) {
            saxpyK(n, alpha, x, xOff, incx, y, yOff, incy);
        }
    }

    @Override
    public final void daxpy(int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkTwoVectors("daxpy", SEGMENT, n, length(x, D, false, "daxpy", "x"), xOff, incx,
                length(y, D, true, "daxpy", "y"), yOff, incy);
        if (n > 0 && alpha != 0d) {
            daxpyK(n, alpha, x, xOff, incx, y, yOff, incy);
        }
    }

    // ================================================================ level 1: scal

    @Override
    public final void sscal(int n, float alpha, float[] x, int xOff, int incx) {
        checkOneVector("sscal", ARRAY, n, length(x, "sscal", "x"), xOff, incx);
        if (n > 0) {
            sscalK(n, alpha, MemorySegment.ofArray(x), xOff, incx);
        }
    }

    @Override
    public final void dscal(int n, double alpha, double[] x, int xOff, int incx) {
        checkOneVector("dscal", ARRAY, n, length(x, "dscal", "x"), xOff, incx);
        if (n > 0) {
            dscalK(n, alpha, MemorySegment.ofArray(x), xOff, incx);
        }
    }

    @Override
    public final void sscal(int n, float alpha, MemorySegment x, long xOff, int incx) {
        checkOneVector("sscal", SEGMENT, n, length(x, F, true, "sscal", "x"), xOff, incx);
        if (n > 0) {
            sscalK(n, alpha, x, xOff, incx);
        }
    }

    @Override
    public final void dscal(int n, double alpha, MemorySegment x, long xOff, int incx) {
        checkOneVector("dscal", SEGMENT, n, length(x, D, true, "dscal", "x"), xOff, incx);
        if (n > 0) {
            dscalK(n, alpha, x, xOff, incx);
        }
    }

    // ================================================================ level 1: copy

    @Override
    public final void scopy(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        checkTwoVectors("scopy", ARRAY, n, length(x, "scopy", "x"), xOff, incx, length(y, "scopy", "y"), yOff, incy);
        if (n > 0) {
            scopyK(n, MemorySegment.ofArray(x), xOff, incx, MemorySegment.ofArray(y), yOff, incy);
        }
    }

    @Override
    public final void dcopy(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        checkTwoVectors("dcopy", ARRAY, n, length(x, "dcopy", "x"), xOff, incx, length(y, "dcopy", "y"), yOff, incy);
        if (n > 0) {
            dcopyK(n, MemorySegment.ofArray(x), xOff, incx, MemorySegment.ofArray(y), yOff, incy);
        }
    }

    @Override
    public final void scopy(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkTwoVectors("scopy", SEGMENT, n, length(x, F, false, "scopy", "x"), xOff, incx,
                length(y, F, true, "scopy", "y"), yOff, incy);
        if (n > 0) {
            scopyK(n, x, xOff, incx, y, yOff, incy);
        }
    }

    @Override
    public final void dcopy(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkTwoVectors("dcopy", SEGMENT, n, length(x, D, false, "dcopy", "x"), xOff, incx,
                length(y, D, true, "dcopy", "y"), yOff, incy);
        if (n > 0) {
            dcopyK(n, x, xOff, incx, y, yOff, incy);
        }
    }

    // ================================================================ level 1: swap

    @Override
    public final void sswap(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy) {
        checkTwoVectors("sswap", ARRAY, n, length(x, "sswap", "x"), xOff, incx, length(y, "sswap", "y"), yOff, incy);
        if (n > 0) {
            sswapK(n, MemorySegment.ofArray(x), xOff, incx, MemorySegment.ofArray(y), yOff, incy);
        }
    }

    @Override
    public final void dswap(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy) {
        checkTwoVectors("dswap", ARRAY, n, length(x, "dswap", "x"), xOff, incx, length(y, "dswap", "y"), yOff, incy);
        if (n > 0) {
            dswapK(n, MemorySegment.ofArray(x), xOff, incx, MemorySegment.ofArray(y), yOff, incy);
        }
    }

    @Override
    public final void sswap(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkTwoVectors("sswap", SEGMENT, n, length(x, F, true, "sswap", "x"), xOff, incx,
                length(y, F, true, "sswap", "y"), yOff, incy);
        if (n > 0) {
            sswapK(n, x, xOff, incx, y, yOff, incy);
        }
    }

    @Override
    public final void dswap(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        checkTwoVectors("dswap", SEGMENT, n, length(x, D, true, "dswap", "x"), xOff, incx,
                length(y, D, true, "dswap", "y"), yOff, incy);
        if (n > 0) {
            dswapK(n, x, xOff, incx, y, yOff, incy);
        }
    }

    // ================================================================ level 2: gemv

    @Override
    public final void sgemv(Layout layout, Transpose trans, int m, int n, float alpha, float[] a, int aOff, int lda,
                            float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy) {
        String r = "sgemv";
        checkGemv(r, ARRAY, layout, trans, m, n, length(a, r, "a"), aOff, lda, length(x, r, "x"), xOff, incx,
                length(y, r, "y"), yOff, incy);
        if (m > 0 && n > 0 && !(alpha == 0f && beta == 1f)) {
            sgemvK(layout, trans, m, n, alpha, MemorySegment.ofArray(a), aOff, lda, MemorySegment.ofArray(x), xOff, incx,
                    beta, MemorySegment.ofArray(y), yOff, incy);
        }
    }

    @Override
    public final void dgemv(Layout layout, Transpose trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                            double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy) {
        String r = "dgemv";
        checkGemv(r, ARRAY, layout, trans, m, n, length(a, r, "a"), aOff, lda, length(x, r, "x"), xOff, incx,
                length(y, r, "y"), yOff, incy);
        if (m > 0 && n > 0 && !(alpha == 0d && beta == 1d)) {
            dgemvK(layout, trans, m, n, alpha, MemorySegment.ofArray(a), aOff, lda, MemorySegment.ofArray(x), xOff, incx,
                    beta, MemorySegment.ofArray(y), yOff, incy);
        }
    }

    @Override
    public final void sgemv(Layout layout, Transpose trans, int m, int n, float alpha, MemorySegment a, long aOff, int lda,
                            MemorySegment x, long xOff, int incx, float beta, MemorySegment y, long yOff, int incy) {
        String r = "sgemv";
        checkGemv(r, SEGMENT, layout, trans, m, n, length(a, F, false, r, "a"), aOff, lda,
                length(x, F, false, r, "x"), xOff, incx, length(y, F, true, r, "y"), yOff, incy);
        if (m > 0 && n > 0 && !(alpha == 0f && beta == 1f)) {
            sgemvK(layout, trans, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        }
    }

    @Override
    public final void dgemv(Layout layout, Transpose trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                            MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy) {
        String r = "dgemv";
        checkGemv(r, SEGMENT, layout, trans, m, n, length(a, D, false, r, "a"), aOff, lda,
                length(x, D, false, r, "x"), xOff, incx, length(y, D, true, r, "y"), yOff, incy);
        if (m > 0 && n > 0 && !(alpha == 0d && beta == 1d)) {
            dgemvK(layout, trans, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        }
    }

    // ================================================================ level 2: ger

    @Override
    public final void sger(Layout layout, int m, int n, float alpha, float[] x, int xOff, int incx,
                           float[] y, int yOff, int incy, float[] a, int aOff, int lda) {
        String r = "sger";
        checkGer(r, ARRAY, layout, m, n, length(x, r, "x"), xOff, incx, length(y, r, "y"), yOff, incy,
                length(a, r, "a"), aOff, lda);
        if (m > 0 && n > 0 && alpha != 0f) {
            sgerK(layout, m, n, alpha, MemorySegment.ofArray(x), xOff, incx, MemorySegment.ofArray(y), yOff, incy,
                    MemorySegment.ofArray(a), aOff, lda);
        }
    }

    @Override
    public final void dger(Layout layout, int m, int n, double alpha, double[] x, int xOff, int incx,
                           double[] y, int yOff, int incy, double[] a, int aOff, int lda) {
        String r = "dger";
        checkGer(r, ARRAY, layout, m, n, length(x, r, "x"), xOff, incx, length(y, r, "y"), yOff, incy,
                length(a, r, "a"), aOff, lda);
        if (m > 0 && n > 0 && alpha != 0d) {
            dgerK(layout, m, n, alpha, MemorySegment.ofArray(x), xOff, incx, MemorySegment.ofArray(y), yOff, incy,
                    MemorySegment.ofArray(a), aOff, lda);
        }
    }

    @Override
    public final void sger(Layout layout, int m, int n, float alpha, MemorySegment x, long xOff, int incx,
                           MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        String r = "sger";
        checkGer(r, SEGMENT, layout, m, n, length(x, F, false, r, "x"), xOff, incx, length(y, F, false, r, "y"), yOff, incy,
                length(a, F, true, r, "a"), aOff, lda);
        if (m > 0 && n > 0 && alpha != 0f) {
            sgerK(layout, m, n, alpha, x, xOff, incx, y, yOff, incy, a, aOff, lda);
        }
    }

    @Override
    public final void dger(Layout layout, int m, int n, double alpha, MemorySegment x, long xOff, int incx,
                           MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        String r = "dger";
        checkGer(r, SEGMENT, layout, m, n, length(x, D, false, r, "x"), xOff, incx, length(y, D, false, r, "y"), yOff, incy,
                length(a, D, true, r, "a"), aOff, lda);
        if (m > 0 && n > 0 && alpha != 0d) {
            dgerK(layout, m, n, alpha, x, xOff, incx, y, yOff, incy, a, aOff, lda);
        }
    }

    // ================================================================ level 3: gemm

    @Override
    public final void sgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        String r = "sgemm";
        checkGemm(r, ARRAY, layout, transA, transB, m, n, k, length(a, r, "a"), aOff, lda, length(b, r, "b"), bOff, ldb,
                length(c, r, "c"), cOff, ldc);
        if (m > 0 && n > 0 && !((alpha == 0f || k == 0) && beta == 1f)) {
            sgemmK(layout, transA, transB, m, n, k, alpha, MemorySegment.ofArray(a), aOff, lda,
                    MemorySegment.ofArray(b), bOff, ldb, beta, MemorySegment.ofArray(c), cOff, ldc);
        }
    }

    @Override
    public final void dgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                            double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        String r = "dgemm";
        checkGemm(r, ARRAY, layout, transA, transB, m, n, k, length(a, r, "a"), aOff, lda, length(b, r, "b"), bOff, ldb,
                length(c, r, "c"), cOff, ldc);
        if (m > 0 && n > 0 && !((alpha == 0d || k == 0) && beta == 1d)) {
            dgemmK(layout, transA, transB, m, n, k, alpha, MemorySegment.ofArray(a), aOff, lda,
                    MemorySegment.ofArray(b), bOff, ldb, beta, MemorySegment.ofArray(c), cOff, ldc);
        }
    }

    @Override
    public final void sgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                            float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                            float beta, MemorySegment c, long cOff, int ldc) {
        String r = "sgemm";
        checkGemm(r, SEGMENT, layout, transA, transB, m, n, k, length(a, F, false, r, "a"), aOff, lda,
                length(b, F, false, r, "b"), bOff, ldb, length(c, F, true, r, "c"), cOff, ldc);
        if (m > 0 && n > 0 && !((alpha == 0f || k == 0) && beta == 1f)) {
            sgemmK(layout, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Override
    public final void dgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                            double alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                            double beta, MemorySegment c, long cOff, int ldc) {
        String r = "dgemm";
        checkGemm(r, SEGMENT, layout, transA, transB, m, n, k, length(a, D, false, r, "a"), aOff, lda,
                length(b, D, false, r, "b"), bOff, ldb, length(c, D, true, r, "c"), cOff, ldc);
        if (m > 0 && n > 0 && !((alpha == 0d || k == 0) && beta == 1d)) {
            dgemmK(layout, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Override
    public final void sbgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                             float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                             float beta, MemorySegment c, long cOff, int ldc) {
        String r = "sbgemm";
        checkGemm(r, SEGMENT, layout, transA, transB, m, n, k, length(a, H, false, r, "a"), aOff, lda,
                length(b, H, false, r, "b"), bOff, ldb, length(c, F, true, r, "c"), cOff, ldc);
        if (m > 0 && n > 0 && !((alpha == 0f || k == 0) && beta == 1f)) {
            disjoint(r, m, n, k, c, a, "a");
            disjoint(r, m, n, k, c, b, "b");
            sbgemmK(layout, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** The output C must not share memory with a bf16 input (checked on whole segments: cheap and strict). */
    private static void disjoint(String r, int m, int n, int k, MemorySegment c, MemorySegment in, String name) {
        if (c.asOverlappingSlice(in).isPresent()) {
            throw new IllegalArgumentException(r + ": output segment c overlaps input segment " + name
                    + " (m=" + m + ", n=" + n + ", k=" + k + ")");
        }
    }

    // ================================================================ level 3: trsm

    @Override
    public final void strsm(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
                            float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb) {
        String r = "strsm";
        checkTrsm(r, ARRAY, layout, side, uplo, transA, diag, m, n, length(a, r, "a"), aOff, lda, length(b, r, "b"), bOff, ldb);
        if (m > 0 && n > 0) {
            strsmK(layout, side, uplo, transA, diag, m, n, alpha, MemorySegment.ofArray(a), aOff, lda,
                    MemorySegment.ofArray(b), bOff, ldb);
        }
    }

    @Override
    public final void dtrsm(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
                            double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        String r = "dtrsm";
        checkTrsm(r, ARRAY, layout, side, uplo, transA, diag, m, n, length(a, r, "a"), aOff, lda, length(b, r, "b"), bOff, ldb);
        if (m > 0 && n > 0) {
            dtrsmK(layout, side, uplo, transA, diag, m, n, alpha, MemorySegment.ofArray(a), aOff, lda,
                    MemorySegment.ofArray(b), bOff, ldb);
        }
    }

    @Override
    public final void strsm(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
                            float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        String r = "strsm";
        checkTrsm(r, SEGMENT, layout, side, uplo, transA, diag, m, n, length(a, F, false, r, "a"), aOff, lda,
                length(b, F, true, r, "b"), bOff, ldb);
        if (m > 0 && n > 0) {
            strsmK(layout, side, uplo, transA, diag, m, n, alpha, a, aOff, lda, b, bOff, ldb);
        }
    }

    @Override
    public final void dtrsm(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
                            double alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        String r = "dtrsm";
        checkTrsm(r, SEGMENT, layout, side, uplo, transA, diag, m, n, length(a, D, false, r, "a"), aOff, lda,
                length(b, D, true, r, "b"), bOff, ldb);
        if (m > 0 && n > 0) {
            dtrsmK(layout, side, uplo, transA, diag, m, n, alpha, a, aOff, lda, b, bOff, ldb);
        }
    }

    // ================================================================ level 3: syrk

    @Override
    public final void ssyrk(Layout layout, Uplo uplo, Transpose trans, int n, int k, float alpha, float[] a, int aOff, int lda,
                            float beta, float[] c, int cOff, int ldc) {
        String r = "ssyrk";
        checkSyrk(r, ARRAY, layout, uplo, trans, n, k, length(a, r, "a"), aOff, lda, length(c, r, "c"), cOff, ldc);
        if (n > 0 && !((alpha == 0f || k == 0) && beta == 1f)) {
            ssyrkK(layout, uplo, trans, n, k, alpha, MemorySegment.ofArray(a), aOff, lda, beta, MemorySegment.ofArray(c), cOff, ldc);
        }
    }

    @Override
    public final void dsyrk(Layout layout, Uplo uplo, Transpose trans, int n, int k, double alpha, double[] a, int aOff, int lda,
                            double beta, double[] c, int cOff, int ldc) {
        String r = "dsyrk";
        checkSyrk(r, ARRAY, layout, uplo, trans, n, k, length(a, r, "a"), aOff, lda, length(c, r, "c"), cOff, ldc);
        if (n > 0 && !((alpha == 0d || k == 0) && beta == 1d)) {
            dsyrkK(layout, uplo, trans, n, k, alpha, MemorySegment.ofArray(a), aOff, lda, beta, MemorySegment.ofArray(c), cOff, ldc);
        }
    }

    @Override
    public final void ssyrk(Layout layout, Uplo uplo, Transpose trans, int n, int k, float alpha, MemorySegment a, long aOff,
                            int lda, float beta, MemorySegment c, long cOff, int ldc) {
        String r = "ssyrk";
        checkSyrk(r, SEGMENT, layout, uplo, trans, n, k, length(a, F, false, r, "a"), aOff, lda,
                length(c, F, true, r, "c"), cOff, ldc);
        if (n > 0 && !((alpha == 0f || k == 0) && beta == 1f)) {
            ssyrkK(layout, uplo, trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
        }
    }

    @Override
    public final void dsyrk(Layout layout, Uplo uplo, Transpose trans, int n, int k, double alpha, MemorySegment a, long aOff,
                            int lda, double beta, MemorySegment c, long cOff, int ldc) {
        String r = "dsyrk";
        checkSyrk(r, SEGMENT, layout, uplo, trans, n, k, length(a, D, false, r, "a"), aOff, lda,
                length(c, D, true, r, "c"), cOff, ldc);
        if (n > 0 && !((alpha == 0d || k == 0) && beta == 1d)) {
            dsyrkK(layout, uplo, trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
        }
    }

    // ================================================================ the checks of each routine

    /** dot, axpy, copy, swap: x and y of n elements. */
    private static void checkTwoVectors(String r, String what, int n, long xLen, long xOff, int incx,
                                        long yLen, long yOff, int incy) {
        size(r, "n", n);
        increment(r, "incx", incx);
        increment(r, "incy", incy);
        vector(r, what, "x", xLen, xOff, n, incx);
        vector(r, what, "y", yLen, yOff, n, incy);
    }

    /** nrm2, asum, iamax, scal: one vector, positive increment. */
    private static void checkOneVector(String r, String what, int n, long xLen, long xOff, int incx) {
        size(r, "n", n);
        positiveIncrement(r, "incx", incx);
        vector(r, what, "x", xLen, xOff, n, incx);
    }

    private static void checkGemv(String r, String what, Layout layout, Transpose trans, int m, int n,
                                  long aLen, long aOff, int lda, long xLen, long xOff, int incx,
                                  long yLen, long yOff, int incy) {
        notNull(layout, r, "layout");
        notNull(trans, r, "trans");
        size(r, "m", m);
        size(r, "n", n);
        increment(r, "incx", incx);
        increment(r, "incy", incy);
        matrix(r, what, "a", "lda", "A", layout, m, n, lda, aLen, aOff);
        vector(r, what, "x", xLen, xOff, trans.transposed() ? m : n, incx);
        vector(r, what, "y", yLen, yOff, trans.transposed() ? n : m, incy);
    }

    private static void checkGer(String r, String what, Layout layout, int m, int n, long xLen, long xOff, int incx,
                                 long yLen, long yOff, int incy, long aLen, long aOff, int lda) {
        notNull(layout, r, "layout");
        size(r, "m", m);
        size(r, "n", n);
        increment(r, "incx", incx);
        increment(r, "incy", incy);
        vector(r, what, "x", xLen, xOff, m, incx);
        vector(r, what, "y", yLen, yOff, n, incy);
        matrix(r, what, "a", "lda", "A", layout, m, n, lda, aLen, aOff);
    }

    private static void checkGemm(String r, String what, Layout layout, Transpose transA, Transpose transB,
                                  int m, int n, int k, long aLen, long aOff, int lda, long bLen, long bOff, int ldb,
                                  long cLen, long cOff, int ldc) {
        notNull(layout, r, "layout");
        notNull(transA, r, "transA");
        notNull(transB, r, "transB");
        size(r, "m", m);
        size(r, "n", n);
        size(r, "k", k);
        matrix(r, what, "a", "lda", "A", layout, transA.transposed() ? k : m, transA.transposed() ? m : k, lda, aLen, aOff);
        matrix(r, what, "b", "ldb", "B", layout, transB.transposed() ? n : k, transB.transposed() ? k : n, ldb, bLen, bOff);
        matrix(r, what, "c", "ldc", "C", layout, m, n, ldc, cLen, cOff);
    }

    private static void checkTrsm(String r, String what, Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag,
                                  int m, int n, long aLen, long aOff, int lda, long bLen, long bOff, int ldb) {
        notNull(layout, r, "layout");
        notNull(side, r, "side");
        notNull(uplo, r, "uplo");
        notNull(transA, r, "transA");
        notNull(diag, r, "diag");
        size(r, "m", m);
        size(r, "n", n);
        int order = side == Side.LEFT ? m : n;
        matrix(r, what, "a", "lda", "A", layout, order, order, lda, aLen, aOff);
        matrix(r, what, "b", "ldb", "B", layout, m, n, ldb, bLen, bOff);
    }

    private static void checkSyrk(String r, String what, Layout layout, Uplo uplo, Transpose trans, int n, int k,
                                  long aLen, long aOff, int lda, long cLen, long cOff, int ldc) {
        notNull(layout, r, "layout");
        notNull(uplo, r, "uplo");
        notNull(trans, r, "trans");
        size(r, "n", n);
        size(r, "k", k);
        matrix(r, what, "a", "lda", "A", layout, trans.transposed() ? k : n, trans.transposed() ? n : k, lda, aLen, aOff);
        matrix(r, what, "c", "ldc", "C", layout, n, n, ldc, cLen, cOff);
    }

    // ================================================================ kernels: inputs are valid

    protected abstract float sdotK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    protected abstract double ddotK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    protected abstract float snrm2K(int n, MemorySegment x, long xOff, int incx);

    protected abstract double dnrm2K(int n, MemorySegment x, long xOff, int incx);

    protected abstract float sasumK(int n, MemorySegment x, long xOff, int incx);

    protected abstract double dasumK(int n, MemorySegment x, long xOff, int incx);

    protected abstract int isamaxK(int n, MemorySegment x, long xOff, int incx);

    protected abstract int idamaxK(int n, MemorySegment x, long xOff, int incx);

    protected abstract void saxpyK(int n, float alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    protected abstract void daxpyK(int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    protected abstract void sscalK(int n, float alpha, MemorySegment x, long xOff, int incx);

    protected abstract void dscalK(int n, double alpha, MemorySegment x, long xOff, int incx);

    protected abstract void scopyK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    protected abstract void dcopyK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    protected abstract void sswapK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    protected abstract void dswapK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    protected abstract void sgemvK(Layout layout, Transpose trans, int m, int n, float alpha, MemorySegment a, long aOff, int lda,
                                   MemorySegment x, long xOff, int incx, float beta, MemorySegment y, long yOff, int incy);

    protected abstract void dgemvK(Layout layout, Transpose trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                                   MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy);

    protected abstract void sgerK(Layout layout, int m, int n, float alpha, MemorySegment x, long xOff, int incx,
                                  MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda);

    protected abstract void dgerK(Layout layout, int m, int n, double alpha, MemorySegment x, long xOff, int incx,
                                  MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda);

    protected abstract void sgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                                   float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                                   float beta, MemorySegment c, long cOff, int ldc);

    protected abstract void dgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                                   double alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                                   double beta, MemorySegment c, long cOff, int ldc);

    /** sbgemm with checked arguments: A and B bf16, C float32 (see {@link Blas#sbgemm}). */
    protected abstract void sbgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                                    float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                                    float beta, MemorySegment c, long cOff, int ldc);

    protected abstract void strsmK(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
                                   float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb);

    protected abstract void dtrsmK(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
                                   double alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb);

    protected abstract void ssyrkK(Layout layout, Uplo uplo, Transpose trans, int n, int k, float alpha,
                                   MemorySegment a, long aOff, int lda, float beta, MemorySegment c, long cOff, int ldc);

    protected abstract void dsyrkK(Layout layout, Uplo uplo, Transpose trans, int n, int k, double alpha,
                                   MemorySegment a, long aOff, int lda, double beta, MemorySegment c, long cOff, int ldc);

    @Override
    public String toString() {
        return "Blas[" + name() + "]";
    }
}
