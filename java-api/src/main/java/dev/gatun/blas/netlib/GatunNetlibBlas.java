package dev.gatun.blas.netlib;

import dev.gatun.blas.Blas;
import dev.gatun.blas.Diag;
import dev.gatun.blas.Layout;
import dev.gatun.blas.Side;
import dev.gatun.blas.Transpose;
import dev.gatun.blas.Uplo;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;

/**
 * netlib's {@link BLAS} interface ({@code dev.ludovic.netlib:blas}, what Spark MLlib, Breeze and
 * others call) running on Gatun: code written against netlib uses Gatun unchanged.
 *
 * <pre>
 *   BLAS blas = GatunNetlibBlas.getInstance();   // instead of BLAS.getInstance()
 *   blas.dgemm("N", "T", m, n, k, 1.0, a, m, b, n, 0.0, c, m);
 * </pre>
 *
 * <p>On Gatun ({@link Blas#getInstance()}: OpenBLAS through FFM when gatun-native is on the class
 * path, else the Vector API): {@code ?dot ?nrm2 ?asum i?amax ?axpy ?scal ?copy ?swap ?gemv ?ger
 * ?gemm ?trsm ?syrk}, float and double, with and without offsets. netlib's calls are Fortran's:
 * column-major, transposes as "N"/"T"/"C" (either case), and {@code i?amax} 0-based as netlib's
 * own Java API has it. Argument errors throw Gatun's exceptions (naming the routine and the
 * argument) instead of netlib's.
 *
 * <p>Left to netlib's own {@link JavaBLAS#getInstance()}: the level-1 calls above when an
 * increment is 0 or, for the single-vector ones, negative, or n is negative (netlib's quick
 * returns); and every other routine: {@code sdsdot}, the rotations ({@code ?rot ?rotg ?rotm
 * ?rotmg}), banded, packed, symmetric and triangular level 2 ({@code ?gbmv ?sbmv ?spmv ?spr
 * ?spr2 ?symv ?syr ?syr2 ?tbmv ?tbsv ?tpmv ?tpsv ?trmv ?trsv}), level 3 {@code ?symm ?syr2k
 * ?trmm}, and {@code lsame}.
 */
public final class GatunNetlibBlas implements BLAS {
    private static final JavaBLAS FALLBACK = JavaBLAS.getInstance();

    private final Blas gatun;

    /** netlib's interface over the given Gatun implementation (e.g. {@code Blas.get("java")}). */
    public GatunNetlibBlas(Blas gatun) {
        this.gatun = gatun;
    }

    /** Over {@link Blas#getInstance()}. */
    public static GatunNetlibBlas getInstance() {
        return Default.INSTANCE;
    }

    private static final class Default {
        static final GatunNetlibBlas INSTANCE = new GatunNetlibBlas(Blas.getInstance());
    }

    private static Transpose trans(String routine, String name, String t) {
        if (t != null && t.length() == 1) {
            switch (t.charAt(0)) {
                case 'N', 'n' -> {
                    return Transpose.NO_TRANS;
                }
                case 'T', 't', 'C', 'c' -> {
                    return Transpose.TRANS;
                }
                default -> { }
            }
        }
        throw new IllegalArgumentException(routine + ": " + name + "='" + t + "' is not N, T or C");
    }

    private static Uplo uplo(String routine, String u) {
        if ("U".equalsIgnoreCase(u)) {
            return Uplo.UPPER;
        }
        if ("L".equalsIgnoreCase(u)) {
            return Uplo.LOWER;
        }
        throw new IllegalArgumentException(routine + ": uplo='" + u + "' is not U or L");
    }

    private static Side side(String routine, String s) {
        if ("L".equalsIgnoreCase(s)) {
            return Side.LEFT;
        }
        if ("R".equalsIgnoreCase(s)) {
            return Side.RIGHT;
        }
        throw new IllegalArgumentException(routine + ": side='" + s + "' is not L or R");
    }

    private static Diag diag(String routine, String d) {
        if ("N".equalsIgnoreCase(d)) {
            return Diag.NON_UNIT;
        }
        if ("U".equalsIgnoreCase(d)) {
            return Diag.UNIT;
        }
        throw new IllegalArgumentException(routine + ": diag='" + d + "' is not N or U");
    }

    /** Where netlib returns early and Gatun would refuse: leave those calls to netlib. */
    private static boolean netlibQuickReturn(int n, int incx) {
        return n < 0 || incx <= 0;
    }

    private static boolean netlibQuickReturn(int n, int incx, int incy) {
        return n < 0 || incx == 0 || incy == 0;
    }

    // ================================================================ level 1 on Gatun

