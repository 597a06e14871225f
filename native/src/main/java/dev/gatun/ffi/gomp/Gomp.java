package dev.gatun.ffi.gomp;

import static java.lang.foreign.ValueLayout.*;

import dev.gatun.ffi.CSignature;
import dev.gatun.ffi.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * GNU OpenMP ({@code omp.h}), the runtime oneDNN was built against and ships beside itself:
 * {@link NativeLibrary#GOMP} is the very instance oneDNN uses, so these calls size oneDNN's
 * thread pool. Written in jextract's shape without jextract (see {@code native/jextract/README.md}).
 *
 * <p>{@code omp_set_num_threads} sets the calling thread's ICV, which OpenMP copies into threads
 * it creates later; call it on each Java thread that runs oneDNN primitives, or before any run.

 * <p>Shape (as jextract generates it): each function has a private holder class with its
 * {@code FunctionDescriptor} and downcall {@code MethodHandle}, resolved on first use; a typed
 * static method; and {@code name$descriptor()} / {@code name$handle()} accessors. Holder classes
 * never fail to initialise: when the library is missing, the handle throws
 * {@link dev.gatun.ffi.NativeLibraryUnavailableException} with the loader's reason. Each method
 * carries its C declaration in {@link CSignature}; {@code BindingConformanceTest} compiles those
 * against the real header. The symbol list is {@code native/jextract/gomp.args}.
 */
public final class Gomp {
    private Gomp() {}

    private static final class omp_set_num_threads {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.GOMP.downcall("omp_set_num_threads", DESC);
    }

    public static FunctionDescriptor omp_set_num_threads$descriptor() {
        return omp_set_num_threads.DESC;
    }

    public static MethodHandle omp_set_num_threads$handle() {
        return omp_set_num_threads.HANDLE;
    }

    @CSignature("void omp_set_num_threads(int num_threads)")
    public static void omp_set_num_threads(int num_threads) {
        try {
            omp_set_num_threads.HANDLE.invokeExact(num_threads);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class omp_get_max_threads {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.GOMP.downcall("omp_get_max_threads", DESC);
    }

    public static FunctionDescriptor omp_get_max_threads$descriptor() {
        return omp_get_max_threads.DESC;
    }

    public static MethodHandle omp_get_max_threads$handle() {
        return omp_get_max_threads.HANDLE;
    }

    @CSignature("int omp_get_max_threads(void)")
    public static int omp_get_max_threads() {
        try {
            return (int) omp_get_max_threads.HANDLE.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class omp_get_num_procs {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.GOMP.downcall("omp_get_num_procs", DESC);
    }

    public static FunctionDescriptor omp_get_num_procs$descriptor() {
        return omp_get_num_procs.DESC;
    }

    public static MethodHandle omp_get_num_procs$handle() {
        return omp_get_num_procs.HANDLE;
    }

    @CSignature("int omp_get_num_procs(void)")
    public static int omp_get_num_procs() {
        try {
            return (int) omp_get_num_procs.HANDLE.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }
}
