package dev.gatun.blas;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The argument checks of every routine, done once in {@link AbstractBlas} before a kernel runs.
 * Each throws with the routine, the argument and its value, e.g.
 * {@code "sgemm: lda=2 < max(1, 3): A is stored 4 x 3 row-major"} or
 * {@code "sgemm: array a too short: needs 12 elements from offset 0, has 10"}.
 *
 * <p>Lengths are in elements; {@code what} is "array" or "segment". Element counts and extents
 * are computed in {@code long}, so no size can overflow past a check.
 */
final class BlasChecks {
    private BlasChecks() {}

    static long length(float[] a, String routine, String name) {
        return Objects.requireNonNull(a, () -> routine + ": array " + name + " is null").length;
    }

    static long length(double[] a, String routine, String name) {
        return Objects.requireNonNull(a, () -> routine + ": array " + name + " is null").length;
    }

    /** Elements of {@code elementBytes} that fit in the segment; an output must be writable. */
    static long length(MemorySegment s, int elementBytes, boolean written, String routine, String name) {
        Objects.requireNonNull(s, () -> routine + ": segment " + name + " is null");
        if (written && s.isReadOnly()) {
            throw new IllegalArgumentException(routine + ": segment " + name + " is read-only but is written");
        }
        return s.byteSize() / elementBytes;
    }

    static <T> T notNull(T value, String routine, String name) {
        return Objects.requireNonNull(value, () -> routine + ": " + name + " is null");
    }

    static void size(String routine, String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(routine + ": " + name + "=" + value + " < 0");
        }
    }

    static void increment(String routine, String name, int inc) {
        if (inc == 0) {
            throw new IllegalArgumentException(routine + ": " + name + "=0 (increments are never 0)");
        }
    }

    /** nrm2, asum, iamax and scal read one vector and, as in the reference BLAS, need inc > 0. */
    static void positiveIncrement(String routine, String name, int inc) {
        if (inc <= 0) {
            throw new IllegalArgumentException(routine + ": " + name + "=" + inc + " must be > 0");
        }
    }

    /** Vector of n elements, stride |inc|, from {@code off}: needs 1 + (n-1)|inc| elements. */
    static void vector(String routine, String what, String name, long length, long off, int n, int inc) {
        long needed = n == 0 ? 0 : 1 + (long) (n - 1) * Math.abs((long) inc);
        fits(routine, what, name, length, off, needed);
    }

    /**
     * Matrix stored {@code rows x cols} in {@code layout} with leading dimension {@code ld}
     * ({@code matrix} is its name in messages, e.g. "A"): checks ld, then that the array holds it.
     */
    static void matrix(String routine, String what, String name, String ldName, String matrix, Layout layout,
                       int rows, int cols, int ld, long length, long off) {
        int minor = layout == Layout.ROW_MAJOR ? cols : rows;
        int major = layout == Layout.ROW_MAJOR ? rows : cols;
        if (ld < Math.max(1, minor)) {
            throw new IllegalArgumentException(routine + ": " + ldName + "=" + ld + " < max(1, " + minor + "): "
                    + matrix + " is stored " + rows + " x " + cols + (layout == Layout.ROW_MAJOR ? " row-major" : " column-major"));
        }
        long needed = rows == 0 || cols == 0 ? 0 : (long) (major - 1) * ld + minor;
        fits(routine, what, name, length, off, needed);
    }

    private static void fits(String routine, String what, String name, long length, long off, long needed) {
        if (off < 0) {
            throw new IndexOutOfBoundsException(routine + ": offset of " + what + " " + name + " is " + off + " < 0");
        }
        if (off + needed > length) {
            throw new IndexOutOfBoundsException(routine + ": " + what + " " + name + " too short: needs " + needed
                    + " elements from offset " + off + ", has " + length);
        }
    }
}
