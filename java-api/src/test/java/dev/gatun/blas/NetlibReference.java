package dev.gatun.blas;

import dev.ludovic.netlib.blas.JavaBLAS;
import java.lang.foreign.MemorySegment;

/**
 * netlib's {@code JavaBLAS} (the reference of these tests) behind our {@link Blas} interface, for
 * {@link BlasContract}: column-major only, arrays only (a kernel recovers the array behind the
 * heap segment that {@link AbstractBlas} made of it). Its {@code i?amax} is already 0-based (-1 for
 * n == 0) like ours; the enums become "N"/"T", "U"/"L", "L"/"R", "N"/"U".
 */
final class NetlibReference extends AbstractBlas {
    private static final JavaBLAS NETLIB = JavaBLAS.getInstance();

    @Override
    public String name() {
        return "netlib " + NETLIB.getClass().getSimpleName();
    }

    private static float[] f(MemorySegment s) {
        return (float[]) s.heapBase().orElseThrow(() -> new IllegalArgumentException("reference takes arrays only"));
    }

    private static double[] d(MemorySegment s) {
        return (double[]) s.heapBase().orElseThrow(() -> new IllegalArgumentException("reference takes arrays only"));
    }

    /** Element offset: the array's own offset inside the heap segment plus ours. */
    private static int off(MemorySegment s, long off, int bytes) {
        return Math.toIntExact(s.address() / bytes + off);
    }

    private static void colMajor(Layout layout) {
        if (layout != Layout.COL_MAJOR) {
            throw new IllegalArgumentException("the netlib reference is column-major");
        }
    }

    private static String t(Transpose t) {
        return t.transposed() ? "T" : "N";
    }

