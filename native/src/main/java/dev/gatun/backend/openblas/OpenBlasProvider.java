package dev.gatun.backend.openblas;

import dev.gatun.backend.Backend;
import dev.gatun.backend.BackendProvider;
import dev.gatun.backend.Backends;
import dev.gatun.ffi.NativeLibrary;
import dev.gatun.ffi.NativeLibraryUnavailableException;

/** Offers the {@code openblas} backend through {@link java.util.ServiceLoader} (priority 200). */
public final class OpenBlasProvider implements BackendProvider {

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public int priority() {
        return 200;
    }

    /** @throws NativeLibraryUnavailableException with the loader's one-line reason when OpenBLAS cannot load */
    @Override
    public Backend create(Backend fallback) {
        if (!NativeLibrary.OPENBLAS.isAvailable()) {
            throw new NativeLibraryUnavailableException(NativeLibrary.OPENBLAS.failureReason());
        }
        OpenBlasInfo.config(); // fails here, not at the first matmul, if a symbol is missing
        return new OpenBlasBackend(fallback, Backends.threads());
    }
}
