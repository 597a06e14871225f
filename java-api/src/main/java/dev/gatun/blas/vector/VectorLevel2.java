package dev.gatun.blas.vector;

import static dev.gatun.blas.vector.JavaBlas.F32;
import static dev.gatun.blas.vector.JavaBlas.F64;
import static dev.gatun.blas.vector.VectorLevel1.DS;
import static dev.gatun.blas.vector.VectorLevel1.FS;
import static dev.gatun.blas.vector.VectorLevel1.loadD;
import static dev.gatun.blas.vector.VectorLevel1.loadF;
import static dev.gatun.blas.vector.VectorLevel1.store;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * gemv and ger on row-major A with contiguous x and y (unit stride). Four rows of A per pass
 * share each load of x (gemv) or of y (transposed gemv), so the vector loop does four FMAs per
 * vector loaded from the shared operand.
 */
final class VectorLevel2 {
    private VectorLevel2() {}

    private static final int FL = FS.length();
    private static final int DL = DS.length();

    // ---------------------------------------------------------------- gemv, A not transposed

    /** y_i = alpha sum_j A[i][j] x_j + beta y_i, A m x n; beta == 0 does not read y. */
    static void sgemvN(int m, int n, float alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment x, long xOff, float beta, MemorySegment y, long yOff) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            long r0 = aOff + (long) i * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda;
            FloatVector s0 = FloatVector.zero(FS), s1 = s0, s2 = s0, s3 = s0;
            int j = 0;
            for (int bound = n - FL; j <= bound; j += FL) {
                FloatVector xv = loadF(x, xOff + j);
                s0 = loadF(a, r0 + j).fma(xv, s0);
                s1 = loadF(a, r1 + j).fma(xv, s1);
                s2 = loadF(a, r2 + j).fma(xv, s2);
                s3 = loadF(a, r3 + j).fma(xv, s3);
            }
            float sum0 = s0.reduceLanes(VectorOperators.ADD);
            float sum1 = s1.reduceLanes(VectorOperators.ADD);
            float sum2 = s2.reduceLanes(VectorOperators.ADD);
            float sum3 = s3.reduceLanes(VectorOperators.ADD);
            for (; j < n; j++) {
                float xj = x.getAtIndex(F32, xOff + j);
                sum0 += a.getAtIndex(F32, r0 + j) * xj;
                sum1 += a.getAtIndex(F32, r1 + j) * xj;
                sum2 += a.getAtIndex(F32, r2 + j) * xj;
                sum3 += a.getAtIndex(F32, r3 + j) * xj;
            }
            update(y, yOff + i, alpha * sum0, beta);
            update(y, yOff + i + 1, alpha * sum1, beta);
            update(y, yOff + i + 2, alpha * sum2, beta);
            update(y, yOff + i + 3, alpha * sum3, beta);
        }
        for (; i < m; i++) {
            float sum = VectorLevel1.sdot(n, a, aOff + (long) i * lda, x, xOff);
            update(y, yOff + i, alpha * sum, beta);
        }
    }

    static void dgemvN(int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment x, long xOff, double beta, MemorySegment y, long yOff) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            long r0 = aOff + (long) i * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda;
            DoubleVector s0 = DoubleVector.zero(DS), s1 = s0, s2 = s0, s3 = s0;
            int j = 0;
            for (int bound = n - DL; j <= bound; j += DL) {
                DoubleVector xv = loadD(x, xOff + j);
                s0 = loadD(a, r0 + j).fma(xv, s0);
                s1 = loadD(a, r1 + j).fma(xv, s1);
                s2 = loadD(a, r2 + j).fma(xv, s2);
                s3 = loadD(a, r3 + j).fma(xv, s3);
            }
            double sum0 = s0.reduceLanes(VectorOperators.ADD);
            double sum1 = s1.reduceLanes(VectorOperators.ADD);
            double sum2 = s2.reduceLanes(VectorOperators.ADD);
            double sum3 = s3.reduceLanes(VectorOperators.ADD);
            for (; j < n; j++) {
                double xj = x.getAtIndex(F64, xOff + j);
                sum0 += a.getAtIndex(F64, r0 + j) * xj;
                sum1 += a.getAtIndex(F64, r1 + j) * xj;
                sum2 += a.getAtIndex(F64, r2 + j) * xj;
                sum3 += a.getAtIndex(F64, r3 + j) * xj;
            }
            update(y, yOff + i, alpha * sum0, beta);
            update(y, yOff + i + 1, alpha * sum1, beta);
            update(y, yOff + i + 2, alpha * sum2, beta);
            update(y, yOff + i + 3, alpha * sum3, beta);
        }
        for (; i < m; i++) {
            double sum = VectorLevel1.ddot(n, a, aOff + (long) i * lda, x, xOff);
            update(y, yOff + i, alpha * sum, beta);
        }
    }

    /** y_i = v + beta y_i; beta == 0 does not read y_i (it may hold NaN). */
    private static void update(MemorySegment y, long yi, float v, float beta) {
        y.setAtIndex(F32, yi, beta == 0f ? v : v + beta * y.getAtIndex(F32, yi));
    }

    private static void update(MemorySegment y, long yi, double v, double beta) {
        y.setAtIndex(F64, yi, beta == 0d ? v : v + beta * y.getAtIndex(F64, yi));
    }

    // ---------------------------------------------------------------- gemv, A transposed

    /** y_j = alpha sum_i A[i][j] x_i + beta y_j, A m x n, y has n elements. */
    static void sgemvT(int m, int n, float alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment x, long xOff, float beta, MemorySegment y, long yOff) {
        if (beta == 0f) {
            y.asSlice(yOff * Float.BYTES, (long) n * Float.BYTES).fill((byte) 0);
        } else if (beta != 1f) {
            VectorLevel1.sscal(n, beta, y, yOff);
        }
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            long r0 = aOff + (long) i * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda;
            float t0 = alpha * x.getAtIndex(F32, xOff + i), t1 = alpha * x.getAtIndex(F32, xOff + i + 1);
            float t2 = alpha * x.getAtIndex(F32, xOff + i + 2), t3 = alpha * x.getAtIndex(F32, xOff + i + 3);
            FloatVector v0 = FloatVector.broadcast(FS, t0), v1 = FloatVector.broadcast(FS, t1);
            FloatVector v2 = FloatVector.broadcast(FS, t2), v3 = FloatVector.broadcast(FS, t3);
            int j = 0;
            for (int bound = n - FL; j <= bound; j += FL) {
                FloatVector yv = loadF(y, yOff + j);
                yv = loadF(a, r0 + j).fma(v0, yv);
                yv = loadF(a, r1 + j).fma(v1, yv);
                yv = loadF(a, r2 + j).fma(v2, yv);
                yv = loadF(a, r3 + j).fma(v3, yv);
                store(yv, y, yOff + j);
            }
            for (; j < n; j++) {
                float s = a.getAtIndex(F32, r0 + j) * t0 + a.getAtIndex(F32, r1 + j) * t1
                        + a.getAtIndex(F32, r2 + j) * t2 + a.getAtIndex(F32, r3 + j) * t3;
                y.setAtIndex(F32, yOff + j, y.getAtIndex(F32, yOff + j) + s);
            }
        }
        for (; i < m; i++) {
            VectorLevel1.saxpy(n, alpha * x.getAtIndex(F32, xOff + i), a, aOff + (long) i * lda, y, yOff);
        }
    }

    static void dgemvT(int m, int n, double alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment x, long xOff, double beta, MemorySegment y, long yOff) {
        if (beta == 0d) {
            y.asSlice(yOff * Double.BYTES, (long) n * Double.BYTES).fill((byte) 0);
        } else if (beta != 1d) {
            VectorLevel1.dscal(n, beta, y, yOff);
        }
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            long r0 = aOff + (long) i * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda;
            double t0 = alpha * x.getAtIndex(F64, xOff + i), t1 = alpha * x.getAtIndex(F64, xOff + i + 1);
            double t2 = alpha * x.getAtIndex(F64, xOff + i + 2), t3 = alpha * x.getAtIndex(F64, xOff + i + 3);
            DoubleVector v0 = DoubleVector.broadcast(DS, t0), v1 = DoubleVector.broadcast(DS, t1);
            DoubleVector v2 = DoubleVector.broadcast(DS, t2), v3 = DoubleVector.broadcast(DS, t3);
            int j = 0;
            for (int bound = n - DL; j <= bound; j += DL) {
                DoubleVector yv = loadD(y, yOff + j);
                yv = loadD(a, r0 + j).fma(v0, yv);
                yv = loadD(a, r1 + j).fma(v1, yv);
                yv = loadD(a, r2 + j).fma(v2, yv);
                yv = loadD(a, r3 + j).fma(v3, yv);
                store(yv, y, yOff + j);
            }
            for (; j < n; j++) {
                double s = a.getAtIndex(F64, r0 + j) * t0 + a.getAtIndex(F64, r1 + j) * t1
                        + a.getAtIndex(F64, r2 + j) * t2 + a.getAtIndex(F64, r3 + j) * t3;
                y.setAtIndex(F64, yOff + j, y.getAtIndex(F64, yOff + j) + s);
            }
        }
        for (; i < m; i++) {
            VectorLevel1.daxpy(n, alpha * x.getAtIndex(F64, xOff + i), a, aOff + (long) i * lda, y, yOff);
        }
    }

    // ---------------------------------------------------------------- ger

    /** A[i][j] += (alpha x_i) y_j: one axpy per row; x at any stride (x0 its logical start), y contiguous. */
    static void sger(int m, int n, float alpha, MemorySegment x, long x0, int incx, MemorySegment y, long yOff,
                     MemorySegment a, long aOff, int lda) {
        for (int i = 0; i < m; i++) {
            VectorLevel1.saxpy(n, alpha * x.getAtIndex(F32, x0 + (long) i * incx), y, yOff, a, aOff + (long) i * lda);
        }
    }

    static void dger(int m, int n, double alpha, MemorySegment x, long x0, int incx, MemorySegment y, long yOff,
                     MemorySegment a, long aOff, int lda) {
        for (int i = 0; i < m; i++) {
            VectorLevel1.daxpy(n, alpha * x.getAtIndex(F64, x0 + (long) i * incx), y, yOff, a, aOff + (long) i * lda);
        }
    }
}