    @Override
    protected float sdotK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        return NETLIB.sdot(n, f(x), off(x, xOff, 4), incx, f(y), off(y, yOff, 4), incy);
    }

    @Override
    protected double ddotK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        return NETLIB.ddot(n, d(x), off(x, xOff, 8), incx, d(y), off(y, yOff, 8), incy);
    }

    @Override
    protected float snrm2K(int n, MemorySegment x, long xOff, int incx) {
        return NETLIB.snrm2(n, f(x), off(x, xOff, 4), incx);
    }

    @Override
    protected double dnrm2K(int n, MemorySegment x, long xOff, int incx) {
        return NETLIB.dnrm2(n, d(x), off(x, xOff, 8), incx);
    }

    @Override
    protected float sasumK(int n, MemorySegment x, long xOff, int incx) {
        return NETLIB.sasum(n, f(x), off(x, xOff, 4), incx);
    }

    @Override
    protected double dasumK(int n, MemorySegment x, long xOff, int incx) {
        return NETLIB.dasum(n, d(x), off(x, xOff, 8), incx);
    }

    @Override
    protected int isamaxK(int n, MemorySegment x, long xOff, int incx) {
        return NETLIB.isamax(n, f(x), off(x, xOff, 4), incx);
    }

    @Override
    protected int idamaxK(int n, MemorySegment x, long xOff, int incx) {
        return NETLIB.idamax(n, d(x), off(x, xOff, 8), incx);
    }

    @Override
    protected void saxpyK(int n, float alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        NETLIB.saxpy(n, alpha, f(x), off(x, xOff, 4), incx, f(y), off(y, yOff, 4), incy);
    }

    @Override
    protected void daxpyK(int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        NETLIB.daxpy(n, alpha, d(x), off(x, xOff, 8), incx, d(y), off(y, yOff, 8), incy);
    }

    @Override
    protected void sscalK(int n, float alpha, MemorySegment x, long xOff, int incx) {
        NETLIB.sscal(n, alpha, f(x), off(x, xOff, 4), incx);
    }

    @Override
    protected void dscalK(int n, double alpha, MemorySegment x, long xOff, int incx) {
        NETLIB.dscal(n, alpha, d(x), off(x, xOff, 8), incx);
    }

    @Override
    protected void scopyK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        NETLIB.scopy(n, f(x), off(x, xOff, 4), incx, f(y), off(y, yOff, 4), incy);
    }

    @Override
    protected void dcopyK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        NETLIB.dcopy(n, d(x), off(x, xOff, 8), incx, d(y), off(y, yOff, 8), incy);
    }

    @Override
    protected void sswapK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        NETLIB.sswap(n, f(x), off(x, xOff, 4), incx, f(y), off(y, yOff, 4), incy);
    }

    @Override
    protected void dswapK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        NETLIB.dswap(n, d(x), off(x, xOff, 8), incx, d(y), off(y, yOff, 8), incy);
    }

    @Override
    protected void sgemvK(Layout layout, Transpose trans, int m, int n, float alpha, MemorySegment a, long aOff, int lda,
                          MemorySegment x, long xOff, int incx, float beta, MemorySegment y, long yOff, int incy) {
        colMajor(layout);
        NETLIB.sgemv(t(trans), m, n, alpha, f(a), off(a, aOff, 4), lda, f(x), off(x, xOff, 4), incx,
                beta, f(y), off(y, yOff, 4), incy);
    }

    @Override
    protected void dgemvK(Layout layout, Transpose trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                          MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy) {
        colMajor(layout);
        NETLIB.dgemv(t(trans), m, n, alpha, d(a), off(a, aOff, 8), lda, d(x), off(x, xOff, 8), incx,
                beta, d(y), off(y, yOff, 8), incy);
    }

    @Override
    protected void sgerK(Layout layout, int m, int n, float alpha, MemorySegment x, long xOff, int incx,
                         MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        colMajor(layout);
        NETLIB.sger(m, n, alpha, f(x), off(x, xOff, 4), incx, f(y), off(y, yOff, 4), incy, f(a), off(a, aOff, 4), lda);
    }

    @Override
    protected void dgerK(Layout layout, int m, int n, double alpha, MemorySegment x, long xOff, int incx,
                         MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        colMajor(layout);
        NETLIB.dger(m, n, alpha, d(x), off(x, xOff, 8), incx, d(y), off(y, yOff, 8), incy, d(a), off(a, aOff, 8), lda);
    }

    @Override
    protected void sgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k, float alpha,
                          MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                          float beta, MemorySegment c, long cOff, int ldc) {
        colMajor(layout);
        NETLIB.sgemm(t(transA), t(transB), m, n, k, alpha, f(a), off(a, aOff, 4), lda, f(b), off(b, bOff, 4), ldb,
                beta, f(c), off(c, cOff, 4), ldc);
    }

    /** netlib has no bf16 routine: widen the whole bf16 segments exactly to float arrays and run its sgemm. */
    @Override
    protected void sbgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k, float alpha,
                           MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                           float beta, MemorySegment c, long cOff, int ldc) {
        colMajor(layout);
        float[] cf = c.toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT); // C may be off-heap: copy in and out
        NETLIB.sgemm(t(transA), t(transB), m, n, k, alpha, widen(a), Math.toIntExact(aOff), lda, widen(b),
                Math.toIntExact(bOff), ldb, beta, cf, Math.toIntExact(cOff), ldc);
        MemorySegment.copy(cf, 0, c, java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, cf.length);
    }

    private static float[] widen(MemorySegment bf16) {
        float[] out = new float[Math.toIntExact(bf16.byteSize() / Short.BYTES)];
        for (int i = 0; i < out.length; i++) {
            out[i] = dev.gatun.tensor.BFloat16.toFloat(bf16.getAtIndex(ScalarLevel3.BF16, i));
        }
        return out;
    }

    @Override
    protected void dgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k, double alpha,
                          MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                          double beta, MemorySegment c, long cOff, int ldc) {
        colMajor(layout);
        NETLIB.dgemm(t(transA), t(transB), m, n, k, alpha, d(a), off(a, aOff, 8), lda, d(b), off(b, bOff, 8), ldb,
                beta, d(c), off(c, cOff, 8), ldc);
    }

    @Override
    protected void strsmK(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n, float alpha,
                          MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        colMajor(layout);
        NETLIB.strsm(side == Side.LEFT ? "L" : "R", uplo == Uplo.UPPER ? "U" : "L", t(transA), diag == Diag.UNIT ? "U" : "N",
                m, n, alpha, f(a), off(a, aOff, 4), lda, f(b), off(b, bOff, 4), ldb);
    }

    @Override
    protected void dtrsmK(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n, double alpha,
                          MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        colMajor(layout);
        NETLIB.dtrsm(side == Side.LEFT ? "L" : "R", uplo == Uplo.UPPER ? "U" : "L", t(transA), diag == Diag.UNIT ? "U" : "N",
                m, n, alpha, d(a), off(a, aOff, 8), lda, d(b), off(b, bOff, 8), ldb);
    }

    @Override
    protected void ssyrkK(Layout layout, Uplo uplo, Transpose trans, int n, int k, float alpha,
                          MemorySegment a, long aOff, int lda, float beta, MemorySegment c, long cOff, int ldc) {
        colMajor(layout);
        NETLIB.ssyrk(uplo == Uplo.UPPER ? "U" : "L", t(trans), n, k, alpha, f(a), off(a, aOff, 4), lda, beta, f(c), off(c, cOff, 4), ldc);
    }

    @Override
    protected void dsyrkK(Layout layout, Uplo uplo, Transpose trans, int n, int k, double alpha,
                          MemorySegment a, long aOff, int lda, double beta, MemorySegment c, long cOff, int ldc) {
        colMajor(layout);
        NETLIB.dsyrk(uplo == Uplo.UPPER ? "U" : "L", t(trans), n, k, alpha, d(a), off(a, aOff, 8), lda, beta, d(c), off(c, cOff, 8), ldc);
    }
}
