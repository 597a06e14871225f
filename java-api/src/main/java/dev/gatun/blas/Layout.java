package dev.gatun.blas;

/** How a matrix is stored: CBLAS's {@code CBLAS_ORDER}. */
public enum Layout {
    /** Element (i, j) at {@code a[off + i*ld + j]}: C and Java's natural order. */
    ROW_MAJOR(101),
    /** Element (i, j) at {@code a[off + j*ld + i]}: Fortran's order, what netlib's BLAS expects. */
    COL_MAJOR(102);

    /** The CBLAS enum value, for native implementations. */
    public final int cblas;

    Layout(int cblas) {
        this.cblas = cblas;
    }
}
