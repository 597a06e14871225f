package dev.gatun.blas;

import java.lang.foreign.MemorySegment;

/**
 * BLAS levels 1, 2 and 3 in float and double with CBLAS semantics, on Java arrays and on
 * {@link MemorySegment}s. {@link #getInstance()} returns the best implementation that loads
 * (OpenBLAS through FFM when {@code gatun-native} is on the class path, else the Vector API,
 * else plain Java loops); {@code -Dgatun.blas=openblas|java|scalar} forces one.
 *
 * <h2>Conventions (those of CBLAS, with Java offsets)</h2>
 * <ul>
 *   <li>Every array or segment comes with an element offset: {@code (a, aOff)} plays the role of
 *       the C pointer {@code a + aOff}. Segment offsets also count elements, not bytes.
 *   <li>Matrices: {@link Layout#ROW_MAJOR} puts element (i, j) at {@code a[aOff + i*lda + j]},
 *       {@link Layout#COL_MAJOR} at {@code a[aOff + j*lda + i]}; the leading dimension is at
 *       least {@code max(1, stored row length)} (columns when row-major, rows when column-major).
 *   <li>Vectors: element i of x is {@code x[xOff + i*incx]} for {@code incx > 0}; a negative
 *       increment walks from the far end, element i at {@code x[xOff + (n-1-i)*|incx|]}
 *       (the BLAS convention). Increments are never 0; where a routine reads a single vector
 *       ({@code nrm2, asum, iamax, scal}) it must be positive, as in the reference BLAS.
 *   <li>{@code beta == 0} means the output is written without being read: NaN or garbage in C
 *       (or y) is overwritten. {@code alpha == 0} leaves beta C (beta y; zero for trsm), as
 *       in the reference BLAS.
 *   <li>Empty sizes ({@code n == 0}, {@code m == 0}) return at once, after the argument checks.
 * </ul>
 *
 * <p>Every argument is checked before any work (or native call): a bad size, leading dimension,
 * increment or an array too short for them throws {@link IllegalArgumentException} or
 * {@link IndexOutOfBoundsException} naming the routine and the argument, e.g.
 * {@code "sgemm: lda=2 < max(1, 3): A is stored 4 x 3 row-major"}; an output segment that is
 * read-only is refused. Nothing is ever written outside the described elements.
 *
 * <p>Implementations are thread-safe; the scratch memory some keep (packing buffers of the Java
 * gemm, the staging buffer of the OpenBLAS one) is per thread and reused.
 */
public interface Blas {

    /** The implementation chosen once for this JVM (see the class comment). */
    static Blas getInstance() {
        return BlasSelection.defaultBlas();
    }

    /**
     * The named implementation ({@code openblas}, {@code java}, {@code scalar}); throws
     * {@link IllegalStateException} with the reason when it cannot load here.
     */
    static Blas get(String name) {
        return BlasSelection.get(name);
    }

    /** Short name: {@code openblas}, {@code java} or {@code scalar}. */
    String name();

    // ---------------------------------------------------------------- level 1

    /** Returns sum_i x_i y_i. */
    float sdot(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy);

    double ddot(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy);

