/**
 * The oneDNN and OpenBLAS backends through the Foreign Function and Memory API. Nothing is
 * exported: the backends are found as services ({@code Backends.byName("onednn")}), and the
 * bindings stay internal. Run with {@code --enable-native-access=dev.gatun.nativelib}.
 *
 * <p>The shared libraries come from the bytedeco carrier jars, on the class path or, unresolved,
 * on the module path (see {@code dev.gatun.ffi.CarrierResources}).
 */
module dev.gatun.nativelib {
    requires transitive dev.gatun.api;

    provides dev.gatun.backend.BackendProvider with
            dev.gatun.backend.onednn.OneDnnProvider,
            dev.gatun.backend.openblas.OpenBlasProvider;
    provides dev.gatun.backend.DiagnosticsProvider with
            dev.gatun.backend.openblas.OpenBlasDiagnostics,
            dev.gatun.backend.onednn.OneDnnDiagnostics;
    provides dev.gatun.blas.BlasProvider with dev.gatun.blas.openblas.OpenBlasBlasProvider;
}
