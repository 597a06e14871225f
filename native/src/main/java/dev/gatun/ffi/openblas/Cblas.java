package dev.gatun.ffi.openblas;

import static java.lang.foreign.ValueLayout.*;

import dev.gatun.ffi.CSignature;
import dev.gatun.ffi.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * OpenBLAS's {@code cblas.h}: CBLAS levels 1-3 in float and double, plus OpenBLAS's threading
 * and build-information extensions. Written in jextract's shape without jextract (see
 * {@code native/jextract/README.md}).
 *
 * <p>{@code blasint} is 32-bit {@code int} in this build (no {@code OPENBLAS_USE64BITINT}), so
 * sizes and strides are Java {@code int}; {@code CBLAS_INDEX} is {@code size_t}, a Java
 * {@code long}. Pass off-heap segments: critical handles are created with heap access off.

 * <p>Shape (as jextract generates it): each function has a private holder class with its
 * {@code FunctionDescriptor} and downcall {@code MethodHandle}, resolved on first use; a typed
 * static method; and {@code name$descriptor()} / {@code name$handle()} accessors. Holder classes
 * never fail to initialise: when the library is missing, the handle throws
 * {@link dev.gatun.ffi.NativeLibraryUnavailableException} with the loader's reason. Each method
 * carries its C declaration in {@link CSignature}; {@code BindingConformanceTest} compiles those
 * against the real header. The symbol list is {@code native/jextract/cblas.args}.
 */
public final class Cblas {
    private Cblas() {}

    // enum CBLAS_ORDER
    public static final int CblasRowMajor = 101;
    public static final int CblasColMajor = 102;

    // enum CBLAS_TRANSPOSE
    public static final int CblasNoTrans = 111;
    public static final int CblasTrans = 112;
    public static final int CblasConjTrans = 113;
    public static final int CblasConjNoTrans = 114;

    // enum CBLAS_UPLO
    public static final int CblasUpper = 121;
    public static final int CblasLower = 122;

    // enum CBLAS_DIAG
    public static final int CblasNonUnit = 131;
    public static final int CblasUnit = 132;

    // enum CBLAS_SIDE
    public static final int CblasLeft = 141;
    public static final int CblasRight = 142;

    // openblas_get_parallel() results
    public static final int OPENBLAS_SEQUENTIAL = 0;
    public static final int OPENBLAS_THREAD = 1;
    public static final int OPENBLAS_OPENMP = 2;

    // ============================================================
    // Threading and build information (OpenBLAS extensions)

    private static final class openblas_set_num_threads {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("openblas_set_num_threads", DESC);
    }

    public static FunctionDescriptor openblas_set_num_threads$descriptor() {
        return openblas_set_num_threads.DESC;
    }

    public static MethodHandle openblas_set_num_threads$handle() {
        return openblas_set_num_threads.HANDLE;
    }

