package dev.gatun.blas.openblas;

import dev.gatun.blas.Blas;
import dev.gatun.blas.BlasProvider;
import dev.gatun.ffi.NativeLibrary;

/** Offers {@link OpenBlasBlas} to {@code Blas.getInstance()} when OpenBLAS loads. */
public final class OpenBlasBlasProvider implements BlasProvider {
    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public Blas create() {
        if (!NativeLibrary.OPENBLAS.isAvailable()) {
            throw new IllegalStateException(NativeLibrary.OPENBLAS.failureReason());
        }
        return new OpenBlasBlas();
    }
}