    float sdot(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    double ddot(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    /** Returns the Euclidean norm sqrt(sum_i x_i^2), without overflow for large elements. */
    float snrm2(int n, float[] x, int xOff, int incx);

    double dnrm2(int n, double[] x, int xOff, int incx);

    float snrm2(int n, MemorySegment x, long xOff, int incx);

    double dnrm2(int n, MemorySegment x, long xOff, int incx);

    /** Returns sum_i |x_i|. */
    float sasum(int n, float[] x, int xOff, int incx);

    double dasum(int n, double[] x, int xOff, int incx);

    float sasum(int n, MemorySegment x, long xOff, int incx);

    double dasum(int n, MemorySegment x, long xOff, int incx);

    /**
     * Returns the 0-based index i of the first element with the largest |x_i| (CBLAS, unlike
     * Fortran's 1-based one), or -1 when {@code n == 0}.
     */
    int isamax(int n, float[] x, int xOff, int incx);

    int idamax(int n, double[] x, int xOff, int incx);

    int isamax(int n, MemorySegment x, long xOff, int incx);

    int idamax(int n, MemorySegment x, long xOff, int incx);

    /** y = alpha x + y. */
    void saxpy(int n, float alpha, float[] x, int xOff, int incx, float[] y, int yOff, int incy);

    void daxpy(int n, double alpha, double[] x, int xOff, int incx, double[] y, int yOff, int incy);

    void saxpy(int n, float alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    void daxpy(int n, double alpha, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    /** x = alpha x. */
    void sscal(int n, float alpha, float[] x, int xOff, int incx);

    void dscal(int n, double alpha, double[] x, int xOff, int incx);

    void sscal(int n, float alpha, MemorySegment x, long xOff, int incx);

    void dscal(int n, double alpha, MemorySegment x, long xOff, int incx);

    /** y = x. */
    void scopy(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy);

    void dcopy(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy);

    void scopy(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    void dcopy(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    /** Exchanges x and y. */
    void sswap(int n, float[] x, int xOff, int incx, float[] y, int yOff, int incy);

    void dswap(int n, double[] x, int xOff, int incx, double[] y, int yOff, int incy);

    void sswap(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    void dswap(int n, MemorySegment x, long xOff, int incx, MemorySegment y, long yOff, int incy);

    // ---------------------------------------------------------------- level 2

    /**
     * y = alpha op(A) x + beta y, A m x n as stored; x has n elements and y m when
     * {@code trans == NO_TRANS}, the other way round when transposed.
     */
    void sgemv(Layout layout, Transpose trans, int m, int n, float alpha, float[] a, int aOff, int lda,
               float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy);

    void dgemv(Layout layout, Transpose trans, int m, int n, double alpha, double[] a, int aOff, int lda,
               double[] x, int xOff, int incx, double beta, double[] y, int yOff, int incy);

    void sgemv(Layout layout, Transpose trans, int m, int n, float alpha, MemorySegment a, long aOff, int lda,
               MemorySegment x, long xOff, int incx, float beta, MemorySegment y, long yOff, int incy);

    void dgemv(Layout layout, Transpose trans, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
               MemorySegment x, long xOff, int incx, double beta, MemorySegment y, long yOff, int incy);

    /** A = alpha x y^T + A, A m x n, x m elements, y n. */
    void sger(Layout layout, int m, int n, float alpha, float[] x, int xOff, int incx,
              float[] y, int yOff, int incy, float[] a, int aOff, int lda);

    void dger(Layout layout, int m, int n, double alpha, double[] x, int xOff, int incx,
              double[] y, int yOff, int incy, double[] a, int aOff, int lda);

    void sger(Layout layout, int m, int n, float alpha, MemorySegment x, long xOff, int incx,
              MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda);

    void dger(Layout layout, int m, int n, double alpha, MemorySegment x, long xOff, int incx,
              MemorySegment y, long yOff, int incy, MemorySegment a, long aOff, int lda);

    // ---------------------------------------------------------------- level 3

    /**
     * C = alpha op(A) op(B) + beta C with op(A) m x k, op(B) k x n, C m x n. A is stored m x k
     * (k x m when transposed), B k x n (n x k when transposed).
     */
    void sgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
               float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    void dgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
               double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
               double beta, double[] c, int cOff, int ldc);

    void sgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
               float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
               float beta, MemorySegment c, long cOff, int ldc);

    void dgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
               double alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
               double beta, MemorySegment c, long cOff, int ldc);

    /**
     * C = alpha op(A) op(B) + beta C with A and B in bfloat16 (16-bit little-endian shorts, the
     * upper half of a float32) and C in float32, OpenBLAS's {@code cblas_sbgemm}. Shapes, offsets
     * (in elements of each segment's type) and leading dimensions as in {@link #sgemm}. Every bf16
     * value is exact in float32, so the products are those of sgemm on the widened inputs; only
     * the accumulation order differs between implementations. C must be writable and must not
     * overlap A or B (their element types differ, so an overlap is always a mistake).
     */
    void sbgemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k,
                float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                float beta, MemorySegment c, long cOff, int ldc);

    /**
     * Solves op(A) X = alpha B ({@link Side#LEFT}, A m x m) or X op(A) = alpha B
     * ({@link Side#RIGHT}, A n x n) for X, which overwrites B (m x n). A is triangular: only
     * its {@code uplo} triangle is read, and its diagonal only when {@link Diag#NON_UNIT}. A
     * zero on that diagonal gives infinities or NaN, as in BLAS (no singularity check).
     */
    void strsm(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
               float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb);

    void dtrsm(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
               double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb);

    void strsm(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
               float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb);

    void dtrsm(Layout layout, Side side, Uplo uplo, Transpose transA, Diag diag, int m, int n,
               double alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb);

    /**
     * C = alpha op(A) op(A)^T + beta C on the {@code uplo} triangle of C (n x n) only; op(A) is
     * n x k: A stored n x k, or k x n when {@code trans == TRANS} (then C = alpha A^T A + beta C).
     */
    void ssyrk(Layout layout, Uplo uplo, Transpose trans, int n, int k, float alpha, float[] a, int aOff, int lda,
               float beta, float[] c, int cOff, int ldc);

    void dsyrk(Layout layout, Uplo uplo, Transpose trans, int n, int k, double alpha, double[] a, int aOff, int lda,
               double beta, double[] c, int cOff, int ldc);

    void ssyrk(Layout layout, Uplo uplo, Transpose trans, int n, int k, float alpha, MemorySegment a, long aOff, int lda,
               float beta, MemorySegment c, long cOff, int ldc);

    void dsyrk(Layout layout, Uplo uplo, Transpose trans, int n, int k, double alpha, MemorySegment a, long aOff, int lda,
               double beta, MemorySegment c, long cOff, int ldc);
}
