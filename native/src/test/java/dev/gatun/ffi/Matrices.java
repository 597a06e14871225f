package dev.gatun.ffi;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/** Small helpers for the native smoke tests: random off-heap matrices and the reference product. */
public final class Matrices {
    private Matrices() {}

    /** Shapes (m, k, n) every gemm smoke test runs: trivial, odd, and larger than a cache block. */
    public static final int[][] SHAPES = {{1, 1, 1}, {7, 13, 5}, {257, 129, 65}};

    /** rows x cols floats in [-1, 1), row-major, 64-byte aligned. */
    public static MemorySegment random(Arena arena, int rows, int cols, long seed) {
        MemorySegment m = arena.allocate(JAVA_FLOAT, (long) rows * cols);
        SplittableRandom random = new SplittableRandom(seed);
        for (long i = 0; i < (long) rows * cols; i++) {
            m.setAtIndex(JAVA_FLOAT, i, (float) (random.nextDouble() * 2 - 1));
        }
        return m;
    }

    /** C[m][n] = A[m][k] * B[k][n], plain triple loop in double: the oracle. */
    public static double[] multiply(MemorySegment a, MemorySegment b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a.getAtIndex(JAVA_FLOAT, (long) i * k + p) * b.getAtIndex(JAVA_FLOAT, (long) p * n + j);
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    /**
     * Largest |actual - expected|, which must stay under {@code 1e-5 * k}: float accumulation error
     * grows with the reduction length, and |terms| <= 1.
     */
    public static void assertClose(double[] expected, MemorySegment actual, int k) {
        double tolerance = 1e-5 * k;
        for (int i = 0; i < expected.length; i++) {
            double got = actual.getAtIndex(JAVA_FLOAT, i);
            if (!(Math.abs(got - expected[i]) <= tolerance)) {
                throw new AssertionError("element " + i + ": expected " + expected[i] + ", got " + got + " (tolerance " + tolerance + ")");
            }
        }
    }
}
