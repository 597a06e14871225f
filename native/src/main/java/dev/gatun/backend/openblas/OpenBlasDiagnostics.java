package dev.gatun.backend.openblas;

import dev.gatun.backend.DiagnosticsProvider;
import dev.gatun.ffi.NativeLibrary;
import dev.gatun.ffi.openblas.Cblas;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The "OpenBLAS" section of {@code gatun info}: version, build, kernel, threads, load path, or why it is off. */
public final class OpenBlasDiagnostics implements DiagnosticsProvider {

    @Override
    public String section() {
        return "OpenBLAS";
    }

    @Override
    public Map<String, String> entries() {
        Map<String, String> out = new LinkedHashMap<>();
        NativeLibrary lib = NativeLibrary.OPENBLAS;
        try {
            if (!lib.isAvailable()) {
                out.put("status", "not loaded: " + reason(lib));
                return out;
            }
            out.put("version", OpenBlasInfo.version());
            out.put("config", OpenBlasInfo.config().trim());
            out.put("core", OpenBlasInfo.coreName());
            out.put("threads", Integer.toString(Cblas.openblas_get_num_threads()));
            out.put("parallel", OpenBlasInfo.parallelMode());
            out.put("loaded from", lib.loadedFrom().map(Path::toString).orElse("?"));
            if (lib.note() != null) {
                out.put("note", lib.note());
            }
        } catch (RuntimeException | LinkageError e) { // info must run whatever the library does
            out.put("error", String.valueOf(e.getMessage() == null ? e : e.getMessage()));
        }
        return out;
    }

    /** The loader's reason without its "OpenBLAS not loaded: " prefix, which the key already says. */
    static String reason(NativeLibrary lib) {
        String r = lib.failureReason();
        String prefix = lib.name() + " not loaded: ";
        return r != null && r.startsWith(prefix) ? r.substring(prefix.length()) : r;
    }
}
