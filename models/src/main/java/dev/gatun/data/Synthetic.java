package dev.gatun.data;

import dev.gatun.tensor.Rng;

/**
 * Small 2-D data sets for watching models learn, each fully determined by its seed.
 *
 * <ul>
 *   <li>{@link #xor}: the four corners of the unit square, class = x1 XOR x2. No straight
 *       line puts the two diagonals on different sides, so a linear model gets at most 3 of
 *       the 4 corners right: 75%.
 *   <li>{@link #spirals}: two interleaved spirals, the classic hard case for shallow nets.
 *   <li>{@link #blobs}: k Gaussian clusters.
 *   <li>{@link #moons}: two interleaving half circles (scikit-learn's make_moons).
 *   <li>{@link #linear}: two classes split by a random line with an empty margin around it, so
 *       the perceptron convergence theorem applies.
 * </ul>
 */
public final class Synthetic {
    private Synthetic() {}

    /**
     * The XOR truth table: (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0, each corner repeated
     * {@code copies} times with Gaussian noise of standard deviation {@code noise} added.
     * With {@code noise = 0} every copy sits exactly on its corner and no line can classify
     * more than 75% of the rows; with noise a line may cut through a cloud and gain a few rows.
     */
    public static Dataset xor(int copies, double noise, long seed) {
        positive("xor", "copies", copies);
        Rng rng = new Rng(seed);
        int n = 4 * copies;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int a = (i >> 1) & 1, b = i & 1; // corners in truth-table order, cycling
            x[2 * i] = (float) (a + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (b + noise * rng.nextGaussian());
            y[i] = a ^ b;
        }
        return Dataset.classification("xor", x, 2, y, 2);
    }

    /**
     * Two spirals of {@code perClass} points each, winding {@code turns} times out from the
     * centre to radius 1; the second is the first rotated by half a turn. Noise is Gaussian
     * with standard deviation {@code noise}.
     */
    public static Dataset spirals(int perClass, double turns, double noise, long seed) {
        positive("spirals", "perClass", perClass);
        Rng rng = new Rng(seed);
        int n = 2 * perClass;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < perClass; i++) {
            double t = 0.05 + 0.95 * i / Math.max(1, perClass - 1); // radius, leaving out the crowded centre
            double angle = t * turns * 2 * Math.PI;
            for (int c = 0; c < 2; c++) {
                int row = 2 * i + c;
                double a = angle + c * Math.PI;
                x[2 * row] = (float) (t * Math.cos(a) + noise * rng.nextGaussian());
                x[2 * row + 1] = (float) (t * Math.sin(a) + noise * rng.nextGaussian());
                y[row] = c;
            }
        }
        return Dataset.classification("spirals", x, 2, y, 2);
    }

    /**
     * {@code k} Gaussian clusters of {@code perClass} points in {@code dims} dimensions, centres
     * uniform in [-4, 4] per axis, each axis with standard deviation {@code std}.
     */
    public static Dataset blobs(int perClass, int k, int dims, double std, long seed) {
        positive("blobs", "perClass", perClass);
        if (k < 2) {
            throw new IllegalArgumentException("blobs: need at least 2 clusters, got " + k);
        }
        positive("blobs", "dims", dims);
        Rng rng = new Rng(seed);
        float[] centres = new float[k * dims];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = rng.uniform(-4f, 4f);
        }
        int n = k * perClass;
        float[] x = new float[n * dims];
        int[] y = new int[n];
        for (int row = 0; row < n; row++) {
            int c = row % k;
            for (int j = 0; j < dims; j++) {
                x[row * dims + j] = (float) (centres[c * dims + j] + std * rng.nextGaussian());
            }
            y[row] = c;
        }
        return Dataset.classification("blobs", x, dims, y, k);
    }

    /**
     * Two half circles: class 0 on the upper unit half circle, class 1 on the lower one shifted
     * by (1, 0.5) so the two interlock; Gaussian noise of standard deviation {@code noise}.
     */
    public static Dataset moons(int perClass, double noise, long seed) {
        positive("moons", "perClass", perClass);
        Rng rng = new Rng(seed);
        int n = 2 * perClass;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < perClass; i++) {
            double t = Math.PI * i / Math.max(1, perClass - 1);
            double[][] points = {{Math.cos(t), Math.sin(t)}, {1 - Math.cos(t), 0.5 - Math.sin(t)}};
            for (int c = 0; c < 2; c++) {
                int row = 2 * i + c;
                x[2 * row] = (float) (points[c][0] + noise * rng.nextGaussian());
                x[2 * row + 1] = (float) (points[c][1] + noise * rng.nextGaussian());
                y[row] = c;
            }
        }
        return Dataset.classification("moons", x, 2, y, 2);
    }

    /**
     * {@code n} points uniform in [-1, 1]^dims labelled by the side of a random hyperplane
     * {@code w.x + b = 0} (|w| = 1); points closer to it than {@code margin} are redrawn, so the
     * classes are separable with at least that margin.
     */
    public static Dataset linear(int n, int dims, double margin, long seed) {
        positive("linear", "n", n);
        positive("linear", "dims", dims);
        if (!(margin >= 0 && margin < 0.5)) {
            throw new IllegalArgumentException("linear: margin must be in [0, 0.5), got " + margin);
        }
        Rng rng = new Rng(seed);
        double[] w = new double[dims];
        double norm = 0;
        for (int j = 0; j < dims; j++) {
            w[j] = rng.nextGaussian();
            norm += w[j] * w[j];
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < dims; j++) {
            w[j] /= norm;
        }
        double b = rng.uniform(-0.2f, 0.2f);
        float[] x = new float[n * dims];
        int[] y = new int[n];
        for (int row = 0; row < n; row++) {
            double side;
            do {
                side = b;
                for (int j = 0; j < dims; j++) {
                    float v = rng.uniform(-1f, 1f);
                    x[row * dims + j] = v;
                    side += w[j] * v;
                }
            } while (Math.abs(side) < margin);
            y[row] = side > 0 ? 1 : 0;
        }
        return Dataset.classification("linear", x, dims, y, 2);
    }

    private static void positive(String set, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(set + ": " + what + " must be at least 1, got " + value);
        }
    }
}
