package dev.gatun.blas;

import java.util.Random;

/**
 * A test operand: a float[] or double[] holding one matrix or vector at an offset, with a
 * stride or leading dimension, surrounded by guard values. {@link #logical} marks the
 * elements BLAS may touch; every other element holds {@link #GUARD} and must still hold it
 * after the call (no write past the described elements, in padding or past the end).
 */
final class Buf {
    static final double GUARD = -999.25; // exact in float
    private static final int TAIL = 5;

    final boolean single;
    final float[] f;
    final double[] d;
    final boolean[] logical;

    private Buf(boolean single, int length) {
        this.single = single;
        this.f = single ? new float[length] : null;
        this.d = single ? null : new double[length];
        this.logical = new boolean[length];
        for (int i = 0; i < length; i++) {
            set(i, GUARD);
        }
    }

    int length() {
        return logical.length;
    }

    double get(int i) {
        return single ? f[i] : d[i];
    }

    void set(int i, double v) {
        if (single) {
            f[i] = (float) v;
        } else {
            d[i] = v;
        }
    }

    /** Value rounded to this buffer's precision, so every implementation sees the same numbers. */
    double round(double v) {
        return single ? (float) v : v;
    }

    // ---------------------------------------------------------------- vectors

    static int first(int n, int inc) {
        return inc < 0 ? (n - 1) * -inc : 0;
    }

    /** Position of logical element i of a vector stored from {@code off} with {@code inc}. */
    static int at(int off, int n, int inc, int i) {
        return off + first(n, inc) + i * inc;
    }

    static Buf vector(boolean single, double[] values, int off, int inc) {
        int n = values.length;
        int extent = n == 0 ? 0 : 1 + (n - 1) * Math.abs(inc);
        Buf b = new Buf(single, off + extent + TAIL);
        for (int i = 0; i < n; i++) {
            b.set(at(off, n, inc, i), values[i]);
            b.logical[at(off, n, inc, i)] = true;
        }
        return b;
    }

    double[] readVector(int off, int n, int inc) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = get(at(off, n, inc, i));
        }
        return out;
    }

    // ---------------------------------------------------------------- matrices

    static int at(Layout layout, int off, int ld, int i, int j) {
        return layout == Layout.ROW_MAJOR ? off + i * ld + j : off + j * ld + i;
    }

    /** values[rows][cols] stored in {@code layout} with leading dimension ld from off. */
    static Buf matrix(boolean single, double[][] values, Layout layout, int off, int ld) {
        int rows = values.length, cols = rows == 0 ? 0 : values[0].length;
        int major = layout == Layout.ROW_MAJOR ? rows : cols, minor = layout == Layout.ROW_MAJOR ? cols : rows;
        int extent = rows == 0 || cols == 0 ? 0 : (major - 1) * ld + minor;
        Buf b = new Buf(single, off + extent + TAIL);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                b.set(at(layout, off, ld, i, j), values[i][j]);
                b.logical[at(layout, off, ld, i, j)] = true;
            }
        }
        return b;
    }

    /** The canonical form the reference gets: column-major, ld = max(1, rows), offset 0. */
    static Buf colMajor(boolean single, double[][] values) {
        return matrix(single, values, Layout.COL_MAJOR, 0, Math.max(1, values.length));
    }

    double[][] readMatrix(Layout layout, int off, int ld, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = get(at(layout, off, ld, i, j));
            }
        }
        return out;
    }

    /** Null when every non-logical element still holds GUARD, else where it does not. */
    String guardBreach() {
        for (int i = 0; i < length(); i++) {
            if (!logical[i] && Double.compare(get(i), GUARD) != 0) {
                return "element " + i + " outside the operand was written: " + get(i);
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- random values

    static double[] randomVector(Random r, int n, boolean single) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = single ? (float) (2 * r.nextDouble() - 1) : 2 * r.nextDouble() - 1;
        }
        return v;
    }

    static double[][] randomMatrix(Random r, int rows, int cols, boolean single) {
        double[][] m = new double[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = randomVector(r, cols, single);
        }
        return m;
    }
}
