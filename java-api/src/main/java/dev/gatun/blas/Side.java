package dev.gatun.blas;

/** Whether the triangular matrix of trsm multiplies from the left or the right: CBLAS's {@code CBLAS_SIDE}. */
public enum Side {
    /** Solve op(A) X = alpha B, A is m x m. */
    LEFT(141),
    /** Solve X op(A) = alpha B, A is n x n. */
    RIGHT(142);

    /** The CBLAS enum value, for native implementations. */
    public final int cblas;

    Side(int cblas) {
        this.cblas = cblas;
    }

    Side flip() {
        return this == LEFT ? RIGHT : LEFT;
    }
}
