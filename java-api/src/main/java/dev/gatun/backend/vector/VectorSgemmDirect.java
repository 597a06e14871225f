package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.VectorSgemmKernel.LANES;
import static dev.gatun.backend.vector.VectorSgemmKernel.SPECIES;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The small-problem path of {@link VectorSgemm}: reads A and B where they are, without packing,
 * which costs more than it saves when the whole product is a few microseconds of work.
 */
final class VectorSgemmDirect {
    private VectorSgemmDirect() {}

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** C = alpha * op(A) op(B) + beta * C for k > 0; see VectorSgemm for the layout. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     MemorySegment a, long aOff, long lda, MemorySegment b, long bOff, long ldb,
                     float beta, MemorySegment c, long cOff, long ldc) {
        if (transB) {
            dots(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            rowCombinations(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * B stored k x n: row i of C is a combination of the rows of B, a vector of columns at a time.
     * Whole vectors go through plain loads; only the last partial vector is masked, in its own
     * method: masked loads in the main loop were not intrinsified here and ran the Vector API's
     * Java fallback (boxing every vector; 60% of a batch-1 LSTM call).
     */
    private static void rowCombinations(boolean transA, int m, int n, int k, float alpha,
                                        MemorySegment a, long aOff, long lda, MemorySegment b, long bOff, long ldb,
                                        float beta, MemorySegment c, long cOff, long ldc) {
        int full = n - n % LANES;
        for (int i = 0; i < m; i++) {
            long aRow = aOff + (transA ? i : i * lda), aStep = transA ? lda : 1;
            for (int j0 = 0; j0 < full; j0 += LANES) {
                FloatVector acc = FloatVector.zero(SPECIES);
                for (int p = 0; p < k; p++) {
                    float aip = a.getAtIndex(F32, aRow + p * aStep);
                    acc = FloatVector.fromMemorySegment(SPECIES, b, (bOff + p * ldb + j0) * Float.BYTES, ORDER)
                            .fma(FloatVector.broadcast(SPECIES, aip), acc);
                }
                long cAt = (cOff + i * ldc + j0) * Float.BYTES;
                FloatVector out = acc.mul(alpha);
                if (beta != 0f) {
                    out = FloatVector.fromMemorySegment(SPECIES, c, cAt, ORDER).fma(FloatVector.broadcast(SPECIES, beta), out);
                }
                out.intoMemorySegment(c, cAt, ORDER);
            }
            if (full < n) {
                rowCombinationTail(k, alpha, a, aRow, aStep, b, bOff, ldb, beta, c, cOff + i * ldc, full, n);
            }
        }
    }

    /** Columns [j0, n) of one row of C, fewer than a vector: masked. */
    private static void rowCombinationTail(int k, float alpha, MemorySegment a, long aRow, long aStep,
                                           MemorySegment b, long bOff, long ldb, float beta,
                                           MemorySegment c, long cRow, int j0, int n) {
        VectorMask<Float> inside = SPECIES.indexInRange(j0, n);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int p = 0; p < k; p++) {
            float aip = a.getAtIndex(F32, aRow + p * aStep);
            acc = FloatVector.fromMemorySegment(SPECIES, b, (bOff + p * ldb + j0) * Float.BYTES, ORDER, inside)
                    .fma(FloatVector.broadcast(SPECIES, aip), acc);
        }
        long cAt = (cRow + j0) * Float.BYTES;
        FloatVector out = acc.mul(alpha);
        if (beta != 0f) {
            out = FloatVector.fromMemorySegment(SPECIES, c, cAt, ORDER, inside).fma(FloatVector.broadcast(SPECIES, beta), out);
        }
        out.intoMemorySegment(c, cAt, ORDER, inside);
    }

    /** B stored n x k: C[i][j] is the dot product of row i of op(A) with row j of the stored B. */
    private static void dots(boolean transA, int m, int n, int k, float alpha,
                             MemorySegment a, long aOff, long lda, MemorySegment b, long bOff, long ldb,
                             float beta, MemorySegment c, long cOff, long ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float dot = transA
                        ? stridedDot(a, aOff + i, lda, b, bOff + j * ldb, k)
                        : contiguousDot(a, aOff + i * lda, b, bOff + j * ldb, k);
                long at = cOff + i * ldc + j;
                c.setAtIndex(F32, at, beta == 0f ? alpha * dot : alpha * dot + beta * c.getAtIndex(F32, at));
            }
        }
    }

    /** sum_p x[xOff + p] * y[yOff + p], both contiguous: plain loads, then a masked last vector. */
    private static float contiguousDot(MemorySegment x, long xOff, MemorySegment y, long yOff, int k) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int full = k - k % LANES;
        for (int p = 0; p < full; p += LANES) {
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, (xOff + p) * Float.BYTES, ORDER);
            FloatVector yv = FloatVector.fromMemorySegment(SPECIES, y, (yOff + p) * Float.BYTES, ORDER);
            acc = xv.fma(yv, acc);
        }
        if (full < k) {
            acc = maskedFma(x, xOff, y, yOff, full, k, acc);
        }
        return Lanes.sum(acc);
    }

    /** acc + x[p..k) * y[p..k) on the lanes that exist. */
    private static FloatVector maskedFma(MemorySegment x, long xOff, MemorySegment y, long yOff, int p, int k,
                                         FloatVector acc) {
        VectorMask<Float> inside = SPECIES.indexInRange(p, k);
        FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, (xOff + p) * Float.BYTES, ORDER, inside);
        FloatVector yv = FloatVector.fromMemorySegment(SPECIES, y, (yOff + p) * Float.BYTES, ORDER, inside);
        return xv.fma(yv, acc);
    }

    /** sum_p x[xOff + p*incX] * y[yOff + p]: A stored transposed, so its row has stride lda. */
    private static float stridedDot(MemorySegment x, long xOff, long incX, MemorySegment y, long yOff, int k) {
        float sum = 0f;
        for (int p = 0; p < k; p++) {
            sum += x.getAtIndex(F32, xOff + p * incX) * y.getAtIndex(F32, yOff + p);
        }
        return sum;
    }
}