    @Override
    public double dasum(int n, double[] x, int incx) {
        return dasum(n, x, 0, incx);
    }

    @Override
    public double dasum(int n, double[] x, int offsetx, int incx) {
        return netlibQuickReturn(n, incx) ? FALLBACK.dasum(n, x, offsetx, incx) : gatun.dasum(n, x, offsetx, incx);
    }

    @Override
    public float sasum(int n, float[] x, int incx) {
        return sasum(n, x, 0, incx);
    }

    @Override
    public float sasum(int n, float[] x, int offsetx, int incx) {
        return netlibQuickReturn(n, incx) ? FALLBACK.sasum(n, x, offsetx, incx) : gatun.sasum(n, x, offsetx, incx);
    }

    @Override
    public void daxpy(int n, double alpha, double[] x, int incx, double[] y, int incy) {
        daxpy(n, alpha, x, 0, incx, y, 0, incy);
    }

    @Override
    public void daxpy(int n, double alpha, double[] x, int offsetx, int incx, double[] y, int offsety, int incy) {
        if (netlibQuickReturn(n, incx, incy)) {
            FALLBACK.daxpy(n, alpha, x, offsetx, incx, y, offsety, incy);
        } else {
            gatun.daxpy(n, alpha, x, offsetx, incx, y, offsety, incy);
        }
    }

    @Override
    public void saxpy(int n, float alpha, float[] x, int incx, float[] y, int incy) {
        saxpy(n, alpha, x, 0, incx, y, 0, incy);
    }

    @Override
    public void saxpy(int n, float alpha, float[] x, int offsetx, int incx, float[] y, int offsety, int incy) {
        if (netlibQuickReturn(n, incx, incy)) {
            FALLBACK.saxpy(n, alpha, x, offsetx, incx, y, offsety, incy);
        } else {
            gatun.saxpy(n, alpha, x, offsetx, incx, y, offsety, incy);
        }
    }

    @Override
    public void dcopy(int n, double[] x, int incx, double[] y, int incy) {
        dcopy(n, x, 0, incx, y, 0, incy);
    }

    @Override
    public void dcopy(int n, double[] x, int offsetx, int incx, double[] y, int offsety, int incy) {
        if (netlibQuickReturn(n, incx, incy)) {
            FALLBACK.dcopy(n, x, offsetx, incx, y, offsety, incy);
        } else {
            gatun.dcopy(n, x, offsetx, incx, y, offsety, incy);
        }
    }

    @Override
    public void scopy(int n, float[] x, int incx, float[] y, int incy) {
        scopy(n, x, 0, incx, y, 0, incy);
    }

    @Override
    public void scopy(int n, float[] x, int offsetx, int incx, float[] y, int offsety, int incy) {
        if (netlibQuickReturn(n, incx, incy)) {
            FALLBACK.scopy(n, x, offsetx, incx, y, offsety, incy);
        } else {
            gatun.scopy(n, x, offsetx, incx, y, offsety, incy);
        }
    }

    @Override
    public double ddot(int n, double[] x, int incx, double[] y, int incy) {
        return ddot(n, x, 0, incx, y, 0, incy);
    }

    @Override
    public double ddot(int n, double[] x, int offsetx, int incx, double[] y, int offsety, int incy) {
        return netlibQuickReturn(n, incx, incy) ? FALLBACK.ddot(n, x, offsetx, incx, y, offsety, incy)
                : gatun.ddot(n, x, offsetx, incx, y, offsety, incy);
    }

    @Override
    public float sdot(int n, float[] x, int incx, float[] y, int incy) {
        return sdot(n, x, 0, incx, y, 0, incy);
    }

    @Override
    public float sdot(int n, float[] x, int offsetx, int incx, float[] y, int offsety, int incy) {
        return netlibQuickReturn(n, incx, incy) ? FALLBACK.sdot(n, x, offsetx, incx, y, offsety, incy)
                : gatun.sdot(n, x, offsetx, incx, y, offsety, incy);
    }

    @Override
    public double dnrm2(int n, double[] x, int incx) {
        return dnrm2(n, x, 0, incx);
    }

    @Override
    public double dnrm2(int n, double[] x, int offsetx, int incx) {
        return netlibQuickReturn(n, incx) ? FALLBACK.dnrm2(n, x, offsetx, incx) : gatun.dnrm2(n, x, offsetx, incx);
    }

    @Override
    public float snrm2(int n, float[] x, int incx) {
        return snrm2(n, x, 0, incx);
    }

    @Override
    public float snrm2(int n, float[] x, int offsetx, int incx) {
        return netlibQuickReturn(n, incx) ? FALLBACK.snrm2(n, x, offsetx, incx) : gatun.snrm2(n, x, offsetx, incx);
    }

