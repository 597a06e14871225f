package dev.gatun.blas.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gatun.blas.Blas;
import dev.gatun.blas.BlasContract;
import dev.gatun.blas.Layout;
import dev.gatun.blas.Transpose;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * OpenBLAS through FFM against the reference, through the same contract as the Java
 * implementations (from gatun-api's test jar). The contract's sizes run the critical path for
 * arrays; the staged path (copy through the per-thread buffer) is forced below by sizes past
 * {@link OpenBlasBlas#CRITICAL_MAX_WORK}.
 */
class OpenBlasBlasTest extends BlasContract {
    @Override
    protected Blas blas() {
        return Blas.get("openblas");
    }

    @Test
    void isFoundThroughServiceLoaderAndChosenByDefault() {
        assertInstanceOf(OpenBlasBlas.class, blas());
        if (System.getProperty("gatun.blas") == null) {
            assertEquals("openblas", Blas.getInstance().name());
        }
    }

    /** Arrays big enough to be copied through HeapStaging, with offsets and lda > n: same as the Java gemm. */
    @Test
    void sbgemmMatchesTheScalarOracle() {
        dev.gatun.blas.SbgemmParity.check(dev.gatun.blas.Blas.get("openblas"), 3, 40);
    }

    @Test
    void stagedGemmMatchesTheCriticalOne() {
        int m = 300, n = 260, k = 230, lda = k + 3, ldb = n + 1, ldc = n + 2, off = 5;
        Random r = new Random(9);
        double[] a = new double[off + m * lda], b = new double[off + k * ldb], c = new double[off + m * ldc + 4];
        for (double[] v : new double[][] {a, b, c}) {
            for (int i = 0; i < v.length; i++) {
                v[i] = 2 * r.nextDouble() - 1;
            }
        }
        double[] want = c.clone();
        Blas.get("java").dgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, m, n, k, 0.5, a, off, lda, b, off, ldb,
                -1, want, off, ldc);
        blas().dgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, m, n, k, 0.5, a, off, lda, b, off, ldb,
                -1, c, off, ldc);
        for (int i = 0; i < c.length; i++) {
            assertEquals(want[i], c[i], 1e-11 * k, "element " + i);
        }
    }
}
