package dev.gatun.blas;

/** Whether a routine uses a matrix as stored or its transpose: CBLAS's {@code CBLAS_TRANSPOSE}. */
public enum Transpose {
    NO_TRANS(111),
    /** For real matrices the conjugate transpose is the transpose: netlib's "C" maps here. */
    TRANS(112);

    /** The CBLAS enum value, for native implementations. */
    public final int cblas;

    Transpose(int cblas) {
        this.cblas = cblas;
    }

    public boolean transposed() {
        return this == TRANS;
    }
}
