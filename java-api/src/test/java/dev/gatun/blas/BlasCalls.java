package dev.gatun.blas;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Calls one routine of a {@link Blas} in the precision of its {@link Buf}s (s or d) and entry
 * style: on the Java arrays themselves, or on off-heap copies (64-byte aligned, from a confined
 * arena) that are copied back afterwards, guards included.
 */
final class BlasCalls {
    private BlasCalls() {}

    enum Style { ARRAY, SEGMENT }

    /** Off-heap copies of some buffers for one call; {@link #close} copies them back. */
    private static final class Segments implements AutoCloseable {
        private final Arena arena = Arena.ofConfined();
        private final Buf[] bufs;
        private final MemorySegment[] segs;

        Segments(Buf... bufs) {
            this.bufs = bufs;
            this.segs = new MemorySegment[bufs.length];
            for (int i = 0; i < bufs.length; i++) {
                Buf b = bufs[i];
                segs[i] = b.single
                        ? arena.allocateFrom(ValueLayout.JAVA_FLOAT, b.f)
                        : arena.allocateFrom(ValueLayout.JAVA_DOUBLE, b.d);
            }
        }

        MemorySegment get(int i) {
            return segs[i];
        }

        @Override
        public void close() {
            for (int i = 0; i < bufs.length; i++) {
                if (bufs[i].single) {
                    MemorySegment.copy(segs[i], ValueLayout.JAVA_FLOAT, 0, bufs[i].f, 0, bufs[i].f.length);
                } else {
                    MemorySegment.copy(segs[i], ValueLayout.JAVA_DOUBLE, 0, bufs[i].d, 0, bufs[i].d.length);
                }
            }
            arena.close();
        }
    }

    static double dot(Blas b, Style st, int n, Buf x, int xOff, int incx, Buf y, int yOff, int incy) {
        boolean s = x.single;
        if (st == Style.ARRAY) {
            return s ? b.sdot(n, x.f, xOff, incx, y.f, yOff, incy) : b.ddot(n, x.d, xOff, incx, y.d, yOff, incy);
        }
        try (Segments g = new Segments(x, y)) {
            return s ? b.sdot(n, g.get(0), xOff, incx, g.get(1), yOff, incy) : b.ddot(n, g.get(0), xOff, incx, g.get(1), yOff, incy);
        }
    }

    static double nrm2(Blas b, Style st, int n, Buf x, int xOff, int incx) {
        boolean s = x.single;
        if (st == Style.ARRAY) {
            return s ? b.snrm2(n, x.f, xOff, incx) : b.dnrm2(n, x.d, xOff, incx);
        }
        try (Segments g = new Segments(x)) {
            return s ? b.snrm2(n, g.get(0), xOff, incx) : b.dnrm2(n, g.get(0), xOff, incx);
        }
    }

    static double asum(Blas b, Style st, int n, Buf x, int xOff, int incx) {
        boolean s = x.single;
        if (st == Style.ARRAY) {
            return s ? b.sasum(n, x.f, xOff, incx) : b.dasum(n, x.d, xOff, incx);
        }
        try (Segments g = new Segments(x)) {
            return s ? b.sasum(n, g.get(0), xOff, incx) : b.dasum(n, g.get(0), xOff, incx);
        }
    }

    static int iamax(Blas b, Style st, int n, Buf x, int xOff, int incx) {
        boolean s = x.single;
        if (st == Style.ARRAY) {
            return s ? b.isamax(n, x.f, xOff, incx) : b.idamax(n, x.d, xOff, incx);
        }
        try (Segments g = new Segments(x)) {
            return s ? b.isamax(n, g.get(0), xOff, incx) : b.idamax(n, g.get(0), xOff, incx);
        }
    }