    @Override
    public void dscal(int n, double alpha, double[] x, int incx) {
        dscal(n, alpha, x, 0, incx);
    }

    @Override
    public void dscal(int n, double alpha, double[] x, int offsetx, int incx) {
        if (netlibQuickReturn(n, incx)) {
            FALLBACK.dscal(n, alpha, x, offsetx, incx);
        } else {
            gatun.dscal(n, alpha, x, offsetx, incx);
        }
    }

    @Override
    public void sscal(int n, float alpha, float[] x, int incx) {
        sscal(n, alpha, x, 0, incx);
    }

    @Override
    public void sscal(int n, float alpha, float[] x, int offsetx, int incx) {
        if (netlibQuickReturn(n, incx)) {
            FALLBACK.sscal(n, alpha, x, offsetx, incx);
        } else {
            gatun.sscal(n, alpha, x, offsetx, incx);
        }
    }

    @Override
    public void dswap(int n, double[] x, int incx, double[] y, int incy) {
        dswap(n, x, 0, incx, y, 0, incy);
    }

    @Override
    public void dswap(int n, double[] x, int offsetx, int incx, double[] y, int offsety, int incy) {
        if (netlibQuickReturn(n, incx, incy)) {
            FALLBACK.dswap(n, x, offsetx, incx, y, offsety, incy);
        } else {
            gatun.dswap(n, x, offsetx, incx, y, offsety, incy);
        }
    }

    @Override
    public void sswap(int n, float[] x, int incx, float[] y, int incy) {
        sswap(n, x, 0, incx, y, 0, incy);
    }

    @Override
    public void sswap(int n, float[] x, int offsetx, int incx, float[] y, int offsety, int incy) {
        if (netlibQuickReturn(n, incx, incy)) {
            FALLBACK.sswap(n, x, offsetx, incx, y, offsety, incy);
        } else {
            gatun.sswap(n, x, offsetx, incx, y, offsety, incy);
        }
    }

    @Override
    public int idamax(int n, double[] x, int incx) {
        return idamax(n, x, 0, incx);
    }

    @Override
    public int idamax(int n, double[] x, int offsetx, int incx) {
        return netlibQuickReturn(n, incx) ? FALLBACK.idamax(n, x, offsetx, incx) : gatun.idamax(n, x, offsetx, incx);
    }

    @Override
    public int isamax(int n, float[] x, int incx) {
        return isamax(n, x, 0, incx);
    }

    @Override
    public int isamax(int n, float[] x, int offsetx, int incx) {
        return netlibQuickReturn(n, incx) ? FALLBACK.isamax(n, x, offsetx, incx) : gatun.isamax(n, x, offsetx, incx);
    }

    // ================================================================ level 2 on Gatun

    @Override
    public void dgemv(String trans, int m, int n, double alpha, double[] a, int lda, double[] x, int incx,
                      double beta, double[] y, int incy) {
        dgemv(trans, m, n, alpha, a, 0, lda, x, 0, incx, beta, y, 0, incy);
    }

    @Override
    public void dgemv(String trans, int m, int n, double alpha, double[] a, int offseta, int lda, double[] x, int offsetx,
                      int incx, double beta, double[] y, int offsety, int incy) {
        gatun.dgemv(Layout.COL_MAJOR, trans("dgemv", "trans", trans), m, n, alpha, a, offseta, lda, x, offsetx, incx,
                beta, y, offsety, incy);
    }

    @Override
    public void sgemv(String trans, int m, int n, float alpha, float[] a, int lda, float[] x, int incx,
                      float beta, float[] y, int incy) {
        sgemv(trans, m, n, alpha, a, 0, lda, x, 0, incx, beta, y, 0, incy);
    }

    @Override
    public void sgemv(String trans, int m, int n, float alpha, float[] a, int offseta, int lda, float[] x, int offsetx,
                      int incx, float beta, float[] y, int offsety, int incy) {
        gatun.sgemv(Layout.COL_MAJOR, trans("sgemv", "trans", trans), m, n, alpha, a, offseta, lda, x, offsetx, incx,
                beta, y, offsety, incy);
    }

    @Override
    public void dger(int m, int n, double alpha, double[] x, int incx, double[] y, int incy, double[] a, int lda) {
        dger(m, n, alpha, x, 0, incx, y, 0, incy, a, 0, lda);
    }

    @Override
    public void dger(int m, int n, double alpha, double[] x, int offsetx, int incx, double[] y, int offsety, int incy,
                     double[] a, int offseta, int lda) {
        gatun.dger(Layout.COL_MAJOR, m, n, alpha, x, offsetx, incx, y, offsety, incy, a, offseta, lda);
    }