    @CSignature("void openblas_set_num_threads(int num_threads)")
    public static void openblas_set_num_threads(int num_threads) {
        try {
            openblas_set_num_threads.HANDLE.invokeExact(num_threads);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class openblas_get_num_threads {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("openblas_get_num_threads", DESC);
    }

    public static FunctionDescriptor openblas_get_num_threads$descriptor() {
        return openblas_get_num_threads.DESC;
    }

    public static MethodHandle openblas_get_num_threads$handle() {
        return openblas_get_num_threads.HANDLE;
    }

    @CSignature("int openblas_get_num_threads(void)")
    public static int openblas_get_num_threads() {
        try {
            return (int) openblas_get_num_threads.HANDLE.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class openblas_get_num_procs {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("openblas_get_num_procs", DESC);
    }

    public static FunctionDescriptor openblas_get_num_procs$descriptor() {
        return openblas_get_num_procs.DESC;
    }

    public static MethodHandle openblas_get_num_procs$handle() {
        return openblas_get_num_procs.HANDLE;
    }

    @CSignature("int openblas_get_num_procs(void)")
    public static int openblas_get_num_procs() {
        try {
            return (int) openblas_get_num_procs.HANDLE.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class openblas_get_config {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("openblas_get_config", DESC);
    }

    public static FunctionDescriptor openblas_get_config$descriptor() {
        return openblas_get_config.DESC;
    }

    public static MethodHandle openblas_get_config$handle() {
        return openblas_get_config.HANDLE;
    }

    @CSignature("char *openblas_get_config(void)")
    public static MemorySegment openblas_get_config() {
        try {
            return (MemorySegment) openblas_get_config.HANDLE.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class openblas_get_corename {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("openblas_get_corename", DESC);
    }

    public static FunctionDescriptor openblas_get_corename$descriptor() {
        return openblas_get_corename.DESC;
    }

    public static MethodHandle openblas_get_corename$handle() {
        return openblas_get_corename.HANDLE;
    }

    @CSignature("char *openblas_get_corename(void)")
    public static MemorySegment openblas_get_corename() {
        try {
            return (MemorySegment) openblas_get_corename.HANDLE.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class openblas_get_parallel {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("openblas_get_parallel", DESC);
    }

    public static FunctionDescriptor openblas_get_parallel$descriptor() {
        return openblas_get_parallel.DESC;
    }

    public static MethodHandle openblas_get_parallel$handle() {
        return openblas_get_parallel.HANDLE;
    }

    @CSignature("int openblas_get_parallel(void)")
    public static int openblas_get_parallel() {
        try {
            return (int) openblas_get_parallel.HANDLE.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // Level 1: vector-vector. Critical (no thread-state switch): they never block or call back, but a call on a very long vector delays safepoints for its duration; measured numbers belong in bench/.

    private static final class cblas_sdot {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_FLOAT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_sdot", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_sdot$descriptor() {
        return cblas_sdot.DESC;
    }

    public static MethodHandle cblas_sdot$handle() {
        return cblas_sdot.HANDLE;
    }

    @CSignature("float cblas_sdot(const blasint n, const float *x, const blasint incx, const float *y, const blasint incy)")
    public static float cblas_sdot(int n, MemorySegment x, int incx, MemorySegment y, int incy) {
        try {
            return (float) cblas_sdot.HANDLE.invokeExact(n, x, incx, y, incy);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_ddot {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_DOUBLE, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_ddot", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_ddot$descriptor() {
        return cblas_ddot.DESC;
    }

    public static MethodHandle cblas_ddot$handle() {
        return cblas_ddot.HANDLE;
    }

    @CSignature("double cblas_ddot(const blasint n, const double *x, const blasint incx, const double *y, const blasint incy)")
    public static double cblas_ddot(int n, MemorySegment x, int incx, MemorySegment y, int incy) {
        try {
            return (double) cblas_ddot.HANDLE.invokeExact(n, x, incx, y, incy);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_snrm2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_FLOAT, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_snrm2", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_snrm2$descriptor() {
        return cblas_snrm2.DESC;
    }

    public static MethodHandle cblas_snrm2$handle() {
        return cblas_snrm2.HANDLE;
    }

    @CSignature("float cblas_snrm2(const blasint N, const float *X, const blasint incX)")
    public static float cblas_snrm2(int N, MemorySegment X, int incX) {
        try {
            return (float) cblas_snrm2.HANDLE.invokeExact(N, X, incX);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_dnrm2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_DOUBLE, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_dnrm2", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_dnrm2$descriptor() {
        return cblas_dnrm2.DESC;
    }

    public static MethodHandle cblas_dnrm2$handle() {
        return cblas_dnrm2.HANDLE;
    }

    @CSignature("double cblas_dnrm2(const blasint N, const double *X, const blasint incX)")
    public static double cblas_dnrm2(int N, MemorySegment X, int incX) {
        try {
            return (double) cblas_dnrm2.HANDLE.invokeExact(N, X, incX);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_sasum {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_FLOAT, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_sasum", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_sasum$descriptor() {
        return cblas_sasum.DESC;
    }

    public static MethodHandle cblas_sasum$handle() {
        return cblas_sasum.HANDLE;
    }

    @CSignature("float cblas_sasum(const blasint n, const float *x, const blasint incx)")
    public static float cblas_sasum(int n, MemorySegment x, int incx) {
        try {
            return (float) cblas_sasum.HANDLE.invokeExact(n, x, incx);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_dasum {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_DOUBLE, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_dasum", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_dasum$descriptor() {
        return cblas_dasum.DESC;
    }

    public static MethodHandle cblas_dasum$handle() {
        return cblas_dasum.HANDLE;
    }

    @CSignature("double cblas_dasum(const blasint n, const double *x, const blasint incx)")
    public static double cblas_dasum(int n, MemorySegment x, int incx) {
        try {
            return (double) cblas_dasum.HANDLE.invokeExact(n, x, incx);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_isamax {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_isamax", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_isamax$descriptor() {
        return cblas_isamax.DESC;
    }

    public static MethodHandle cblas_isamax$handle() {
        return cblas_isamax.HANDLE;
    }

    @CSignature("size_t cblas_isamax(const blasint n, const float *x, const blasint incx)")
    public static long cblas_isamax(int n, MemorySegment x, int incx) {
        try {
            return (long) cblas_isamax.HANDLE.invokeExact(n, x, incx);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_idamax {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_idamax", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_idamax$descriptor() {
        return cblas_idamax.DESC;
    }

    public static MethodHandle cblas_idamax$handle() {
        return cblas_idamax.HANDLE;
    }

    @CSignature("size_t cblas_idamax(const blasint n, const double *x, const blasint incx)")
    public static long cblas_idamax(int n, MemorySegment x, int incx) {
        try {
            return (long) cblas_idamax.HANDLE.invokeExact(n, x, incx);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_saxpy {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_saxpy", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_saxpy$descriptor() {
        return cblas_saxpy.DESC;
    }

    public static MethodHandle cblas_saxpy$handle() {
        return cblas_saxpy.HANDLE;
    }

    @CSignature("void cblas_saxpy(const blasint n, const float alpha, const float *x, const blasint incx, float *y, const blasint incy)")
    public static void cblas_saxpy(int n, float alpha, MemorySegment x, int incx, MemorySegment y, int incy) {
        try {
            cblas_saxpy.HANDLE.invokeExact(n, alpha, x, incx, y, incy);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_daxpy {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_daxpy", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_daxpy$descriptor() {
        return cblas_daxpy.DESC;
    }

    public static MethodHandle cblas_daxpy$handle() {
        return cblas_daxpy.HANDLE;
    }

    @CSignature("void cblas_daxpy(const blasint n, const double alpha, const double *x, const blasint incx, double *y, const blasint incy)")
    public static void cblas_daxpy(int n, double alpha, MemorySegment x, int incx, MemorySegment y, int incy) {
        try {
            cblas_daxpy.HANDLE.invokeExact(n, alpha, x, incx, y, incy);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_sscal {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_sscal", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_sscal$descriptor() {
        return cblas_sscal.DESC;
    }

    public static MethodHandle cblas_sscal$handle() {
        return cblas_sscal.HANDLE;
    }

    @CSignature("void cblas_sscal(const blasint N, const float alpha, float *X, const blasint incX)")
    public static void cblas_sscal(int N, float alpha, MemorySegment X, int incX) {
        try {
            cblas_sscal.HANDLE.invokeExact(N, alpha, X, incX);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_dscal {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_dscal", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_dscal$descriptor() {
        return cblas_dscal.DESC;
    }

    public static MethodHandle cblas_dscal$handle() {
        return cblas_dscal.HANDLE;
    }

    @CSignature("void cblas_dscal(const blasint N, const double alpha, double *X, const blasint incX)")
    public static void cblas_dscal(int N, double alpha, MemorySegment X, int incX) {
        try {
            cblas_dscal.HANDLE.invokeExact(N, alpha, X, incX);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_scopy {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_scopy", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_scopy$descriptor() {
        return cblas_scopy.DESC;
    }

    public static MethodHandle cblas_scopy$handle() {
        return cblas_scopy.HANDLE;
    }

    @CSignature("void cblas_scopy(const blasint n, const float *x, const blasint incx, float *y, const blasint incy)")
    public static void cblas_scopy(int n, MemorySegment x, int incx, MemorySegment y, int incy) {
        try {
            cblas_scopy.HANDLE.invokeExact(n, x, incx, y, incy);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_dcopy {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_dcopy", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_dcopy$descriptor() {
        return cblas_dcopy.DESC;
    }

    public static MethodHandle cblas_dcopy$handle() {
        return cblas_dcopy.HANDLE;
    }

    @CSignature("void cblas_dcopy(const blasint n, const double *x, const blasint incx, double *y, const blasint incy)")
    public static void cblas_dcopy(int n, MemorySegment x, int incx, MemorySegment y, int incy) {
        try {
            cblas_dcopy.HANDLE.invokeExact(n, x, incx, y, incy);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_sswap {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_sswap", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_sswap$descriptor() {
        return cblas_sswap.DESC;
    }

    public static MethodHandle cblas_sswap$handle() {
        return cblas_sswap.HANDLE;
    }

    @CSignature("void cblas_sswap(const blasint n, float *x, const blasint incx, float *y, const blasint incy)")
    public static void cblas_sswap(int n, MemorySegment x, int incx, MemorySegment y, int incy) {
        try {
            cblas_sswap.HANDLE.invokeExact(n, x, incx, y, incy);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_dswap {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_dswap", DESC, Linker.Option.critical(false));
    }

    public static FunctionDescriptor cblas_dswap$descriptor() {
        return cblas_dswap.DESC;
    }

    public static MethodHandle cblas_dswap$handle() {
        return cblas_dswap.HANDLE;
    }

    @CSignature("void cblas_dswap(const blasint n, double *x, const blasint incx, double *y, const blasint incy)")
    public static void cblas_dswap(int n, MemorySegment x, int incx, MemorySegment y, int incy) {
        try {
            cblas_dswap.HANDLE.invokeExact(n, x, incx, y, incy);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // Level 2: matrix-vector

    private static final class cblas_sgemv {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_sgemv", DESC);
    }

    public static FunctionDescriptor cblas_sgemv$descriptor() {
        return cblas_sgemv.DESC;
    }

    public static MethodHandle cblas_sgemv$handle() {
        return cblas_sgemv.HANDLE;
    }

    @CSignature("void cblas_sgemv(const enum CBLAS_ORDER order, const enum CBLAS_TRANSPOSE trans, const blasint m, const blasint n, const float alpha, const float *a, const blasint lda, const float *x, const blasint incx, const float beta, float *y, const blasint incy)")
    public static void cblas_sgemv(int order, int trans, int m, int n, float alpha, MemorySegment a, int lda, MemorySegment x, int incx, float beta, MemorySegment y, int incy) {
        try {
            cblas_sgemv.HANDLE.invokeExact(order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_dgemv {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_dgemv", DESC);
    }

    public static FunctionDescriptor cblas_dgemv$descriptor() {
        return cblas_dgemv.DESC;
    }

    public static MethodHandle cblas_dgemv$handle() {
        return cblas_dgemv.HANDLE;
    }

    @CSignature("void cblas_dgemv(const enum CBLAS_ORDER order, const enum CBLAS_TRANSPOSE trans, const blasint m, const blasint n, const double alpha, const double *a, const blasint lda, const double *x, const blasint incx, const double beta, double *y, const blasint incy)")
    public static void cblas_dgemv(int order, int trans, int m, int n, double alpha, MemorySegment a, int lda, MemorySegment x, int incx, double beta, MemorySegment y, int incy) {
        try {
            cblas_dgemv.HANDLE.invokeExact(order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_sger {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_sger", DESC);
    }

    public static FunctionDescriptor cblas_sger$descriptor() {
        return cblas_sger.DESC;
    }

    public static MethodHandle cblas_sger$handle() {
        return cblas_sger.HANDLE;
    }

    @CSignature("void cblas_sger(const enum CBLAS_ORDER order, const blasint M, const blasint N, const float alpha, const float *X, const blasint incX, const float *Y, const blasint incY, float *A, const blasint lda)")
    public static void cblas_sger(int order, int M, int N, float alpha, MemorySegment X, int incX, MemorySegment Y, int incY, MemorySegment A, int lda) {
        try {
            cblas_sger.HANDLE.invokeExact(order, M, N, alpha, X, incX, Y, incY, A, lda);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_dger {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_dger", DESC);
    }

    public static FunctionDescriptor cblas_dger$descriptor() {
        return cblas_dger.DESC;
    }

    public static MethodHandle cblas_dger$handle() {
        return cblas_dger.HANDLE;
    }

    @CSignature("void cblas_dger(const enum CBLAS_ORDER order, const blasint M, const blasint N, const double alpha, const double *X, const blasint incX, const double *Y, const blasint incY, double *A, const blasint lda)")
    public static void cblas_dger(int order, int M, int N, double alpha, MemorySegment X, int incX, MemorySegment Y, int incY, MemorySegment A, int lda) {
        try {
            cblas_dger.HANDLE.invokeExact(order, M, N, alpha, X, incX, Y, incY, A, lda);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // Level 3: matrix-matrix

    private static final class cblas_sgemm {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_sgemm", DESC);
    }

    public static FunctionDescriptor cblas_sgemm$descriptor() {
        return cblas_sgemm.DESC;
    }

    public static MethodHandle cblas_sgemm$handle() {
        return cblas_sgemm.HANDLE;
    }

    @CSignature("void cblas_sgemm(const enum CBLAS_ORDER Order, const enum CBLAS_TRANSPOSE TransA, const enum CBLAS_TRANSPOSE TransB, const blasint M, const blasint N, const blasint K, const float alpha, const float *A, const blasint lda, const float *B, const blasint ldb, const float beta, float *C, const blasint ldc)")
    public static void cblas_sgemm(int Order, int TransA, int TransB, int M, int N, int K, float alpha, MemorySegment A, int lda, MemorySegment B, int ldb, float beta, MemorySegment C, int ldc) {
        try {
            cblas_sgemm.HANDLE.invokeExact(Order, TransA, TransB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_dgemm {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_dgemm", DESC);
    }

    public static FunctionDescriptor cblas_dgemm$descriptor() {
        return cblas_dgemm.DESC;
    }

    public static MethodHandle cblas_dgemm$handle() {
        return cblas_dgemm.HANDLE;
    }

    @CSignature("void cblas_dgemm(const enum CBLAS_ORDER Order, const enum CBLAS_TRANSPOSE TransA, const enum CBLAS_TRANSPOSE TransB, const blasint M, const blasint N, const blasint K, const double alpha, const double *A, const blasint lda, const double *B, const blasint ldb, const double beta, double *C, const blasint ldc)")
    public static void cblas_dgemm(int Order, int TransA, int TransB, int M, int N, int K, double alpha, MemorySegment A, int lda, MemorySegment B, int ldb, double beta, MemorySegment C, int ldc) {
        try {
            cblas_dgemm.HANDLE.invokeExact(Order, TransA, TransB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_strsm {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_strsm", DESC);
    }

    public static FunctionDescriptor cblas_strsm$descriptor() {
        return cblas_strsm.DESC;
    }

    public static MethodHandle cblas_strsm$handle() {
        return cblas_strsm.HANDLE;
    }

    @CSignature("void cblas_strsm(const enum CBLAS_ORDER Order, const enum CBLAS_SIDE Side, const enum CBLAS_UPLO Uplo, const enum CBLAS_TRANSPOSE TransA, const enum CBLAS_DIAG Diag, const blasint M, const blasint N, const float alpha, const float *A, const blasint lda, float *B, const blasint ldb)")
    public static void cblas_strsm(int Order, int Side, int Uplo, int TransA, int Diag, int M, int N, float alpha, MemorySegment A, int lda, MemorySegment B, int ldb) {
        try {
            cblas_strsm.HANDLE.invokeExact(Order, Side, Uplo, TransA, Diag, M, N, alpha, A, lda, B, ldb);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_dtrsm {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_dtrsm", DESC);
    }

    public static FunctionDescriptor cblas_dtrsm$descriptor() {
        return cblas_dtrsm.DESC;
    }

    public static MethodHandle cblas_dtrsm$handle() {
        return cblas_dtrsm.HANDLE;
    }

    @CSignature("void cblas_dtrsm(const enum CBLAS_ORDER Order, const enum CBLAS_SIDE Side, const enum CBLAS_UPLO Uplo, const enum CBLAS_TRANSPOSE TransA, const enum CBLAS_DIAG Diag, const blasint M, const blasint N, const double alpha, const double *A, const blasint lda, double *B, const blasint ldb)")
    public static void cblas_dtrsm(int Order, int Side, int Uplo, int TransA, int Diag, int M, int N, double alpha, MemorySegment A, int lda, MemorySegment B, int ldb) {
        try {
            cblas_dtrsm.HANDLE.invokeExact(Order, Side, Uplo, TransA, Diag, M, N, alpha, A, lda, B, ldb);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_ssyrk {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_ssyrk", DESC);
    }

    public static FunctionDescriptor cblas_ssyrk$descriptor() {
        return cblas_ssyrk.DESC;
    }

    public static MethodHandle cblas_ssyrk$handle() {
        return cblas_ssyrk.HANDLE;
    }

    @CSignature("void cblas_ssyrk(const enum CBLAS_ORDER Order, const enum CBLAS_UPLO Uplo, const enum CBLAS_TRANSPOSE Trans, const blasint N, const blasint K, const float alpha, const float *A, const blasint lda, const float beta, float *C, const blasint ldc)")
    public static void cblas_ssyrk(int Order, int Uplo, int Trans, int N, int K, float alpha, MemorySegment A, int lda, float beta, MemorySegment C, int ldc) {
        try {
            cblas_ssyrk.HANDLE.invokeExact(Order, Uplo, Trans, N, K, alpha, A, lda, beta, C, ldc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class cblas_dsyrk {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.OPENBLAS.downcall("cblas_dsyrk", DESC);
    }

    public static FunctionDescriptor cblas_dsyrk$descriptor() {
        return cblas_dsyrk.DESC;
    }

    public static MethodHandle cblas_dsyrk$handle() {
        return cblas_dsyrk.HANDLE;
    }

    @CSignature("void cblas_dsyrk(const enum CBLAS_ORDER Order, const enum CBLAS_UPLO Uplo, const enum CBLAS_TRANSPOSE Trans, const blasint N, const blasint K, const double alpha, const double *A, const blasint lda, const double beta, double *C, const blasint ldc)")
    public static void cblas_dsyrk(int Order, int Uplo, int Trans, int N, int K, double alpha, MemorySegment A, int lda, double beta, MemorySegment C, int ldc) {
        try {
            cblas_dsyrk.HANDLE.invokeExact(Order, Uplo, Trans, N, K, alpha, A, lda, beta, C, ldc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }
}
