package dev.gatun.blas;

import static dev.gatun.blas.Buf.colMajor;
import static dev.gatun.blas.Buf.matrix;
import static dev.gatun.blas.Buf.randomMatrix;
import static dev.gatun.blas.Buf.randomVector;
import static dev.gatun.blas.Buf.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatun.blas.BlasCalls.Style;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every routine of a {@link Blas} against a reference (netlib's {@code JavaBLAS} where it is on
 * the class path), in float and double, on arrays and on off-heap segments, both layouts, every
 * transpose/side/uplo/diag, on random inputs and on the corners BLAS defines: empty sizes,
 * leading dimensions larger than needed, offsets, negative increments, alpha = 0, beta = 0 with
 * NaN in the output (which must be ignored), NaN in the triangle trsm must not read.
 *
 * <p>The implementation gets the operand in the case's layout, leading dimension, offset and
 * increment; the reference gets the same logical values column-major, packed, increment 1, so
 * the storage conventions themselves are checked against the plain definition in {@link Buf}.
 * Every operand is surrounded by guard values that must be intact afterwards.
 *
 * <p>Subclasses (here and in gatun-native's tests) name the implementation.
 */
public abstract class BlasContract {
    private static final Layout[] LAYOUTS = Layout.values();
    private static final Transpose[] TRANSPOSES = Transpose.values();
    private static final boolean[] PRECISIONS = {true, false}; // single, double
    private static final Style[] STYLES = Style.values();

    /** The implementation under test. */
    protected abstract Blas blas();

    /** The reference: netlib's JavaBLAS when it is on the class path, else our scalar loops. */
    protected Blas reference() {
        return References.best();
    }

    // ================================================================ level 1

    private static final int[] SIZES_1 = {0, 1, 7, 33, 100};
    private static final int[][] INCS_2 = {{1, 1}, {-1, -1}, {2, -3}, {-2, 1}, {3, 3}};

    @Test
    void dotAxpyCopySwap() {
        Random r = new Random(1);
        for (boolean single : PRECISIONS) {
            for (Style st : STYLES) {
                for (int n : SIZES_1) {
                    for (int[] inc : INCS_2) {
                        for (double alpha : new double[] {0, -1.25}) {
                            String what = (single ? "s" : "d") + " " + st + " n=" + n + " incx=" + inc[0] + " incy=" + inc[1];
                            double[] xv = randomVector(r, n, single), yv = randomVector(r, n, single);
                            int xOff = r.nextInt(3), yOff = r.nextInt(3);
                            Buf x = vector(single, xv, xOff, inc[0]), y = vector(single, yv, yOff, inc[1]);

                            double got = BlasCalls.dot(blas(), st, n, x, xOff, inc[0], y, yOff, inc[1]);
                            double want = BlasCalls.dot(reference(), Style.ARRAY, n, vector(single, xv, 0, 1), 0, 1,
                                    vector(single, yv, 0, 1), 0, 1);
                            assertClose("dot " + what, new double[] {want}, new double[] {got}, tolerance(single, n));

                            BlasCalls.axpy(blas(), st, n, alpha, x, xOff, inc[0], y, yOff, inc[1]);
                            Buf yRef = vector(single, yv, 0, 1);
                            BlasCalls.axpy(reference(), Style.ARRAY, n, alpha, vector(single, xv, 0, 1), 0, 1, yRef, 0, 1);
                            assertClose("axpy alpha=" + alpha + " " + what, yRef.readVector(0, n, 1),
                                    y.readVector(yOff, n, inc[1]), tolerance(single, 1));
                            assertGuards("axpy " + what, x, y);

                            double[] yNow = y.readVector(yOff, n, inc[1]);
                            BlasCalls.copyOrSwap(blas(), st, true, n, x, xOff, inc[0], y, yOff, inc[1]);
                            assertEquals(Arrays.toString(xv), Arrays.toString(y.readVector(yOff, n, inc[1])), "swap y " + what);
                            assertEquals(Arrays.toString(yNow), Arrays.toString(x.readVector(xOff, n, inc[0])), "swap x " + what);
                            BlasCalls.copyOrSwap(blas(), st, false, n, y, yOff, inc[1], x, xOff, inc[0]);
                            assertEquals(Arrays.toString(xv), Arrays.toString(x.readVector(xOff, n, inc[0])), "copy " + what);
                            assertGuards("swap/copy " + what, x, y);
                        }
                    }
                }
            }
        }
    }

    @Test
    void nrm2AsumIamaxScal() {
        Random r = new Random(2);
        for (boolean single : PRECISIONS) {
            for (Style st : STYLES) {
                for (int n : SIZES_1) {
                    for (int inc : new int[] {1, 3}) {
                        String what = (single ? "s" : "d") + " " + st + " n=" + n + " incx=" + inc;
                        double[] xv = randomVector(r, n, single);
                        int off = r.nextInt(3);
                        Buf x = vector(single, xv, off, inc);
                        Buf canon = vector(single, xv, 0, 1);
                        assertClose("nrm2 " + what, new double[] {BlasCalls.nrm2(reference(), Style.ARRAY, n, canon, 0, 1)},
                                new double[] {BlasCalls.nrm2(blas(), st, n, x, off, inc)}, tolerance(single, n));
                        assertClose("asum " + what, new double[] {BlasCalls.asum(reference(), Style.ARRAY, n, canon, 0, 1)},
                                new double[] {BlasCalls.asum(blas(), st, n, x, off, inc)}, tolerance(single, n));
                        assertEquals(BlasCalls.iamax(reference(), Style.ARRAY, n, canon, 0, 1), BlasCalls.iamax(blas(), st, n, x, off, inc),
                                "iamax " + what);
                        for (double alpha : new double[] {0.75, 0}) {
                            Buf xs = vector(single, xv, off, inc);
                            Buf ref = vector(single, xv, 0, 1);
                            BlasCalls.scal(blas(), st, n, alpha, xs, off, inc);
                            BlasCalls.scal(reference(), Style.ARRAY, n, alpha, ref, 0, 1);
                            assertClose("scal alpha=" + alpha + " " + what, ref.readVector(0, n, 1), xs.readVector(off, n, inc), 0);
                            assertGuards("scal " + what, xs);
                        }
                    }
                }
            }
        }
        assertEquals(-1, blas().isamax(0, new float[0], 0, 1), "isamax of nothing");
    }

    /** nrm2 must not overflow or underflow where the norm itself is representable. */
    @Test
    void nrm2OfHugeAndTinyElements() {
        for (double scale : new double[] {1e30, 1e-30}) {
            float[] xs = {(float) (3 * scale), (float) (4 * scale)};
            assertEquals(5 * scale, blas().snrm2(2, xs, 0, 1), 5 * scale * 1e-6, "snrm2 at scale " + scale);
        }
        for (double scale : new double[] {1e300, 1e-300}) {
            double[] xd = {3 * scale, 4 * scale};
            assertEquals(5 * scale, blas().dnrm2(2, xd, 0, 1), 5 * scale * 1e-14, "dnrm2 at scale " + scale);
        }
    }

    // ================================================================ level 2

    private static final int[][] SIZES_2 = {{0, 3}, {3, 0}, {1, 1}, {5, 7}, {33, 17}, {4, 70}};
    private static final double[][] ALPHA_BETA = {{1.3, 0}, {0.7, -1.1}, {0, 0.5}, {0, 0}};

    @Test
    void gemv() {
        Random r = new Random(3);
        for (boolean single : PRECISIONS) {
            for (Style st : STYLES) {
                for (Layout l : LAYOUTS) {
                    for (Transpose t : TRANSPOSES) {
                        for (int[] mn : SIZES_2) {
                            for (int[] inc : new int[][] {{1, 1}, {-2, 3}}) {
                                for (double[] ab : ALPHA_BETA) {
                                    int m = mn[0], n = mn[1], lenx = t.transposed() ? m : n, leny = t.transposed() ? n : m;
                                    int ld = Math.max(1, l == Layout.ROW_MAJOR ? n : m) + r.nextInt(3);
                                    String what = (single ? "s" : "d") + " " + st + " " + l + " " + t + " m=" + m + " n=" + n
                                            + " lda=" + ld + " inc=" + Arrays.toString(inc) + " alpha=" + ab[0] + " beta=" + ab[1];
                                    double[][] av = randomMatrix(r, m, n, single);
                                    double[] xv = randomVector(r, lenx, single), yv = randomVector(r, leny, single);
                                    if (ab[1] == 0) {
                                        Arrays.fill(yv, Double.NaN); // beta == 0: y is written, never read
                                    }
                                    int aOff = r.nextInt(3), xOff = r.nextInt(3), yOff = r.nextInt(3);
                                    Buf a = matrix(single, av, l, aOff, ld), x = vector(single, xv, xOff, inc[0]);
                                    Buf y = vector(single, yv, yOff, inc[1]);
                                    BlasCalls.gemv(blas(), st, l, t, m, n, ab[0], a, aOff, ld, x, xOff, inc[0], ab[1], y, yOff, inc[1]);
                                    Buf yRef = vector(single, yv, 0, 1);
                                    BlasCalls.gemv(reference(), Style.ARRAY, Layout.COL_MAJOR, t, m, n, ab[0], colMajor(single, av), 0,
                                            Math.max(1, m), vector(single, xv, 0, 1), 0, 1, ab[1], yRef, 0, 1);
                                    assertClose("gemv " + what, yRef.readVector(0, leny, 1), y.readVector(yOff, leny, inc[1]),
                                            tolerance(single, lenx));
                                    assertGuards("gemv " + what, a, x, y);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void ger() {
        Random r = new Random(4);
        for (boolean single : PRECISIONS) {
            for (Style st : STYLES) {
                for (Layout l : LAYOUTS) {
                    for (int[] mn : SIZES_2) {
                        for (int[] inc : new int[][] {{1, 1}, {2, -1}, {-3, 2}}) {
                            for (double alpha : new double[] {0.9, 0}) {
                                int m = mn[0], n = mn[1];
                                int ld = Math.max(1, l == Layout.ROW_MAJOR ? n : m) + r.nextInt(3);
                                String what = (single ? "s" : "d") + " " + st + " " + l + " m=" + m + " n=" + n + " lda=" + ld
                                        + " inc=" + Arrays.toString(inc) + " alpha=" + alpha;
                                double[][] av = randomMatrix(r, m, n, single);
                                double[] xv = randomVector(r, m, single), yv = randomVector(r, n, single);
                                int aOff = r.nextInt(3), xOff = r.nextInt(3), yOff = r.nextInt(3);
                                Buf a = matrix(single, av, l, aOff, ld), x = vector(single, xv, xOff, inc[0]);
                                Buf y = vector(single, yv, yOff, inc[1]);
                                BlasCalls.ger(blas(), st, l, m, n, alpha, x, xOff, inc[0], y, yOff, inc[1], a, aOff, ld);
                                Buf aRef = colMajor(single, av);
                                BlasCalls.ger(reference(), Style.ARRAY, Layout.COL_MAJOR, m, n, alpha, vector(single, xv, 0, 1), 0, 1,
                                        vector(single, yv, 0, 1), 0, 1, aRef, 0, Math.max(1, m));
                                assertClose("ger " + what, flat(aRef.readMatrix(Layout.COL_MAJOR, 0, Math.max(1, m), m, n)),
                                        flat(a.readMatrix(l, aOff, ld, m, n)), tolerance(single, 1));
                                assertGuards("ger " + what, a, x, y);
                            }
                        }
                    }
                }
            }
        }
    }

    // ================================================================ level 3

    private static final int[][] SIZES_GEMM = {{0, 2, 3}, {2, 0, 3}, {3, 2, 0}, {1, 1, 1}, {5, 7, 3}, {17, 33, 19}, {70, 65, 130}};

    @Test
    void gemm() {
        Random r = new Random(5);
        for (boolean single : PRECISIONS) {
            for (Style st : STYLES) {
                for (Layout l : LAYOUTS) {
                    for (Transpose ta : TRANSPOSES) {
                        for (Transpose tb : TRANSPOSES) {
                            for (int[] mnk : SIZES_GEMM) {
                                for (double[] ab : ALPHA_BETA) {
                                    checkGemm(r, single, st, l, ta, tb, mnk[0], mnk[1], mnk[2], ab[0], ab[1]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Past the blocking sizes of the Java kernels (KC 256, MC 128, several threads' bands). */
    @Test
    void gemmLargerThanOneBlock() {
        Random r = new Random(6);
        for (boolean single : PRECISIONS) {
            for (Layout l : LAYOUTS) {
                for (Transpose ta : TRANSPOSES) {
                    for (Transpose tb : TRANSPOSES) {
                        checkGemm(r, single, Style.ARRAY, l, ta, tb, 131, 150, 300, 0.5, 0);
                    }
                }
            }
            checkGemm(r, single, Style.SEGMENT, Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, 200, 190, 270, 1, 1);
        }
    }

    private void checkGemm(Random r, boolean single, Style st, Layout l, Transpose ta, Transpose tb,
                           int m, int n, int k, double alpha, double beta) {
        int ar = ta.transposed() ? k : m, ac = ta.transposed() ? m : k;
        int br = tb.transposed() ? n : k, bc = tb.transposed() ? k : n;
        int lda = Math.max(1, l == Layout.ROW_MAJOR ? ac : ar) + r.nextInt(3);
        int ldb = Math.max(1, l == Layout.ROW_MAJOR ? bc : br) + r.nextInt(3);
        int ldc = Math.max(1, l == Layout.ROW_MAJOR ? n : m) + r.nextInt(3);
        String what = (single ? "s" : "d") + " " + st + " " + l + " " + ta + " " + tb + " m=" + m + " n=" + n + " k=" + k
                + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc + " alpha=" + alpha + " beta=" + beta;
        double[][] av = randomMatrix(r, ar, ac, single), bv = randomMatrix(r, br, bc, single), cv = randomMatrix(r, m, n, single);
        if (beta == 0) {
            for (double[] row : cv) {
                Arrays.fill(row, Double.NaN);
            }
        }
        int aOff = r.nextInt(3), bOff = r.nextInt(3), cOff = r.nextInt(3);
        Buf a = matrix(single, av, l, aOff, lda), b = matrix(single, bv, l, bOff, ldb), c = matrix(single, cv, l, cOff, ldc);
        BlasCalls.gemm(blas(), st, l, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        Buf cRef = colMajor(single, cv);
        if (k == 0) { // netlib rejects k == 0; C = beta C is the same as a k == 1 product times alpha = 0
            k = 1;
            alpha = 0;
            ar = ta.transposed() ? k : m;
            br = tb.transposed() ? n : k;
            av = randomMatrix(r, ar, ta.transposed() ? m : k, single);
            bv = randomMatrix(r, br, tb.transposed() ? k : n, single);
        }
        BlasCalls.gemm(reference(), Style.ARRAY, Layout.COL_MAJOR, ta, tb, m, n, k, alpha, colMajor(single, av), 0, Math.max(1, ar),
                colMajor(single, bv), 0, Math.max(1, br), beta, cRef, 0, Math.max(1, m));
        assertClose("gemm " + what, flat(cRef.readMatrix(Layout.COL_MAJOR, 0, Math.max(1, m), m, n)),
                flat(c.readMatrix(l, cOff, ldc, m, n)), tolerance(single, k));
        assertGuards("gemm " + what, a, b, c);
    }

    @Test
    void trsm() {
        Random r = new Random(7);
        int[][] sizes = {{0, 3}, {3, 0}, {1, 1}, {6, 5}, {20, 33}};
        for (boolean single : PRECISIONS) {
            for (Style st : STYLES) {
                for (Layout l : LAYOUTS) {
                    for (Side side : Side.values()) {
                        for (Uplo uplo : Uplo.values()) {
                            for (Transpose t : TRANSPOSES) {
                                for (Diag diag : Diag.values()) {
                                    for (int[] mn : sizes) {
                                        for (double alpha : new double[] {1.2, 0}) {
                                            checkTrsm(r, single, st, l, side, uplo, t, diag, mn[0], mn[1], alpha);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A well-conditioned triangle (diagonal in [1, 2], off-diagonal within 1/order) with NaN
     * everywhere it must not be read: the other triangle, and the diagonal when {@link Diag#UNIT}.
     */
    private void checkTrsm(Random r, boolean single, Style st, Layout l, Side side, Uplo uplo, Transpose t, Diag diag,
                           int m, int n, double alpha) {
        int order = side == Side.LEFT ? m : n;
        double[][] av = new double[order][order];
        for (int i = 0; i < order; i++) {
            for (int j = 0; j < order; j++) {
                boolean stored = uplo == Uplo.UPPER ? j >= i : j <= i;
                double v = i == j ? 1 + r.nextDouble() : (2 * r.nextDouble() - 1) / order;
                av[i][j] = !stored || (i == j && diag == Diag.UNIT) ? Double.NaN : single ? (float) v : v;
            }
        }
        double[][] bv = randomMatrix(r, m, n, single);
        int lda = Math.max(1, order) + r.nextInt(3);
        int ldb = Math.max(1, l == Layout.ROW_MAJOR ? n : m) + r.nextInt(3);
        int aOff = r.nextInt(3), bOff = r.nextInt(3);
        String what = (single ? "s" : "d") + " " + st + " " + l + " " + side + " " + uplo + " " + t + " " + diag
                + " m=" + m + " n=" + n + " lda=" + lda + " ldb=" + ldb + " alpha=" + alpha;
        Buf a = matrix(single, av, l, aOff, lda), b = matrix(single, bv, l, bOff, ldb);
        BlasCalls.trsm(blas(), st, l, side, uplo, t, diag, m, n, alpha, a, aOff, lda, b, bOff, ldb);
        Buf bRef = colMajor(single, bv);
        BlasCalls.trsm(reference(), Style.ARRAY, Layout.COL_MAJOR, side, uplo, t, diag, m, n, alpha, colMajor(single, av), 0,
                Math.max(1, order), bRef, 0, Math.max(1, m));
        assertClose("trsm " + what, flat(bRef.readMatrix(Layout.COL_MAJOR, 0, Math.max(1, m), m, n)),
                flat(b.readMatrix(l, bOff, ldb, m, n)), tolerance(single, order));
        assertGuards("trsm " + what, a, b);
    }

    @Test
    void syrk() {
        Random r = new Random(8);
        int[][] sizes = {{0, 3}, {3, 0}, {1, 1}, {7, 5}, {33, 20}};
        for (boolean single : PRECISIONS) {
            for (Style st : STYLES) {
                for (Layout l : LAYOUTS) {
                    for (Uplo uplo : Uplo.values()) {
                        for (Transpose t : TRANSPOSES) {
                            for (int[] nk : sizes) {
                                for (double[] ab : ALPHA_BETA) {
                                    checkSyrk(r, single, st, l, uplo, t, nk[0], nk[1], ab[0], ab[1]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** With beta == 0, NaN fills only the triangle that is written; the other must come back as it was. */
    private void checkSyrk(Random r, boolean single, Style st, Layout l, Uplo uplo, Transpose t, int n, int k,
                           double alpha, double beta) {
        int ar = t.transposed() ? k : n, ac = t.transposed() ? n : k;
        int lda = Math.max(1, l == Layout.ROW_MAJOR ? ac : ar) + r.nextInt(3);
        int ldc = Math.max(1, n) + r.nextInt(3);
        double[][] av = randomMatrix(r, ar, ac, single), cv = randomMatrix(r, n, n, single);
        if (beta == 0) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (uplo == Uplo.UPPER ? j >= i : j <= i) {
                        cv[i][j] = Double.NaN;
                    }
                }
            }
        }
        int aOff = r.nextInt(3), cOff = r.nextInt(3);
        String what = (single ? "s" : "d") + " " + st + " " + l + " " + uplo + " " + t + " n=" + n + " k=" + k
                + " lda=" + lda + " ldc=" + ldc + " alpha=" + alpha + " beta=" + beta;
        Buf a = matrix(single, av, l, aOff, lda), c = matrix(single, cv, l, cOff, ldc);
        BlasCalls.syrk(blas(), st, l, uplo, t, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
        Buf cRef = colMajor(single, cv);
        if (k == 0) { // netlib rejects k == 0; C = beta C is the same as k == 1 times alpha = 0
            k = 1;
            alpha = 0;
            ar = t.transposed() ? k : n;
            av = randomMatrix(r, ar, t.transposed() ? n : k, single);
        }
        BlasCalls.syrk(reference(), Style.ARRAY, Layout.COL_MAJOR, uplo, t, n, k, alpha, colMajor(single, av), 0, Math.max(1, ar),
                beta, cRef, 0, Math.max(1, n));
        assertClose("syrk " + what, flat(cRef.readMatrix(Layout.COL_MAJOR, 0, Math.max(1, n), n, n)),
                flat(c.readMatrix(l, cOff, ldc, n, n)), tolerance(single, k));
        assertGuards("syrk " + what, a, c);
    }

    // ================================================================ bad arguments

    /** Checked before any work: the message names the routine and argument, and nothing is written. */
    @Test
    void badArgumentsThrowBeforeAnyWork() {
        Blas b = blas();
        float[] a = new float[12], bb = new float[12], c = new float[10];
        Arrays.fill(c, 7f);
        var e = assertThrows(IllegalArgumentException.class, () ->
                b.sgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, 4, 3, 3, 1f, a, 0, 2, bb, 0, 3, 0f, c, 0, 3));
        assertEquals("sgemm: lda=2 < max(1, 3): A is stored 4 x 3 row-major", e.getMessage());
        var o = assertThrows(IndexOutOfBoundsException.class, () ->
                b.sgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, 4, 3, 3, 1f, a, 0, 3, bb, 0, 3, 0f, c, 0, 3));
        assertEquals("sgemm: array c too short: needs 12 elements from offset 0, has 10", o.getMessage());
        for (float v : c) {
            assertEquals(7f, v, "c was written by a call that failed its checks");
        }
        expectMessage(IndexOutOfBoundsException.class, "dgemm: array b too short", () ->
                b.dgemm(Layout.COL_MAJOR, Transpose.TRANS, Transpose.NO_TRANS, 2, 2, 2, 1, new double[4], 0, 2,
                        new double[4], 1, 2, 0, new double[4], 0, 2));
        expectMessage(IllegalArgumentException.class, "sgemv: m=-1 < 0", () ->
                b.sgemv(Layout.ROW_MAJOR, Transpose.NO_TRANS, -1, 2, 1f, a, 0, 2, a, 0, 1, 0f, c, 0, 1));
        expectMessage(IllegalArgumentException.class, "daxpy: incy=0", () ->
                b.daxpy(2, 1, new double[2], 0, 1, new double[2], 0, 0));
        expectMessage(IllegalArgumentException.class, "snrm2: incx=-1 must be > 0", () -> b.snrm2(2, a, 0, -1));
        expectMessage(IndexOutOfBoundsException.class, "sdot: offset of array x is -1 < 0", () -> b.sdot(1, a, -1, 1, a, 0, 1));
        expectMessage(IndexOutOfBoundsException.class, "saxpy: array y too short: needs 7 elements from offset 6, has 12", () ->
                b.saxpy(4, 1f, a, 0, 1, a, 6, -2));
        expectMessage(NullPointerException.class, "sscal: array x is null", () -> b.sscal(1, 1f, (float[]) null, 0, 1));
        expectMessage(NullPointerException.class, "dtrsm: side is null", () ->
                b.dtrsm(Layout.ROW_MAJOR, null, Uplo.UPPER, Transpose.NO_TRANS, Diag.UNIT, 1, 1, 1, new double[1], 0, 1, new double[1], 0, 1));
        expectMessage(IllegalArgumentException.class, "strsm: ldb=1 < max(1, 2): B is stored 2 x 2 column-major", () ->
                b.strsm(Layout.COL_MAJOR, Side.LEFT, Uplo.UPPER, Transpose.NO_TRANS, Diag.UNIT, 2, 2, 1f, a, 0, 2, bb, 0, 1));
        expectMessage(IllegalArgumentException.class, "dsyrk: lda=2 < max(1, 3): A is stored 3 x 3 row-major", () ->
                b.dsyrk(Layout.ROW_MAJOR, Uplo.UPPER, Transpose.TRANS, 3, 3, 1, new double[9], 0, 2, 0, new double[9], 0, 3));
        expectMessage(IndexOutOfBoundsException.class, "sger: array a too short", () ->
                b.sger(Layout.ROW_MAJOR, 3, 3, 1f, a, 0, 1, a, 0, 1, c, 2, 3));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate(ValueLayout.JAVA_DOUBLE, 5);
            expectMessage(IndexOutOfBoundsException.class, "dgemm: segment c too short: needs 6 elements from offset 0, has 5", () ->
                    b.dgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, 2, 3, 1, 1, small, 0, 1, small, 0, 3,
                            0, small, 0, 3));
            MemorySegment readOnly = arena.allocate(ValueLayout.JAVA_FLOAT, 4).asReadOnly();
            expectMessage(IllegalArgumentException.class, "sscal: segment x is read-only", () -> b.sscal(4, 2f, readOnly, 0, 1));
        }
    }

    /** Empty operands need no memory: zero-length arrays are fine, ld still has to be valid. */
    @Test
    void emptySizesReturnAtOnce() {
        Blas b = blas();
        float[] none = new float[0];
        b.sgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, 0, 0, 3, 1f, none, 0, 3, none, 0, 1, 0f, none, 0, 1);
        b.sgemv(Layout.COL_MAJOR, Transpose.TRANS, 0, 0, 1f, none, 0, 1, none, 0, 1, 0f, none, 0, 1);
        b.saxpy(0, 1f, none, 0, 1, none, 0, 1);
        assertEquals(0f, b.sdot(0, none, 0, 1, none, 0, 1));
        assertEquals(0f, b.snrm2(0, none, 0, 1));
        b.ssyrk(Layout.ROW_MAJOR, Uplo.LOWER, Transpose.NO_TRANS, 0, 4, 1f, none, 0, 4, 0f, none, 0, 1);
        b.strsm(Layout.ROW_MAJOR, Side.RIGHT, Uplo.LOWER, Transpose.NO_TRANS, Diag.UNIT, 3, 0, 1f, none, 0, 1, none, 0, 1);
        double[] c = {Double.NaN};
        b.dgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, 1, 1, 0, 1, new double[0], 0, 1, new double[0], 0, 1,
                1, c, 0, 1);
        assertTrue(Double.isNaN(c[0]), "k == 0 and beta == 1 leave C as it was");
        b.dgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, 1, 1, 0, 1, new double[0], 0, 1, new double[0], 0, 1,
                0, c, 0, 1);
        assertEquals(0d, c[0], "k == 0 and beta == 0: C = 0");
    }

    // ================================================================ helpers

    private static void expectMessage(Class<? extends RuntimeException> type, String start, Runnable call) {
        RuntimeException e = assertThrows(type, call::run);
        assertTrue(e.getMessage() != null && e.getMessage().startsWith(start),
                "expected a message starting with '" + start + "', got '" + e.getMessage() + "'");
    }

    /** Unit roundoff times a generous constant times the length of the sums involved. */
    private static double tolerance(boolean single, int depth) {
        return (single ? 0x1p-23 : 0x1p-52) * 16 * (depth + 2);
    }

    private static void assertClose(String what, double[] want, double[] got, double tol) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            boolean nan = Double.isNaN(want[i]);
            if (nan != Double.isNaN(got[i]) || !nan && Math.abs(want[i] - got[i]) > tol * (1 + Math.abs(want[i]))) {
                fail(what + ": element " + i + " is " + got[i] + ", reference " + want[i] + " (tolerance " + tol + ")");
            }
        }
    }

    private static void assertGuards(String what, Buf... bufs) {
        for (Buf b : bufs) {
            assertNull(b.guardBreach(), what);
        }
    }

    private static double[] flat(double[][] m) {
        return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    }
}