    @Override
    public void sger(int m, int n, float alpha, float[] x, int incx, float[] y, int incy, float[] a, int lda) {
        sger(m, n, alpha, x, 0, incx, y, 0, incy, a, 0, lda);
    }

    @Override
    public void sger(int m, int n, float alpha, float[] x, int offsetx, int incx, float[] y, int offsety, int incy,
                     float[] a, int offseta, int lda) {
        gatun.sger(Layout.COL_MAJOR, m, n, alpha, x, offsetx, incx, y, offsety, incy, a, offseta, lda);
    }

    // ================================================================ level 3 on Gatun

    @Override
    public void dgemm(String transa, String transb, int m, int n, int k, double alpha, double[] a, int lda,
                      double[] b, int ldb, double beta, double[] c, int ldc) {
        dgemm(transa, transb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
    }

    @Override
    public void dgemm(String transa, String transb, int m, int n, int k, double alpha, double[] a, int offseta, int lda,
                      double[] b, int offsetb, int ldb, double beta, double[] c, int offsetc, int ldc) {
        gatun.dgemm(Layout.COL_MAJOR, trans("dgemm", "transa", transa), trans("dgemm", "transb", transb), m, n, k,
                alpha, a, offseta, lda, b, offsetb, ldb, beta, c, offsetc, ldc);
    }

    @Override
    public void sgemm(String transa, String transb, int m, int n, int k, float alpha, float[] a, int lda,
                      float[] b, int ldb, float beta, float[] c, int ldc) {
        sgemm(transa, transb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
    }

    @Override
    public void sgemm(String transa, String transb, int m, int n, int k, float alpha, float[] a, int offseta, int lda,
                      float[] b, int offsetb, int ldb, float beta, float[] c, int offsetc, int ldc) {
        gatun.sgemm(Layout.COL_MAJOR, trans("sgemm", "transa", transa), trans("sgemm", "transb", transb), m, n, k,
                alpha, a, offseta, lda, b, offsetb, ldb, beta, c, offsetc, ldc);
    }

    @Override
    public void dtrsm(String side, String uplo, String transa, String diag, int m, int n, double alpha,
                      double[] a, int lda, double[] b, int ldb) {
        dtrsm(side, uplo, transa, diag, m, n, alpha, a, 0, lda, b, 0, ldb);
    }

    @Override
    public void dtrsm(String side, String uplo, String transa, String diag, int m, int n, double alpha,
                      double[] a, int offseta, int lda, double[] b, int offsetb, int ldb) {
        gatun.dtrsm(Layout.COL_MAJOR, side("dtrsm", side), uplo("dtrsm", uplo), trans("dtrsm", "transa", transa),
                diag("dtrsm", diag), m, n, alpha, a, offseta, lda, b, offsetb, ldb);
    }

    @Override
    public void strsm(String side, String uplo, String transa, String diag, int m, int n, float alpha,
                      float[] a, int lda, float[] b, int ldb) {
        strsm(side, uplo, transa, diag, m, n, alpha, a, 0, lda, b, 0, ldb);
    }

    @Override
    public void strsm(String side, String uplo, String transa, String diag, int m, int n, float alpha,
                      float[] a, int offseta, int lda, float[] b, int offsetb, int ldb) {
        gatun.strsm(Layout.COL_MAJOR, side("strsm", side), uplo("strsm", uplo), trans("strsm", "transa", transa),
                diag("strsm", diag), m, n, alpha, a, offseta, lda, b, offsetb, ldb);
    }

    @Override
    public void dsyrk(String uplo, String trans, int n, int k, double alpha, double[] a, int lda,
                      double beta, double[] c, int ldc) {
        dsyrk(uplo, trans, n, k, alpha, a, 0, lda, beta, c, 0, ldc);
    }

    @Override
    public void dsyrk(String uplo, String trans, int n, int k, double alpha, double[] a, int offseta, int lda,
                      double beta, double[] c, int offsetc, int ldc) {
        gatun.dsyrk(Layout.COL_MAJOR, uplo("dsyrk", uplo), trans("dsyrk", "trans", trans), n, k, alpha, a, offseta, lda,
                beta, c, offsetc, ldc);
    }

    @Override
    public void ssyrk(String uplo, String trans, int n, int k, float alpha, float[] a, int lda,
                      float beta, float[] c, int ldc) {
        ssyrk(uplo, trans, n, k, alpha, a, 0, lda, beta, c, 0, ldc);
    }

    @Override
    public void ssyrk(String uplo, String trans, int n, int k, float alpha, float[] a, int offseta, int lda,
                      float beta, float[] c, int offsetc, int ldc) {
        gatun.ssyrk(Layout.COL_MAJOR, uplo("ssyrk", uplo), trans("ssyrk", "trans", trans), n, k, alpha, a, offseta, lda,
                beta, c, offsetc, ldc);
    }

    // ================================================================ the rest: netlib's own JavaBLAS
    // Forwarded unchanged (parameters as in dev.ludovic.netlib.blas.BLAS, in order).

    @Override
    public float sdsdot(int p1, float p2, float[] p3, int p4, float[] p5, int p6) {
        return FALLBACK.sdsdot(p1, p2, p3, p4, p5, p6);
    }

    @Override
    public float sdsdot(int p1, float p2, float[] p3, int p4, int p5, float[] p6, int p7, int p8) {
        return FALLBACK.sdsdot(p1, p2, p3, p4, p5, p6, p7, p8);
    }

    @Override
    public void dgbmv(String p1, int p2, int p3, int p4, int p5, double p6, double[] p7, int p8, double[] p9, int p10, double p11, double[] p12, int p13) {
        FALLBACK.dgbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13);
    }

    @Override
    public void dgbmv(String p1, int p2, int p3, int p4, int p5, double p6, double[] p7, int p8, int p9, double[] p10, int p11, int p12, double p13, double[] p14, int p15, int p16) {
        FALLBACK.dgbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16);
    }

