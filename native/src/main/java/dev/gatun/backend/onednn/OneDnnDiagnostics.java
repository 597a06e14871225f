package dev.gatun.backend.onednn;

import dev.gatun.backend.DiagnosticsProvider;
import dev.gatun.ffi.NativeLibrary;
import dev.gatun.ffi.gomp.Gomp;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The "oneDNN" section of {@code gatun info}: version, ISA, threading runtime, OpenMP threads, load paths, or why it is off. */
public final class OneDnnDiagnostics implements DiagnosticsProvider {

    @Override
    public String section() {
        return "oneDNN";
    }

    @Override
    public Map<String, String> entries() {
        Map<String, String> out = new LinkedHashMap<>();
        NativeLibrary lib = NativeLibrary.DNNL;
        try {
            if (!lib.isAvailable()) {
                out.put("status", "not loaded: " + withoutPrefix(lib));
                return out;
            }
            out.put("version", OneDnnInfo.version());
            out.put("CPU ISA", OneDnnInfo.isa());
            out.put("CPU runtime", OneDnnInfo.cpuRuntime());
            out.put("loaded from", lib.loadedFrom().map(Path::toString).orElse("?"));
            if (lib.note() != null) {
                out.put("note", lib.note());
            }
            NativeLibrary gomp = NativeLibrary.GOMP;
            if (gomp.isAvailable()) {
                out.put("OpenMP threads", Integer.toString(Gomp.omp_get_max_threads()));
                out.put("libgomp", gomp.loadedFrom().map(Path::toString).orElse("(already loaded by the process)"));
            } else {
                out.put("libgomp", "not loaded: " + withoutPrefix(gomp));
            }
        } catch (RuntimeException | LinkageError e) { // info must run whatever the library does
            out.put("error", String.valueOf(e.getMessage() == null ? e : e.getMessage()));
        }
        return out;
    }

    private static String withoutPrefix(NativeLibrary lib) {
        String r = lib.failureReason();
        String prefix = lib.name() + " not loaded: ";
        return r != null && r.startsWith(prefix) ? r.substring(prefix.length()) : r;
    }
}
