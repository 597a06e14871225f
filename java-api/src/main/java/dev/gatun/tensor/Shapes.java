package dev.gatun.tensor;

import java.util.Arrays;

/** Shape arithmetic and the wording of shape errors, shared by tensors, ops and backends. */
public final class Shapes {
    private Shapes() {}

    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Row-major strides, in elements. */
    public static long[] contiguousStrides(int[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(1, shape[i]);
        }
        return strides;
    }

    /** Validates a shape given by a user: non-negative dims, element count fits a segment. */
    public static int[] checkShape(String op, int[] shape) {
        if (shape == null) {
            throw new IllegalArgumentException(op + ": shape is null");
        }
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in shape " + str(shape));
            }
        }
        try {
            long n = numel(shape);
            Math.multiplyExact(n, (long) Float.BYTES);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(op + ": shape " + str(shape) + " has too many elements");
        }
        return shape.clone();
    }

    /** Normalizes an axis that may be negative (-1 is the last). */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** The shape both broadcast to (NumPy rules), or an exception naming the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shape mismatch in " + op + ": " + str(a) + " and " + str(b)
                        + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** {@code shape} with ones prepended up to {@code rank}. */
    public static int[] padLeft(int[] shape, int rank) {
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
