package dev.gatun.blas.openblas;

import static dev.gatun.blas.openblas.CriticalCblas.rethrow;

import dev.gatun.blas.AbstractBlas;
import dev.gatun.blas.Diag;
import dev.gatun.blas.Layout;
import dev.gatun.blas.Side;
import dev.gatun.blas.Transpose;
import dev.gatun.blas.Uplo;
import dev.gatun.ffi.openblas.Cblas;
import dev.gatun.tensor.BFloat16;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@code openblas} BLAS: every routine is one CBLAS call through FFM, after
 * {@link AbstractBlas} checked the arguments (OpenBLAS never sees a bad one).
 *
 * <p>How memory reaches OpenBLAS:
 * <ul>
 *   <li>Off-heap segments: the bindings of {@link Cblas} as they are (level 1 without a
 *       thread-state switch, gemv/ger/gemm/trsm/syrk as ordinary calls).
 *   <li>Java arrays (heap segments), levels 1 and 2: always {@link CriticalCblas}, the array's
 *       own address, no copy. These routines touch each element once, so a copy would cost as
 *       much as the call; a critical region lasts as long as one pass over the data.
 *   <li>Java arrays, level 3: critical too up to {@link #CRITICAL_MAX_WORK} multiply-adds;
 *       bigger calls copy the operands through a per-thread off-heap buffer
 *       ({@link HeapStaging}) and run as ordinary calls, so that a long gemm never holds the
 *       GC at a safepoint. The copy is O(n^2) against O(n^3) work, a few percent at 512^3 and
 *       less above (measured in {@code BlasBench}); {@code -Dgatun.blas.criticalMaxWork=N}
 *       moves the line.
 * </ul>
 * Enum values are CBLAS's own ({@link Layout#cblas} etc.). Increments and offsets mean what
 * they mean in CBLAS, so they pass unchanged: a negative increment with the base pointer, OpenBLAS
 * walks from the far end.
 */
public final class OpenBlasBlas extends AbstractBlas {
    private static final int F = Float.BYTES;
    private static final int D = Double.BYTES;

    /** Level-3 calls on arrays up to this many multiply-adds run critical (no copy). */
    static final long CRITICAL_MAX_WORK = Long.getLong("gatun.blas.criticalMaxWork", 256L * 256 * 256);

    @Override
    public String name() {
        return "openblas";
    }

    private static boolean offHeap(MemorySegment a, MemorySegment b) {
        return a.isNative() && b.isNative();
    }

    private static boolean offHeap(MemorySegment a, MemorySegment b, MemorySegment c) {
        return a.isNative() && b.isNative() && c.isNative();
    }

    private static MemorySegment at(MemorySegment s, long off, int elementBytes) {
        return s.asSlice(off * elementBytes);
    }

    /** Elements a matrix stored rows x cols with leading dimension ld spans. */
    private static long extent(Layout layout, int rows, int cols, int ld) {
        return layout == Layout.ROW_MAJOR ? (long) (rows - 1) * ld + cols : (long) (cols - 1) * ld + rows;
    }

    // ================================================================ level 1

    @Override
    protected float sdotK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (offHeap(x, y)) {
            return Cblas.cblas_sdot(n, at(x, xOff, F), incx, at(y, yOff, F), incy);
        }
        try {
            return (float) CriticalCblas.SDOT.invokeExact(n, at(x, xOff, F), incx, at(y, yOff, F), incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected double ddotK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (offHeap(x, y)) {
            return Cblas.cblas_ddot(n, at(x, xOff, D), incx, at(y, yOff, D), incy);
        }
        try {
            return (double) CriticalCblas.DDOT.invokeExact(n, at(x, xOff, D), incx, at(y, yOff, D), incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected float snrm2K(int n, MemorySegment x, long xOff, int incx) {
        if (x.isNative()) {
            return Cblas.cblas_snrm2(n, at(x, xOff, F), incx);
        }
        try {
            return (float) CriticalCblas.SNRM2.invokeExact(n, at(x, xOff, F), incx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected double dnrm2K(int n, MemorySegment x, long xOff, int incx) {
        if (x.isNative()) {
            return Cblas.cblas_dnrm2(n, at(x, xOff, D), incx);
        }
        try {
            return (double) CriticalCblas.DNRM2.invokeExact(n, at(x, xOff, D), incx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected float sasumK(int n, MemorySegment x, long xOff, int incx) {
        if (x.isNative()) {
            return Cblas.cblas_sasum(n, at(x, xOff, F), incx);
        }
        try {
            return (float) CriticalCblas.SASUM.invokeExact(n, at(x, xOff, F), incx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected double dasumK(int n, MemorySegment x, long xOff, int incx) {
        if (x.isNative()) {
            return Cblas.cblas_dasum(n, at(x, xOff, D), incx);
        }
        try {
            return (double) CriticalCblas.DASUM.invokeExact(n, at(x, xOff, D), incx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** CBLAS returns a 0-based size_t; n > 0 here, so it is a valid int index. */
    @Override
    protected int isamaxK(int n, MemorySegment x, long xOff, int incx) {
        if (x.isNative()) {
            return (int) Cblas.cblas_isamax(n, at(x, xOff, F), incx);
        }
        try {
            return (int) (long) CriticalCblas.ISAMAX.invokeExact(n, at(x, xOff, F), incx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected int idamaxK(int n, MemorySegment x, long xOff, int incx) {
        if (x.isNative()) {
            return (int) Cblas.cblas_idamax(n, at(x, xOff, D), incx);
        }
        try {
            return (int) (long) CriticalCblas.IDAMAX.invokeExact(n, at(x, xOff, D), incx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected void saxpyK(int n, float alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (offHeap(x, y)) {
            Cblas.cblas_saxpy(n, alpha, at(x, xOff, F), incx, at(y, yOff, F), incy);
            return;
        }
        try {
            CriticalCblas.SAXPY.invokeExact(n, alpha, at(x, xOff, F), incx, at(y, yOff, F), incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected void daxpyK(int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (offHeap(x, y)) {
            Cblas.cblas_daxpy(n, alpha, at(x, xOff, D), incx, at(y, yOff, D), incy);
            return;
        }
        try {
            CriticalCblas.DAXPY.invokeExact(n, alpha, at(x, xOff, D), incx, at(y, yOff, D), incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected void sscalK(int n, float alpha, MemorySegment x, long xOff, int incx) {
        if (x.isNative()) {
            Cblas.cblas_sscal(n, alpha, at(x, xOff, F), incx);
            return;
        }
        try {
            CriticalCblas.SSCAL.invokeExact(n, alpha, at(x, xOff, F), incx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected void dscalK(int n, double alpha, MemorySegment x, long xOff, int incx) {
        if (x.isNative()) {
            Cblas.cblas_dscal(n, alpha, at(x, xOff, D), incx);
            return;
        }
        try {
            CriticalCblas.DSCAL.invokeExact(n, alpha, at(x, xOff, D), incx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected void scopyK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (offHeap(x, y)) {
            Cblas.cblas_scopy(n, at(x, xOff, F), incx, at(y, yOff, F), incy);
            return;
        }
        try {
            CriticalCblas.SCOPY.invokeExact(n, at(x, xOff, F), incx, at(y, yOff, F), incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected void dcopyK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (offHeap(x, y)) {
            Cblas.cblas_dcopy(n, at(x, xOff, D), incx, at(y, yOff, D), incy);
            return;
        }
        try {
            CriticalCblas.DCOPY.invokeExact(n, at(x, xOff, D), incx, at(y, yOff, D), incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected void sswapK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (offHeap(x, y)) {
            Cblas.cblas_sswap(n, at(x, xOff, F), incx, at(y, yOff, F), incy);
            return;
        }
        try {
            CriticalCblas.SSWAP.invokeExact(n, at(x, xOff, F), incx, at(y, yOff, F), incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected void dswapK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (offHeap(x, y)) {
            Cblas.cblas_dswap(n, at(x, xOff, D), incx, at(y, yOff, D), incy);
            return;
        }
        try {
            CriticalCblas.DSWAP.invokeExact(n, at(x, xOff, D), incx, at(y, yOff, D), incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ================================================================ level 2

    @Override
    protected void sgemvK(Layout layout, Transpose trans, int m, int n, float alpha, MemorySegment a, long aOff, int lda,
                          MemorySegment x, long xOff, int incx, float beta, MemorySegment y, long yOff, int incy) {
        if (offHeap(a, x, y)) {
            Cblas.cblas_sgemv(layout.cblas, trans.cblas, m, n, alpha, at(a, aOff, F), lda, at(x, xOff, F), incx,
                    beta, at(y, yOff, F), incy);
            return;
        }
        try {
            CriticalCblas.SGEMV.invokeExact(layout.cblas, trans.cblas, m, n, alpha, at(a, aOff, F), lda, at(x, xOff, F), incx,
                    beta, at(y, yOff, F), incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected void dgemvK(Layout layout, Transpose trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                          MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy) {
        if (offHeap(a, x, y)) {
            Cblas.cblas_dgemv(layout.cblas, trans.cblas, m, n, alpha, at(a, aOff, D), lda, at(x, xOff, D), incx,
                    beta, at(y, yOff, D), incy);
            return;
        }
        try {
            CriticalCblas.DGEMV.invokeExact(layout.cblas, trans.cblas, m, n, alpha, at(a, aOff, D), lda, at(x, xOff, D), incx,
                    beta, at(y, yOff, D), incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected void sgerK(Layout layout, int m, int n, float alpha, MemorySegment x, long xOff, int incx,
                         MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        if (offHeap(x, y, a)) {
            Cblas.cblas_sger(layout.cblas, m, n, alpha, at(x, xOff, F), incx, at(y, yOff, F), incy, at(a, aOff, F), lda);
            return;
        }
        try {
            CriticalCblas.SGER.invokeExact(layout.cblas, m, n, alpha, at(x, xOff, F), incx, at(y, yOff, F), incy,
                    at(a, aOff, F), lda);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    protected void dgerK(Layout layout, int m, int n, double alpha, MemorySegment x, long xOff, int incx,
                         MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        if (offHeap(x, y, a)) {
            Cblas.cblas_dger(layout.cblas, m, n, alpha, at(x, xOff, D), incx, at(y, yOff, D), incy, at(a, aOff, D), lda);
            return;
        }
        try {
            CriticalCblas.DGER.invokeExact(layout.cblas, m, n, alpha, at(x, xOff, D), incx, at(y, yOff, D), incy,
                    at(a, aOff, D), lda);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ================================================================ level 3

    @Override
    protected void sgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                          float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                          float beta, MemorySegment c, long cOff, int ldc) {
        if (offHeap(a, b, c)) {
            Cblas.cblas_sgemm(layout.cblas, transA.cblas, transB.cblas, m, n, k, alpha, at(a, aOff, F), lda,
                    at(b, bOff, F), ldb, beta, at(c, cOff, F), ldc);
        } else if ((long) m * n * k <= CRITICAL_MAX_WORK) {
            try {
                CriticalCblas.SGEMM.invokeExact(layout.cblas, transA.cblas, transB.cblas, m, n, k, alpha, at(a, aOff, F), lda,
                        at(b, bOff, F), ldb, beta, at(c, cOff, F), ldc);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        } else {
            long aLen = transA.transposed() ? extent(layout, k, m, lda) : extent(layout, m, k, lda);
            long bLen = transB.transposed() ? extent(layout, n, k, ldb) : extent(layout, k, n, ldb);
            long cLen = extent(layout, m, n, ldc);
            HeapStaging s = HeapStaging.begin((aLen + bLen + cLen) * F);
            MemorySegment as = s.in(a, aOff, aLen, F), bs = s.in(b, bOff, bLen, F), cs = s.in(c, cOff, cLen, F);
            Cblas.cblas_sgemm(layout.cblas, transA.cblas, transB.cblas, m, n, k, alpha, as, lda, bs, ldb, beta, cs, ldc);
            HeapStaging.back(cs, c, cOff, F);
        }
    }

    /**
     * cblas_sgemm on the exact float32 widening of A and B: the bundled OpenBLAS is built without
     * BUILD_BFLOAT16 and exports no cblas_sbgemm. A product of two bf16 values is exact in float32,
     * so this computes what sbgemm (float32 accumulation) would.
     */
    @Override
    protected void sbgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                           float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                           float beta, MemorySegment c, long cOff, int ldc) {
        long aLen = transA.transposed() ? extent(layout, k, m, lda) : extent(layout, m, k, lda);
        long bLen = transB.transposed() ? extent(layout, n, k, ldb) : extent(layout, k, n, ldb);
        try (Arena arena = Arena.ofConfined()) {
            sgemmK(layout, transA, transB, m, n, k, alpha, widen(arena, a, aOff, aLen), 0, lda, widen(arena, b, bOff, bLen), 0,
                    ldb, beta, c, cOff, ldc);
        }
    }

    /** {@code len} bf16 elements from {@code src[off..]} as float32 in new off-heap memory (gaps between rows too). */
    private static MemorySegment widen(Arena arena, MemorySegment src, long off, long len) {
        MemorySegment dst = arena.allocate(Math.max(1, len) * Float.BYTES, 64);
        for (long i = 0; i < len; i++) {
            dst.setAtIndex(ValueLayout.JAVA_FLOAT, i,
                    BFloat16.toFloat(src.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, off + i)));
        }
        return dst;
    }

    @Override
    protected void dgemmK(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                          double alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                          double beta, MemorySegment c, long cOff, int ldc) {
        if (offHeap(a, b, c)) {
            Cblas.cblas_dgemm(layout.cblas, transA.cblas, transB.cblas, m, n, k, alpha, at(a, aOff, D), lda,
                    at(b, bOff, D), ldb, beta, at(c, cOff, D), ldc);
        } else if ((long) m * n * k <= CRITICAL_MAX_WORK) {
            try {
                CriticalCblas.DGEMM.invokeExact(layout.cblas, transA.cblas, transB.cblas, m, n, k, alpha, at(a, aOff, D), lda,
                        at(b, bOff, D), ldb, beta, at(c, cOff, D), ldc);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        } else {
            long aLen = transA.transposed() ? extent(layout, k, m, lda) : extent(layout, m, k, lda);
            long bLen = transB.transposed() ? extent(layout, n, k, ldb) : extent(layout, k, n, ldb);
            long cLen = extent(layout, m, n, ldc);
            HeapStaging s = HeapStaging.begin((aLen + bLen + cLen) * D);
            MemorySegment as = s.in(a, aOff, aLen, D), bs = s.in(b, bOff, bLen, D), cs = s.in(c, cOff, cLen, D);
            Cblas.cblas_dgemm(layout.cblas, transA.cblas, transB.cblas, m, n, k, alpha, as, lda, bs, ldb, beta, cs, ldc);
            HeapStaging.back(cs, c, cOff, D);
        }
    }

    @Override
    protected void strsmK(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
                          float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        int order = side == Side.LEFT ? m : n;
        if (offHeap(a, b)) {
            Cblas.cblas_strsm(layout.cblas, side.cblas, uplo.cblas, transA.cblas, diag.cblas, m, n, alpha,
                    at(a, aOff, F), lda, at(b, bOff, F), ldb);
        } else if ((long) m * n * order <= CRITICAL_MAX_WORK) {
            try {
                CriticalCblas.STRSM.invokeExact(layout.cblas, side.cblas, uplo.cblas, transA.cblas, diag.cblas, m, n, alpha,
                        at(a, aOff, F), lda, at(b, bOff, F), ldb);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        } else {
            long aLen = extent(layout, order, order, lda), bLen = extent(layout, m, n, ldb);
            HeapStaging s = HeapStaging.begin((aLen + bLen) * F);
            MemorySegment as = s.in(a, aOff, aLen, F), bs = s.in(b, bOff, bLen, F);
            Cblas.cblas_strsm(layout.cblas, side.cblas, uplo.cblas, transA.cblas, diag.cblas, m, n, alpha, as, lda, bs, ldb);
            HeapStaging.back(bs, b, bOff, F);
        }
    }

    @Override
    protected void dtrsmK(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
                          double alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        int order = side == Side.LEFT ? m : n;
        if (offHeap(a, b)) {
            Cblas.cblas_dtrsm(layout.cblas, side.cblas, uplo.cblas, transA.cblas, diag.cblas, m, n, alpha,
                    at(a, aOff, D), lda, at(b, bOff, D), ldb);
        } else if ((long) m * n * order <= CRITICAL_MAX_WORK) {
            try {
                CriticalCblas.DTRSM.invokeExact(layout.cblas, side.cblas, uplo.cblas, transA.cblas, diag.cblas, m, n, alpha,
                        at(a, aOff, D), lda, at(b, bOff, D), ldb);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        } else {
            long aLen = extent(layout, order, order, lda), bLen = extent(layout, m, n, ldb);
            HeapStaging s = HeapStaging.begin((aLen + bLen) * D);
            MemorySegment as = s.in(a, aOff, aLen, D), bs = s.in(b, bOff, bLen, D);
            Cblas.cblas_dtrsm(layout.cblas, side.cblas, uplo.cblas, transA.cblas, diag.cblas, m, n, alpha, as, lda, bs, ldb);
            HeapStaging.back(bs, b, bOff, D);
        }
    }

    @Override
    protected void ssyrkK(Layout layout, Uplo uplo, Transpose trans, int n, int k, float alpha,
                          MemorySegment a, long aOff, int lda, float beta, MemorySegment c, long cOff, int ldc) {
        if (offHeap(a, c)) {
            Cblas.cblas_ssyrk(layout.cblas, uplo.cblas, trans.cblas, n, k, alpha, at(a, aOff, F), lda, beta, at(c, cOff, F), ldc);
        } else if ((long) n * n * k <= CRITICAL_MAX_WORK) {
            try {
                CriticalCblas.SSYRK.invokeExact(layout.cblas, uplo.cblas, trans.cblas, n, k, alpha, at(a, aOff, F), lda,
                        beta, at(c, cOff, F), ldc);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        } else {
            long aLen = trans.transposed() ? extent(layout, k, n, lda) : extent(layout, n, k, lda);
            long cLen = extent(layout, n, n, ldc);
            HeapStaging s = HeapStaging.begin((aLen + cLen) * F);
            MemorySegment as = s.in(a, aOff, aLen, F), cs = s.in(c, cOff, cLen, F);
            Cblas.cblas_ssyrk(layout.cblas, uplo.cblas, trans.cblas, n, k, alpha, as, lda, beta, cs, ldc);
            HeapStaging.back(cs, c, cOff, F);
        }
    }

    @Override
    protected void dsyrkK(Layout layout, Uplo uplo, Transpose trans, int n, int k, double alpha,
                          MemorySegment a, long aOff, int lda, double beta, MemorySegment c, long cOff, int ldc) {
        if (offHeap(a, c)) {
            Cblas.cblas_dsyrk(layout.cblas, uplo.cblas, trans.cblas, n, k, alpha, at(a, aOff, D), lda, beta, at(c, cOff, D), ldc);
        } else if ((long) n * n * k <= CRITICAL_MAX_WORK) {
            try {
                CriticalCblas.DSYRK.invokeExact(layout.cblas, uplo.cblas, trans.cblas, n, k, alpha, at(a, aOff, D), lda,
                        beta, at(c, cOff, D), ldc);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        } else {
            long aLen = trans.transposed() ? extent(layout, k, n, lda) : extent(layout, n, k, lda);
            long cLen = extent(layout, n, n, ldc);
            HeapStaging s = HeapStaging.begin((aLen + cLen) * D);
            MemorySegment as = s.in(a, aOff, aLen, D), cs = s.in(c, cOff, cLen, D);
            Cblas.cblas_dsyrk(layout.cblas, uplo.cblas, trans.cblas, n, k, alpha, as, lda, beta, cs, ldc);
            HeapStaging.back(cs, c, cOff, D);
        }
    }
}
