package dev.gatun.backend.openblas;

import dev.gatun.ffi.NativeVersions;
import dev.gatun.ffi.openblas.Cblas;

/** What the loaded OpenBLAS says about itself; each call throws with the loader's reason when it is absent. */
public final class OpenBlasInfo {
    private OpenBlasInfo() {}

    /** {@code openblas_get_config()}, e.g. {@code OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64}. */
    public static String config() {
        return NativeVersions.openblas();
    }

    /** The version word of {@link #config()}, e.g. {@code 0.3.31}. */
    public static String version() {
        String[] words = config().trim().split("\\s+");
        return words.length >= 2 && words[0].equals("OpenBLAS") ? words[1] : "unknown";
    }

    /** The kernel family DYNAMIC_ARCH picked for this CPU, e.g. {@code Haswell} or {@code SkylakeX}. */
    public static String coreName() {
        return cString(Cblas.openblas_get_corename());
    }

    /** {@code openblas_get_parallel()} in words. */
    public static String parallelMode() {
        int mode = Cblas.openblas_get_parallel();
        return switch (mode) {
            case Cblas.OPENBLAS_SEQUENTIAL -> "sequential";
            case Cblas.OPENBLAS_THREAD -> "pthreads";
            case Cblas.OPENBLAS_OPENMP -> "OpenMP";
            default -> "unknown (" + mode + ")";
        };
    }

    @SuppressWarnings("restricted") // a NUL-terminated string in OpenBLAS's static storage
    private static String cString(java.lang.foreign.MemorySegment p) {
        return p.equals(java.lang.foreign.MemorySegment.NULL) ? "" : p.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