    static void axpy(Blas b, Style st, int n, double alpha, Buf x, int xOff, int incx, Buf y, int yOff, int incy) {
        boolean s = x.single;
        if (st == Style.ARRAY) {
            if (s) {
                b.saxpy(n, (float) alpha, x.f, xOff, incx, y.f, yOff, incy);
            } else {
                b.daxpy(n, alpha, x.d, xOff, incx, y.d, yOff, incy);
            }
            return;
        }
        try (Segments g = new Segments(x, y)) {
            if (s) {
                b.saxpy(n, (float) alpha, g.get(0), xOff, incx, g.get(1), yOff, incy);
            } else {
                b.daxpy(n, alpha, g.get(0), xOff, incx, g.get(1), yOff, incy);
            }
        }
    }

    static void scal(Blas b, Style st, int n, double alpha, Buf x, int xOff, int incx) {
        boolean s = x.single;
        if (st == Style.ARRAY) {
            if (s) {
                b.sscal(n, (float) alpha, x.f, xOff, incx);
            } else {
                b.dscal(n, alpha, x.d, xOff, incx);
            }
            return;
        }
        try (Segments g = new Segments(x)) {
            if (s) {
                b.sscal(n, (float) alpha, g.get(0), xOff, incx);
            } else {
                b.dscal(n, alpha, g.get(0), xOff, incx);
            }
        }
    }

    /** copy when {@code swap} is false, else swap. */
    static void copyOrSwap(Blas b, Style st, boolean swap, int n, Buf x, int xOff, int incx, Buf y, int yOff, int incy) {
        boolean s = x.single;
        if (st == Style.ARRAY) {
            if (s && swap) {
                b.sswap(n, x.f, xOff, incx, y.f, yOff, incy);
            } else if (s) {
                b.scopy(n, x.f, xOff, incx, y.f, yOff, incy);
            } else if (swap) {
                b.dswap(n, x.d, xOff, incx, y.d, yOff, incy);
            } else {
                b.dcopy(n, x.d, xOff, incx, y.d, yOff, incy);
            }
            return;
        }
        try (Segments g = new Segments(x, y)) {
            MemorySegment xs = g.get(0), ys = g.get(1);
            if (s && swap) {
                b.sswap(n, xs, xOff, incx, ys, yOff, incy);
            } else if (s) {
                b.scopy(n, xs, xOff, incx, ys, yOff, incy);
            } else if (swap) {
                b.dswap(n, xs, xOff, incx, ys, yOff, incy);
            } else {
                b.dcopy(n, xs, xOff, incx, ys, yOff, incy);
            }
        }
    }

    static void gemv(Blas b, Style st, Layout l, Transpose t, int m, int n, double alpha, Buf a, int aOff, int lda,
                     Buf x, int xOff, int incx, double beta, Buf y, int yOff, int incy) {
        boolean s = a.single;
        if (st == Style.ARRAY) {
            if (s) {
                b.sgemv(l, t, m, n, (float) alpha, a.f, aOff, lda, x.f, xOff, incx, (float) beta, y.f, yOff, incy);
            } else {
                b.dgemv(l, t, m, n, alpha, a.d, aOff, lda, x.d, xOff, incx, beta, y.d, yOff, incy);
            }
            return;
        }
        try (Segments g = new Segments(a, x, y)) {
            if (s) {
                b.sgemv(l, t, m, n, (float) alpha, g.get(0), aOff, lda, g.get(1), xOff, incx, (float) beta, g.get(2), yOff, incy);
            } else {
                b.dgemv(l, t, m, n, alpha, g.get(0), aOff, lda, g.get(1), xOff, incx, beta, g.get(2), yOff, incy);
            }
        }
    }

