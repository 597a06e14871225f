package dev.gatun.ffi;

import dev.gatun.ffi.dnnl.Dnnl;
import dev.gatun.ffi.openblas.Cblas;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Versions the loaded libraries report about themselves, for {@code gatun info} and bug reports. */
@SuppressWarnings("restricted") // reads strings and a struct the libraries own, sized from their headers
public final class NativeVersions {
    private NativeVersions() {}

    /**
     * {@code openblas_get_config()}, e.g. {@code OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64}.
     *
     * @throws NativeLibraryUnavailableException with the loader's reason when OpenBLAS did not load
     */
    public static String openblas() {
        return cString(Cblas.openblas_get_config());
    }

    /**
     * {@code dnnl_version()} as {@code major.minor.patch (hash)}, e.g. {@code 3.13.0 (abc123...)}.
     *
     * @throws NativeLibraryUnavailableException with the loader's reason when oneDNN did not load
     */
    public static String dnnl() {
        MemorySegment v = Dnnl.dnnl_version().reinterpret(Dnnl.dnnl_version_t.byteSize());
        int major = v.get(ValueLayout.JAVA_INT, offset("major"));
        int minor = v.get(ValueLayout.JAVA_INT, offset("minor"));
        int patch = v.get(ValueLayout.JAVA_INT, offset("patch"));
        String hash = cString(v.get(ValueLayout.ADDRESS, offset("hash")));
        return major + "." + minor + "." + patch + (hash.isEmpty() ? "" : " (" + hash + ")");
    }

    private static long offset(String field) {
        return Dnnl.dnnl_version_t.byteOffset(PathElement.groupElement(field));
    }

    /** A NUL-terminated string owned by the library (static storage: never freed by us). */
    private static String cString(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