    @Override
    public void sgbmv(String p1, int p2, int p3, int p4, int p5, float p6, float[] p7, int p8, float[] p9, int p10, float p11, float[] p12, int p13) {
        FALLBACK.sgbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13);
    }

    @Override
    public void sgbmv(String p1, int p2, int p3, int p4, int p5, float p6, float[] p7, int p8, int p9, float[] p10, int p11, int p12, float p13, float[] p14, int p15, int p16) {
        FALLBACK.sgbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16);
    }

    @Override
    public void drot(int p1, double[] p2, int p3, double[] p4, int p5, double p6, double p7) {
        FALLBACK.drot(p1, p2, p3, p4, p5, p6, p7);
    }

    @Override
    public void drot(int p1, double[] p2, int p3, int p4, double[] p5, int p6, int p7, double p8, double p9) {
        FALLBACK.drot(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void srot(int p1, float[] p2, int p3, float[] p4, int p5, float p6, float p7) {
        FALLBACK.srot(p1, p2, p3, p4, p5, p6, p7);
    }

    @Override
    public void srot(int p1, float[] p2, int p3, int p4, float[] p5, int p6, int p7, float p8, float p9) {
        FALLBACK.srot(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void drotg(org.netlib.util.doubleW p1, org.netlib.util.doubleW p2, org.netlib.util.doubleW p3, org.netlib.util.doubleW p4) {
        FALLBACK.drotg(p1, p2, p3, p4);
    }

    @Override
    public void srotg(org.netlib.util.floatW p1, org.netlib.util.floatW p2, org.netlib.util.floatW p3, org.netlib.util.floatW p4) {
        FALLBACK.srotg(p1, p2, p3, p4);
    }

    @Override
    public void drotm(int p1, double[] p2, int p3, double[] p4, int p5, double[] p6) {
        FALLBACK.drotm(p1, p2, p3, p4, p5, p6);
    }

    @Override
    public void drotm(int p1, double[] p2, int p3, int p4, double[] p5, int p6, int p7, double[] p8, int p9) {
        FALLBACK.drotm(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void srotm(int p1, float[] p2, int p3, float[] p4, int p5, float[] p6) {
        FALLBACK.srotm(p1, p2, p3, p4, p5, p6);
    }

    @Override
    public void srotm(int p1, float[] p2, int p3, int p4, float[] p5, int p6, int p7, float[] p8, int p9) {
        FALLBACK.srotm(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void drotmg(org.netlib.util.doubleW p1, org.netlib.util.doubleW p2, org.netlib.util.doubleW p3, double p4, double[] p5) {
        FALLBACK.drotmg(p1, p2, p3, p4, p5);
    }

    @Override
    public void drotmg(org.netlib.util.doubleW p1, org.netlib.util.doubleW p2, org.netlib.util.doubleW p3, double p4, double[] p5, int p6) {
        FALLBACK.drotmg(p1, p2, p3, p4, p5, p6);
    }

    @Override
    public void srotmg(org.netlib.util.floatW p1, org.netlib.util.floatW p2, org.netlib.util.floatW p3, float p4, float[] p5) {
        FALLBACK.srotmg(p1, p2, p3, p4, p5);
    }

    @Override
    public void srotmg(org.netlib.util.floatW p1, org.netlib.util.floatW p2, org.netlib.util.floatW p3, float p4, float[] p5, int p6) {
        FALLBACK.srotmg(p1, p2, p3, p4, p5, p6);
    }

    @Override
    public void dsbmv(String p1, int p2, int p3, double p4, double[] p5, int p6, double[] p7, int p8, double p9, double[] p10, int p11) {
        FALLBACK.dsbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11);
    }

    @Override
    public void dsbmv(String p1, int p2, int p3, double p4, double[] p5, int p6, int p7, double[] p8, int p9, int p10, double p11, double[] p12, int p13, int p14) {
        FALLBACK.dsbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14);
    }

    @Override
    public void ssbmv(String p1, int p2, int p3, float p4, float[] p5, int p6, float[] p7, int p8, float p9, float[] p10, int p11) {
        FALLBACK.ssbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11);
    }

    @Override
    public void ssbmv(String p1, int p2, int p3, float p4, float[] p5, int p6, int p7, float[] p8, int p9, int p10, float p11, float[] p12, int p13, int p14) {
        FALLBACK.ssbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14);
    }

    @Override
    public void dspmv(String p1, int p2, double p3, double[] p4, double[] p5, int p6, double p7, double[] p8, int p9) {
        FALLBACK.dspmv(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void dspmv(String p1, int p2, double p3, double[] p4, int p5, double[] p6, int p7, int p8, double p9, double[] p10, int p11, int p12) {
        FALLBACK.dspmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12);
    }

    @Override
    public void sspmv(String p1, int p2, float p3, float[] p4, float[] p5, int p6, float p7, float[] p8, int p9) {
        FALLBACK.sspmv(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void sspmv(String p1, int p2, float p3, float[] p4, int p5, float[] p6, int p7, int p8, float p9, float[] p10, int p11, int p12) {
        FALLBACK.sspmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12);
    }

    @Override
    public void dspr(String p1, int p2, double p3, double[] p4, int p5, double[] p6) {
        FALLBACK.dspr(p1, p2, p3, p4, p5, p6);
    }

    @Override
    public void dspr(String p1, int p2, double p3, double[] p4, int p5, int p6, double[] p7, int p8) {
        FALLBACK.dspr(p1, p2, p3, p4, p5, p6, p7, p8);
    }

    @Override
    public void sspr(String p1, int p2, float p3, float[] p4, int p5, float[] p6) {
        FALLBACK.sspr(p1, p2, p3, p4, p5, p6);
    }

    @Override
    public void sspr(String p1, int p2, float p3, float[] p4, int p5, int p6, float[] p7, int p8) {
        FALLBACK.sspr(p1, p2, p3, p4, p5, p6, p7, p8);
    }

    @Override
    public void dspr2(String p1, int p2, double p3, double[] p4, int p5, double[] p6, int p7, double[] p8) {
        FALLBACK.dspr2(p1, p2, p3, p4, p5, p6, p7, p8);
    }

    @Override
    public void dspr2(String p1, int p2, double p3, double[] p4, int p5, int p6, double[] p7, int p8, int p9, double[] p10, int p11) {
        FALLBACK.dspr2(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11);
    }

    @Override
    public void sspr2(String p1, int p2, float p3, float[] p4, int p5, float[] p6, int p7, float[] p8) {
        FALLBACK.sspr2(p1, p2, p3, p4, p5, p6, p7, p8);
    }

    @Override
    public void sspr2(String p1, int p2, float p3, float[] p4, int p5, int p6, float[] p7, int p8, int p9, float[] p10, int p11) {
        FALLBACK.sspr2(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11);
    }

    @Override
    public void dsymm(String p1, String p2, int p3, int p4, double p5, double[] p6, int p7, double[] p8, int p9, double p10, double[] p11, int p12) {
        FALLBACK.dsymm(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12);
    }

    @Override
    public void dsymm(String p1, String p2, int p3, int p4, double p5, double[] p6, int p7, int p8, double[] p9, int p10, int p11, double p12, double[] p13, int p14, int p15) {
        FALLBACK.dsymm(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15);
    }

    @Override
    public void ssymm(String p1, String p2, int p3, int p4, float p5, float[] p6, int p7, float[] p8, int p9, float p10, float[] p11, int p12) {
        FALLBACK.ssymm(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12);
    }

    @Override
    public void ssymm(String p1, String p2, int p3, int p4, float p5, float[] p6, int p7, int p8, float[] p9, int p10, int p11, float p12, float[] p13, int p14, int p15) {
        FALLBACK.ssymm(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15);
    }

    @Override
    public void dsymv(String p1, int p2, double p3, double[] p4, int p5, double[] p6, int p7, double p8, double[] p9, int p10) {
        FALLBACK.dsymv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10);
    }

    @Override
    public void dsymv(String p1, int p2, double p3, double[] p4, int p5, int p6, double[] p7, int p8, int p9, double p10, double[] p11, int p12, int p13) {
        FALLBACK.dsymv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13);
    }

    @Override
    public void ssymv(String p1, int p2, float p3, float[] p4, int p5, float[] p6, int p7, float p8, float[] p9, int p10) {
        FALLBACK.ssymv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10);
    }

    @Override
    public void ssymv(String p1, int p2, float p3, float[] p4, int p5, int p6, float[] p7, int p8, int p9, float p10, float[] p11, int p12, int p13) {
        FALLBACK.ssymv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13);
    }

    @Override
    public void dsyr(String p1, int p2, double p3, double[] p4, int p5, double[] p6, int p7) {
        FALLBACK.dsyr(p1, p2, p3, p4, p5, p6, p7);
    }

    @Override
    public void dsyr(String p1, int p2, double p3, double[] p4, int p5, int p6, double[] p7, int p8, int p9) {
        FALLBACK.dsyr(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void ssyr(String p1, int p2, float p3, float[] p4, int p5, float[] p6, int p7) {
        FALLBACK.ssyr(p1, p2, p3, p4, p5, p6, p7);
    }

    @Override
    public void ssyr(String p1, int p2, float p3, float[] p4, int p5, int p6, float[] p7, int p8, int p9) {
        FALLBACK.ssyr(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void dsyr2(String p1, int p2, double p3, double[] p4, int p5, double[] p6, int p7, double[] p8, int p9) {
        FALLBACK.dsyr2(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void dsyr2(String p1, int p2, double p3, double[] p4, int p5, int p6, double[] p7, int p8, int p9, double[] p10, int p11, int p12) {
        FALLBACK.dsyr2(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12);
    }

    @Override
    public void ssyr2(String p1, int p2, float p3, float[] p4, int p5, float[] p6, int p7, float[] p8, int p9) {
        FALLBACK.ssyr2(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void ssyr2(String p1, int p2, float p3, float[] p4, int p5, int p6, float[] p7, int p8, int p9, float[] p10, int p11, int p12) {
        FALLBACK.ssyr2(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12);
    }

    @Override
    public void dsyr2k(String p1, String p2, int p3, int p4, double p5, double[] p6, int p7, double[] p8, int p9, double p10, double[] p11, int p12) {
        FALLBACK.dsyr2k(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12);
    }

    @Override
    public void dsyr2k(String p1, String p2, int p3, int p4, double p5, double[] p6, int p7, int p8, double[] p9, int p10, int p11, double p12, double[] p13, int p14, int p15) {
        FALLBACK.dsyr2k(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15);
    }

    @Override
    public void ssyr2k(String p1, String p2, int p3, int p4, float p5, float[] p6, int p7, float[] p8, int p9, float p10, float[] p11, int p12) {
        FALLBACK.ssyr2k(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12);
    }

    @Override
    public void ssyr2k(String p1, String p2, int p3, int p4, float p5, float[] p6, int p7, int p8, float[] p9, int p10, int p11, float p12, float[] p13, int p14, int p15) {
        FALLBACK.ssyr2k(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15);
    }

    @Override
    public void dtbmv(String p1, String p2, String p3, int p4, int p5, double[] p6, int p7, double[] p8, int p9) {
        FALLBACK.dtbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void dtbmv(String p1, String p2, String p3, int p4, int p5, double[] p6, int p7, int p8, double[] p9, int p10, int p11) {
        FALLBACK.dtbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11);
    }

    @Override
    public void stbmv(String p1, String p2, String p3, int p4, int p5, float[] p6, int p7, float[] p8, int p9) {
        FALLBACK.stbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void stbmv(String p1, String p2, String p3, int p4, int p5, float[] p6, int p7, int p8, float[] p9, int p10, int p11) {
        FALLBACK.stbmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11);
    }

    @Override
    public void dtbsv(String p1, String p2, String p3, int p4, int p5, double[] p6, int p7, double[] p8, int p9) {
        FALLBACK.dtbsv(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void dtbsv(String p1, String p2, String p3, int p4, int p5, double[] p6, int p7, int p8, double[] p9, int p10, int p11) {
        FALLBACK.dtbsv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11);
    }

    @Override
    public void stbsv(String p1, String p2, String p3, int p4, int p5, float[] p6, int p7, float[] p8, int p9) {
        FALLBACK.stbsv(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void stbsv(String p1, String p2, String p3, int p4, int p5, float[] p6, int p7, int p8, float[] p9, int p10, int p11) {
        FALLBACK.stbsv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11);
    }

    @Override
    public void dtpmv(String p1, String p2, String p3, int p4, double[] p5, double[] p6, int p7) {
        FALLBACK.dtpmv(p1, p2, p3, p4, p5, p6, p7);
    }

    @Override
    public void dtpmv(String p1, String p2, String p3, int p4, double[] p5, int p6, double[] p7, int p8, int p9) {
        FALLBACK.dtpmv(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void stpmv(String p1, String p2, String p3, int p4, float[] p5, float[] p6, int p7) {
        FALLBACK.stpmv(p1, p2, p3, p4, p5, p6, p7);
    }

    @Override
    public void stpmv(String p1, String p2, String p3, int p4, float[] p5, int p6, float[] p7, int p8, int p9) {
        FALLBACK.stpmv(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void dtpsv(String p1, String p2, String p3, int p4, double[] p5, double[] p6, int p7) {
        FALLBACK.dtpsv(p1, p2, p3, p4, p5, p6, p7);
    }

    @Override
    public void dtpsv(String p1, String p2, String p3, int p4, double[] p5, int p6, double[] p7, int p8, int p9) {
        FALLBACK.dtpsv(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void stpsv(String p1, String p2, String p3, int p4, float[] p5, float[] p6, int p7) {
        FALLBACK.stpsv(p1, p2, p3, p4, p5, p6, p7);
    }

    @Override
    public void stpsv(String p1, String p2, String p3, int p4, float[] p5, int p6, float[] p7, int p8, int p9) {
        FALLBACK.stpsv(p1, p2, p3, p4, p5, p6, p7, p8, p9);
    }

    @Override
    public void dtrmm(String p1, String p2, String p3, String p4, int p5, int p6, double p7, double[] p8, int p9, double[] p10, int p11) {
        FALLBACK.dtrmm(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11);
    }

    @Override
    public void dtrmm(String p1, String p2, String p3, String p4, int p5, int p6, double p7, double[] p8, int p9, int p10, double[] p11, int p12, int p13) {
        FALLBACK.dtrmm(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13);
    }

    @Override
    public void strmm(String p1, String p2, String p3, String p4, int p5, int p6, float p7, float[] p8, int p9, float[] p10, int p11) {
        FALLBACK.strmm(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11);
    }

    @Override
    public void strmm(String p1, String p2, String p3, String p4, int p5, int p6, float p7, float[] p8, int p9, int p10, float[] p11, int p12, int p13) {
        FALLBACK.strmm(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13);
    }

    @Override
    public void dtrmv(String p1, String p2, String p3, int p4, double[] p5, int p6, double[] p7, int p8) {
        FALLBACK.dtrmv(p1, p2, p3, p4, p5, p6, p7, p8);
    }

    @Override
    public void dtrmv(String p1, String p2, String p3, int p4, double[] p5, int p6, int p7, double[] p8, int p9, int p10) {
        FALLBACK.dtrmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10);
    }

    @Override
    public void strmv(String p1, String p2, String p3, int p4, float[] p5, int p6, float[] p7, int p8) {
        FALLBACK.strmv(p1, p2, p3, p4, p5, p6, p7, p8);
    }

    @Override
    public void strmv(String p1, String p2, String p3, int p4, float[] p5, int p6, int p7, float[] p8, int p9, int p10) {
        FALLBACK.strmv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10);
    }

    @Override
    public void dtrsv(String p1, String p2, String p3, int p4, double[] p5, int p6, double[] p7, int p8) {
        FALLBACK.dtrsv(p1, p2, p3, p4, p5, p6, p7, p8);
    }

    @Override
    public void dtrsv(String p1, String p2, String p3, int p4, double[] p5, int p6, int p7, double[] p8, int p9, int p10) {
        FALLBACK.dtrsv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10);
    }

    @Override
    public void strsv(String p1, String p2, String p3, int p4, float[] p5, int p6, float[] p7, int p8) {
        FALLBACK.strsv(p1, p2, p3, p4, p5, p6, p7, p8);
    }

    @Override
    public void strsv(String p1, String p2, String p3, int p4, float[] p5, int p6, int p7, float[] p8, int p9, int p10) {
        FALLBACK.strsv(p1, p2, p3, p4, p5, p6, p7, p8, p9, p10);
    }

    @Override
    public boolean lsame(String p1, String p2) {
        return FALLBACK.lsame(p1, p2);
    }
}
