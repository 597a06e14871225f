package dev.gatun.blas;

/** Which triangle of a triangular or symmetric matrix is read or written: CBLAS's {@code CBLAS_UPLO}. */
public enum Uplo {
    UPPER(121),
    LOWER(122);

    /** The CBLAS enum value, for native implementations. */
    public final int cblas;

    Uplo(int cblas) {
        this.cblas = cblas;
    }

    Uplo flip() {
        return this == UPPER ? LOWER : UPPER;
    }
}
