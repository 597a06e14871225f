package dev.gatun.tensor;

import java.util.SplittableRandom;

/**
 * A seeded random generator. The same seed gives the same numbers on every JVM and platform
 * ({@link SplittableRandom}'s algorithm is specified), so a seed fixes a whole training run.
 */
public final class Rng {
    private final SplittableRandom random;
    private double spareGaussian = Double.NaN;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Uniform in [0, 1). */
    public float nextFloat() {
        return (float) random.nextDouble();
    }

    /** Uniform in [lo, hi). */
    public float uniform(float lo, float hi) {
        return lo + (hi - lo) * (float) random.nextDouble();
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Standard normal by the Box-Muller transform (spelled out so it never changes under us). */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
        double u2 = random.nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareGaussian = r * Math.sin(2 * Math.PI * u2);
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** Fisher-Yates shuffle of {@code order} in place. */
    public void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** An independent generator derived from this one (for dropout masks, data, init). */
    public Rng split() {
        return new Rng(random.nextLong());
    }
}