    static void ger(Blas b, Style st, Layout l, int m, int n, double alpha, Buf x, int xOff, int incx,
                    Buf y, int yOff, int incy, Buf a, int aOff, int lda) {
        boolean s = a.single;
        if (st == Style.ARRAY) {
            if (s) {
                b.sger(l, m, n, (float) alpha, x.f, xOff, incx, y.f, yOff, incy, a.f, aOff, lda);
            } else {
                b.dger(l, m, n, alpha, x.d, xOff, incx, y.d, yOff, incy, a.d, aOff, lda);
            }
            return;
        }
        try (Segments g = new Segments(x, y, a)) {
            if (s) {
                b.sger(l, m, n, (float) alpha, g.get(0), xOff, incx, g.get(1), yOff, incy, g.get(2), aOff, lda);
            } else {
                b.dger(l, m, n, alpha, g.get(0), xOff, incx, g.get(1), yOff, incy, g.get(2), aOff, lda);
            }
        }
    }

    static void gemm(Blas b, Style st, Layout l, Transpose ta, Transpose tb, int m, int n, int k, double alpha,
                     Buf a, int aOff, int lda, Buf bm, int bOff, int ldb, double beta, Buf c, int cOff, int ldc) {
        boolean s = a.single;
        if (st == Style.ARRAY) {
            if (s) {
                b.sgemm(l, ta, tb, m, n, k, (float) alpha, a.f, aOff, lda, bm.f, bOff, ldb, (float) beta, c.f, cOff, ldc);
            } else {
                b.dgemm(l, ta, tb, m, n, k, alpha, a.d, aOff, lda, bm.d, bOff, ldb, beta, c.d, cOff, ldc);
            }
            return;
        }
        try (Segments g = new Segments(a, bm, c)) {
            if (s) {
                b.sgemm(l, ta, tb, m, n, k, (float) alpha, g.get(0), aOff, lda, g.get(1), bOff, ldb, (float) beta, g.get(2), cOff, ldc);
            } else {
                b.dgemm(l, ta, tb, m, n, k, alpha, g.get(0), aOff, lda, g.get(1), bOff, ldb, beta, g.get(2), cOff, ldc);
            }
        }
    }

    static void trsm(Blas b, Style st, Layout l, Side side, Uplo uplo, Transpose t, Diag diag, int m, int n, double alpha,
                     Buf a, int aOff, int lda, Buf bm, int bOff, int ldb) {
        boolean s = a.single;
        if (st == Style.ARRAY) {
            if (s) {
                b.strsm(l, side, uplo, t, diag, m, n, (float) alpha, a.f, aOff, lda, bm.f, bOff, ldb);
            } else {
                b.dtrsm(l, side, uplo, t, diag, m, n, alpha, a.d, aOff, lda, bm.d, bOff, ldb);
            }
            return;
        }
        try (Segments g = new Segments(a, bm)) {
            if (s) {
                b.strsm(l, side, uplo, t, diag, m, n, (float) alpha, g.get(0), aOff, lda, g.get(1), bOff, ldb);
            } else {
                b.dtrsm(l, side, uplo, t, diag, m, n, alpha, g.get(0), aOff, lda, g.get(1), bOff, ldb);
            }
        }
    }

    static void syrk(Blas b, Style st, Layout l, Uplo uplo, Transpose t, int n, int k, double alpha, Buf a, int aOff, int lda,
                     double beta, Buf c, int cOff, int ldc) {
        boolean s = a.single;
        if (st == Style.ARRAY) {
            if (s) {
                b.ssyrk(l, uplo, t, n, k, (float) alpha, a.f, aOff, lda, (float) beta, c.f, cOff, ldc);
            } else {
                b.dsyrk(l, uplo, t, n, k, alpha, a.d, aOff, lda, beta, c.d, cOff, ldc);
            }
            return;
        }
        try (Segments g = new Segments(a, c)) {
            if (s) {
                b.ssyrk(l, uplo, t, n, k, (float) alpha, g.get(0), aOff, lda, (float) beta, g.get(1), cOff, ldc);
            } else {
                b.dsyrk(l, uplo, t, n, k, alpha, g.get(0), aOff, lda, beta, g.get(1), cOff, ldc);
            }
        }
    }
}
