package dev.gatun.blas.openblas;

import dev.gatun.ffi.NativeLibrary;
import dev.gatun.ffi.openblas.Cblas;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The CBLAS functions of {@link Cblas} again, linked with {@code Linker.Option.critical(true)}:
 * they accept heap segments (Java arrays, {@link MemorySegment#ofArray}) and pass the array's
 * address straight to OpenBLAS, with no copy and no thread-state switch. The price: while such a
 * call runs, this thread cannot reach a safepoint, so a GC waits for it; {@link OpenBlasBlas}
 * therefore sends only calls that are short enough here (see its class comment).
 *
 * <p>Same descriptors as the bindings (which the conformance test checks against cblas.h).
 */
final class CriticalCblas {
    private CriticalCblas() {}

    private static MethodHandle critical(String name, FunctionDescriptor descriptor) {
        return NativeLibrary.OPENBLAS.downcall(name, descriptor, Linker.Option.critical(true));
    }

    static final MethodHandle SDOT = critical("cblas_sdot", Cblas.cblas_sdot$descriptor());
    static final MethodHandle DDOT = critical("cblas_ddot", Cblas.cblas_ddot$descriptor());
    static final MethodHandle SNRM2 = critical("cblas_snrm2", Cblas.cblas_snrm2$descriptor());
    static final MethodHandle DNRM2 = critical("cblas_dnrm2", Cblas.cblas_dnrm2$descriptor());
    static final MethodHandle SASUM = critical("cblas_sasum", Cblas.cblas_sasum$descriptor());
    static final MethodHandle DASUM = critical("cblas_dasum", Cblas.cblas_dasum$descriptor());
    static final MethodHandle ISAMAX = critical("cblas_isamax", Cblas.cblas_isamax$descriptor());
    static final MethodHandle IDAMAX = critical("cblas_idamax", Cblas.cblas_idamax$descriptor());
    static final MethodHandle SAXPY = critical("cblas_saxpy", Cblas.cblas_saxpy$descriptor());
    static final MethodHandle DAXPY = critical("cblas_daxpy", Cblas.cblas_daxpy$descriptor());
    static final MethodHandle SSCAL = critical("cblas_sscal", Cblas.cblas_sscal$descriptor());
    static final MethodHandle DSCAL = critical("cblas_dscal", Cblas.cblas_dscal$descriptor());
    static final MethodHandle SCOPY = critical("cblas_scopy", Cblas.cblas_scopy$descriptor());
    static final MethodHandle DCOPY = critical("cblas_dcopy", Cblas.cblas_dcopy$descriptor());
    static final MethodHandle SSWAP = critical("cblas_sswap", Cblas.cblas_sswap$descriptor());
    static final MethodHandle DSWAP = critical("cblas_dswap", Cblas.cblas_dswap$descriptor());
    static final MethodHandle SGEMV = critical("cblas_sgemv", Cblas.cblas_sgemv$descriptor());
    static final MethodHandle DGEMV = critical("cblas_dgemv", Cblas.cblas_dgemv$descriptor());
    static final MethodHandle SGER = critical("cblas_sger", Cblas.cblas_sger$descriptor());
    static final MethodHandle DGER = critical("cblas_dger", Cblas.cblas_dger$descriptor());
    static final MethodHandle SGEMM = critical("cblas_sgemm", Cblas.cblas_sgemm$descriptor());
    static final MethodHandle DGEMM = critical("cblas_dgemm", Cblas.cblas_dgemm$descriptor());
    static final MethodHandle STRSM = critical("cblas_strsm", Cblas.cblas_strsm$descriptor());
    static final MethodHandle DTRSM = critical("cblas_dtrsm", Cblas.cblas_dtrsm$descriptor());
    static final MethodHandle SSYRK = critical("cblas_ssyrk", Cblas.cblas_ssyrk$descriptor());
    static final MethodHandle DSYRK = critical("cblas_dsyrk", Cblas.cblas_dsyrk$descriptor());

    /** invokeExact's checked Throwable, for the call sites: native calls throw nothing else. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("should not reach here", t);
    }
}
