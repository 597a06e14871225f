package dev.gatun.backend.onednn;

import dev.gatun.backend.Backend;
import dev.gatun.backend.BackendProvider;
import dev.gatun.backend.Backends;
import dev.gatun.ffi.NativeLibrary;
import dev.gatun.ffi.NativeLibraryUnavailableException;
import dev.gatun.ffi.dnnl.DnnlEngine;

/** Offers the {@code onednn} backend through {@link java.util.ServiceLoader} (priority 300, the first choice). */
public final class OneDnnProvider implements BackendProvider {

    @Override
    public String name() {
        return "onednn";
    }

    @Override
    public int priority() {
        return 300;
    }

    /**
     * @throws NativeLibraryUnavailableException with the loader's one-line reason when oneDNN cannot load
     * @throws dev.gatun.ffi.dnnl.DnnlException when oneDNN loads but refuses a CPU engine
     */
    @Override
    public Backend create(Backend fallback) {
        if (!NativeLibrary.DNNL.isAvailable()) {
            throw new NativeLibraryUnavailableException(NativeLibrary.DNNL.failureReason());
        }
        DnnlEngine.cpu(); // fails here, with oneDNN's status, rather than at the first op
        return new OneDnnBackend(fallback, Backends.threads());
    }
}
