package dev.gatun.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a loaded library must offer before Gatun uses it: every symbol its binding class binds
 * (the methods carrying {@link CSignature}), and a version the bindings were written for. A library
 * that fails (libz named as OpenBLAS, oneDNN 2.x named as oneDNN 3) is reported like a missing
 * file, so the backends fall back to java with the reason instead of failing at the first call.
 */
record LibraryCheck(String bindingClass, Function<SymbolLookup, String> versionProblem) {
    static final LibraryCheck OPENBLAS = new LibraryCheck("dev.gatun.ffi.openblas.Cblas", LibraryCheck::openblasVersion);
    static final LibraryCheck DNNL = new LibraryCheck("dev.gatun.ffi.dnnl.Dnnl", LibraryCheck::dnnlVersion);
    static final LibraryCheck GOMP = new LibraryCheck("dev.gatun.ffi.gomp.Gomp", lookup -> null);

    /** Null when the library is usable, else the reason (the missing symbols, or the version found). */
    String problem(SymbolLookup lookup) {
        List<String> missing = new ArrayList<>();
        for (String symbol : symbols()) {
            if (lookup.find(symbol).isEmpty()) {
                missing.add(symbol);
            }
        }
        if (!missing.isEmpty()) {
            return "lacks " + missing.size() + " of the " + symbols().size() + " functions Gatun binds (" + String.join(", ",
                    missing.subList(0, Math.min(4, missing.size()))) + (missing.size() > 4 ? ", ..." : "") + ")";
        }
        return versionProblem.apply(lookup);
    }

    /** The C functions the binding class calls, read from its annotations without initialising it. */
    List<String> symbols() {
        try {
            Class<?> c = Class.forName(bindingClass, false, LibraryCheck.class.getClassLoader());
            List<String> out = new ArrayList<>();
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(CSignature.class)) {
                    out.add(m.getName());
                }
            }
            out.sort(null);
            return out;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("binding class " + bindingClass + " is missing", e);
        }
    }

    @SuppressWarnings("restricted")
    private static String openblasVersion(SymbolLookup lookup) {
        try {
            MemorySegment config = (MemorySegment) Linker.nativeLinker().downcallHandle(
                    lookup.find("openblas_get_config").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
            String text = config.equals(MemorySegment.NULL) ? "" : config.reinterpret(4096).getString(0);
            return text.startsWith("OpenBLAS 0.3.") ? null : "is not OpenBLAS 0.3.x (openblas_get_config says '" + text + "')";
        } catch (Throwable t) {
            return "openblas_get_config failed: " + t;
        }
    }

    @SuppressWarnings("restricted")
    private static String dnnlVersion(SymbolLookup lookup) {
        try {
            MemorySegment v = (MemorySegment) Linker.nativeLinker().downcallHandle(
                    lookup.find("dnnl_version").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
            int major = v.reinterpret(12).get(ValueLayout.JAVA_INT, 0); // dnnl_version_t starts {int major, minor, patch}
            return major == 3 ? null : "is oneDNN " + major + ".x; Gatun's bindings need oneDNN 3.x";
        } catch (Throwable t) {
            return "dnnl_version failed: " + t;
        }
    }
}
