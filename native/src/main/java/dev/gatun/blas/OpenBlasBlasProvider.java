package dev.gatun.blas;

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
