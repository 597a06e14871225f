package dev.gatun.blas;

/** Whether a triangular matrix has ones on its diagonal (not read): CBLAS's {@code CBLAS_DIAG}. */
public enum Diag {
    NON_UNIT(131),
    /** The diagonal is taken as all ones and never read. */
    UNIT(132);

    /** The CBLAS enum value, for native implementations. */
    public final int cblas;

    Diag(int cblas) {
        this.cblas = cblas;
    }
}
