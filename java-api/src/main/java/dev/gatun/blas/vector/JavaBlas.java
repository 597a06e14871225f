package dev.gatun.blas.vector;

import dev.gatun.backend.Backends;
import dev.gatun.backend.vector.VectorBf16;
import dev.gatun.backend.vector.VectorSgemm;
import dev.gatun.blas.ScalarBlas;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@code java} BLAS: pure Java on the Vector API. Loaded by name from
 * {@code BlasSelection} so that nothing else links to {@code jdk.incubator.vector}.
 *
 * <p>What runs where:
 * <ul>
 *   <li>Level 1 ({@code dot, nrm2, asum, axpy, scal, copy, swap}): vector loops when the vectors
 *       are contiguous ({@code |inc| == 1}, and for two vectors {@code incx == incy}: both
 *       reversed pair the same elements as both forward); other strides, and {@code iamax},
 *       run the plain loops of {@link ScalarBlas}.
 *   <li>gemv and ger: vector loops over rows of A when x and y are contiguous (inc 1).
 *   <li>sgemm: {@link VectorSgemm} (packed, register-blocked, multithreaded with
 *       {@link Backends#threads()}); dgemm: {@link VectorDgemm} (packed, single thread).
 *   <li>trsm, syrk: the plain loops of {@link ScalarBlas}.
 * </ul>
 */
public class JavaBlas extends ScalarBlas {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /** A float sum of squares below this may have lost digits to underflow: redo it in double. */
    private static final float SUMSQ_MIN = 0x1p-100f;

    public JavaBlas() {
        super("java");
    }

    private static boolean contiguous(int incx, int incy) {
        return incx == incy && (incx == 1 || incx == -1);
    }

    // ================================================================ level 1

    @Override
    protected float sdotK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        return contiguous(incx, incy) ? VectorLevel1.sdot(n, x, xOff, y, yOff) : super.sdotK(n, x, xOff, incx, y, yOff, incy);
    }

    @Override
    protected double ddotK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        return contiguous(incx, incy) ? VectorLevel1.ddot(n, x, xOff, y, yOff) : super.ddotK(n, x, xOff, incx, y, yOff, incy);
    }

    /** Squares summed in float lanes; if that over- or underflowed, the double-accumulating loop. */
    @Override
    protected float snrm2K(int n, MemorySegment x, long xOff, int incx) {
        if (incx == 1) {
            float sumsq = VectorLevel1.sumSquares(n, x, xOff);
            if (sumsq > SUMSQ_MIN && sumsq < Float.POSITIVE_INFINITY) {
                return (float) Math.sqrt(sumsq);
            }
        }
        return super.snrm2K(n, x, xOff, incx);
    }

    @Override
    protected double dnrm2K(int n, MemorySegment x, long xOff, int incx) {
        if (incx == 1) {
            double sumsq = VectorLevel1.sumSquaresD(n, x, xOff);
            if (sumsq > 0x1p-1000 && sumsq < Double.POSITIVE_INFINITY) {
                return Math.sqrt(sumsq);
            }
        }
        return super.dnrm2K(n, x, xOff, incx);
    }

    @Override
    protected float sasumK(int n, MemorySegment x, long xOff, int incx) {
        return incx == 1 ? VectorLevel1.sasum(n, x, xOff) : super.sasumK(n, x, xOff, incx);
    }

    @Override
    protected double dasumK(int n, MemorySegment x, long xOff, int incx) {
        return incx == 1 ? VectorLevel1.dasum(n, x, xOff) : super.dasumK(n, x, xOff, incx);
    }

    @Override
    protected void saxpyK(int n, float alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (contiguous(incx, incy)) {
            VectorLevel1.saxpy(n, alpha, x, xOff, y, yOff);
        } else {
            super.saxpyK(n, alpha, x, xOff, incx, y, yOff, incy);
        }
    }

    @Override
    protected void daxpyK(int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (contiguous(incx, incy)) {
            VectorLevel1.daxpy(n, alpha, x, xOff, y, yOff);
        } else {
            super.daxpyK(n, alpha, x, xOff, incx, y, yOff, incy);
        }
    }

    @Override
    protected void sscalK(int n, float alpha, MemorySegment x, long xOff, int incx) {
        if (incx == 1) {
            VectorLevel1.sscal(n, alpha, x, xOff);
        } else {
            super.sscalK(n, alpha, x, xOff, incx);
        }
    }

    @Override
    protected void dscalK(int n, double alpha, MemorySegment x, long xOff, int incx) {
        if (incx == 1) {
            VectorLevel1.dscal(n, alpha, x, xOff);
        } else {
            super.dscalK(n, alpha, x, xOff, incx);
        }
    }

    /** Contiguous copies are a memmove (MemorySegment.copy handles overlap). */
    @Override
    protected void scopyK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (contiguous(incx, incy)) {
            MemorySegment.copy(x, xOff * Float.BYTES, y, yOff * Float.BYTES, (long) n * Float.BYTES);
        } else {
            super.scopyK(n, x, xOff, incx, y, yOff, incy);
        }
    }

    @Override
    protected void dcopyK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (contiguous(incx, incy)) {
            MemorySegment.copy(x, xOff * Double.BYTES, y, yOff * Double.BYTES, (long) n * Double.BYTES);
        } else {
            super.dcopyK(n, x, xOff, incx, y, yOff, incy);
        }
    }

    @Override
    protected void sswapK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (contiguous(incx, incy)) {
            VectorLevel1.sswap(n, x, xOff, y, yOff);
        } else {
            super.sswapK(n, x, xOff, incx, y, yOff, incy);
        }
    }

    @Override
    protected void dswapK(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy) {
        if (contiguous(incx, incy)) {
            VectorLevel1.dswap(n, x, xOff, y, yOff);
        } else {
            super.dswapK(n, x, xOff, incx, y, yOff, incy);
        }
    }

    // ================================================================ level 2 (row-major)

    @Override
    protected void sgemvRow(boolean trans, int m, int n, float alpha, MemorySegment a, long aOff, int lda,
                            MemorySegment x, long xOff, int incx, float beta, MemorySegment y, long yOff, int incy) {
        if (incx != 1 || incy != 1 || alpha == 0f) {
            super.sgemvRow(trans, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        } else if (trans) {
            VectorLevel2.sgemvT(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        } else {
            VectorLevel2.sgemvN(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        }
    }

    @Override
    protected void dgemvRow(boolean trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                            MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy) {
        if (incx != 1 || incy != 1 || alpha == 0d) {
            super.dgemvRow(trans, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
        } else if (trans) {
            VectorLevel2.dgemvT(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        } else {
            VectorLevel2.dgemvN(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        }
    }

    @Override
    protected void sgerRow(int m, int n, float alpha, MemorySegment x, long xOff, int incx,
                           MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        if (incy == 1) {
            VectorLevel2.sger(m, n, alpha, x, xOff + first(m, incx), incx, y, yOff, a, aOff, lda);
        } else {
            super.sgerRow(m, n, alpha, x, xOff, incx, y, yOff, incy, a, aOff, lda);
        }
    }

    @Override
    protected void dgerRow(int m, int n, double alpha, MemorySegment x, long xOff, int incx,
                           MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda) {
        if (incy == 1) {
            VectorLevel2.dger(m, n, alpha, x, xOff + first(m, incx), incx, y, yOff, a, aOff, lda);
        } else {
            super.dgerRow(m, n, alpha, x, xOff, incx, y, yOff, incy, a, aOff, lda);
        }
    }

    // ================================================================ level 3 (row-major)

    @Override
    protected void sgemmRow(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                            float beta, MemorySegment c, long cOff, int ldc) {
        VectorSgemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, Backends.threads());
    }

    /**
     * bf16 gemm: A and B are widened to float32 copies (exact, {@link VectorBf16}, vector
     * loops) with the same leading dimensions, then the float32 {@link VectorSgemm} runs on them,
     * so results equal sgemm on the widened inputs. Java has no bf16 dot-product instruction, so
     * bf16 can only save memory traffic, not arithmetic; this first version widens whole matrices
     * up front and so saves nothing yet: the gain needs the widening inside VectorSgemmPack's
     * panel packing (reading half the bytes per panel), which is the next step.
     */
    @Override
    protected void sbgemmRow(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                             float beta, MemorySegment c, long cOff, int ldc) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment af = widen(arena, a, aOff, transA ? k : m, transA ? m : k, lda);
            MemorySegment bf = widen(arena, b, bOff, transB ? n : k, transB ? k : n, ldb);
            VectorSgemm.sgemm(transA, transB, m, n, k, alpha, af, 0, lda, bf, 0, ldb, beta, c, cOff, ldc, Backends.threads());
        }
    }

    /** A row-major bf16 matrix stored rows x cols with leading dimension ld, as float32 with the same ld (gaps left zero). */
    private static MemorySegment widen(Arena arena, MemorySegment src, long off, int rows, int cols, int ld) {
        long elements = rows == 0 || cols == 0 ? 1 : (long) (rows - 1) * ld + cols;
        MemorySegment dst = arena.allocate(elements * Float.BYTES, 64);
        for (int r = 0; r < rows; r++) {
            VectorBf16.toFloat(src, off + (long) r * ld, dst, (long) r * ld, cols);
        }
        return dst;
    }

    @Override
    protected void dgemmRow(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                            double beta, MemorySegment c, long cOff, int ldc) {
        VectorDgemm.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
