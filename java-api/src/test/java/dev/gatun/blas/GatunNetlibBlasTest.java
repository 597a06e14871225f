package dev.gatun.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatun.blas.netlib.GatunNetlibBlas;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The netlib adapter gives what netlib's JavaBLAS gives, for calls written against netlib:
 * Fortran argument strings, column-major, offsets, netlib's quick returns.
 */
class GatunNetlibBlasTest {
    private static final BLAS NETLIB = JavaBLAS.getInstance();

    private static double[] random(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        return v;
    }

    private static float[] randomF(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }

    @Test
    void sameResultsAsNetlibOnEveryGatunImplementation() {
        for (String name : new String[] {"java", "scalar"}) {
            BLAS gatun = new GatunNetlibBlas(Blas.get(name));
            Random r = new Random(11);
            // dgemm "t","N" with offsets: C(5x4) = A^T B, A stored 6x5 (lda 7), B 6x4 (ldb 6)
            double[] a = random(r, 2 + 7 * 5), b = random(r, 1 + 6 * 4), c = random(r, 3 + 5 * 4);
            double[] want = c.clone();
            NETLIB.dgemm("T", "N", 5, 4, 6, 1.5, a, 2, 7, b, 1, 6, 0.5, want, 3, 5);
            gatun.dgemm("t", "N", 5, 4, 6, 1.5, a, 2, 7, b, 1, 6, 0.5, c, 3, 5);
            assertArrayEquals(want, c, 1e-13, name + " dgemm");

            float[] af = randomF(r, 6 * 5), xf = randomF(r, 11), yf = randomF(r, 9); // op(A) = A^T: x has 6, y 5
            float[] wantY = yf.clone();
            NETLIB.sgemv("C", 6, 5, 0.5f, af, 6, xf, 2, -0.25f, wantY, 2);
            gatun.sgemv("C", 6, 5, 0.5f, af, 6, xf, 2, -0.25f, yf, 2);
            assertArrayEquals(wantY, yf, 1e-5f, name + " sgemv");

            double[] t = random(r, 4 * 4), bt = random(r, 4 * 3);
            for (int i = 0; i < 4; i++) {
                t[i * 4 + i] = 2 + i; // well-conditioned diagonal
            }
            double[] wantB = bt.clone();
            NETLIB.dtrsm("L", "l", "N", "N", 4, 3, 2.0, t, 4, wantB, 4);
            gatun.dtrsm("L", "l", "N", "N", 4, 3, 2.0, t, 4, bt, 4);
            assertArrayEquals(wantB, bt, 1e-12, name + " dtrsm");

            float[] as = randomF(r, 3 * 4), cs = randomF(r, 3 * 3);
            float[] wantC = cs.clone();
            NETLIB.ssyrk("U", "N", 3, 4, 1f, as, 3, 1f, wantC, 3);
            gatun.ssyrk("U", "N", 3, 4, 1f, as, 3, 1f, cs, 3);
            assertArrayEquals(wantC, cs, 1e-5f, name + " ssyrk");

            double[] x = random(r, 10), y = random(r, 10);
            assertEquals(NETLIB.ddot(5, x, 0, -2, y, 1, 1), gatun.ddot(5, x, 0, -2, y, 1, 1), 1e-14, name + " ddot, incx < 0");
            assertEquals(NETLIB.idamax(10, x, 1), gatun.idamax(10, x, 1), name + " idamax (0-based in netlib's Java API)");
            assertEquals(NETLIB.dnrm2(5, x, 0, 0), gatun.dnrm2(5, x, 0, 0), name + " dnrm2 with incx = 0: netlib's answer");
            double[] y0 = y.clone(), y1 = y.clone();
            NETLIB.daxpy(4, 2.0, x, 0, 0, y0, 0, 1);
            gatun.daxpy(4, 2.0, x, 0, 0, y1, 0, 1);
            assertArrayEquals(y0, y1, name + " daxpy with incx = 0 (x[0] broadcast, netlib's own loop)");
        }
    }

    @Test
    void badArgumentStringsNameTheArgument() {
        BLAS gatun = new GatunNetlibBlas(Blas.get("java"));
        var e = assertThrows(IllegalArgumentException.class, () ->
                gatun.sgemm("X", "N", 1, 1, 1, 1f, new float[1], 1, new float[1], 1, 0f, new float[1], 1));
        assertEquals("sgemm: transa='X' is not N, T or C", e.getMessage());
    }
}
