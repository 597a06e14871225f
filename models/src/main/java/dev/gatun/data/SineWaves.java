package dev.gatun.data;

import dev.gatun.tensor.Rng;

/**
 * Forecasting noisy sine mixtures ({@code sine}): each row is a window of {@code length} samples
 * of {@code a1 sin(w1 t + p1) + a2 sin(w2 t + p2) + noise}, with its own random amplitudes,
 * frequencies and phases, and the target is the next sample (noise included). A model has to
 * infer the two frequencies from the window itself; repeating the last value is the baseline
 * it must beat ({@link #lastValueMse}).
 */
public final class SineWaves {
    /** Standard deviation of the Gaussian noise on every sample. */
    public static final double NOISE = 0.03;

    private SineWaves() {}

    public static Dataset generate(int rows, int length, long seed) {
        if (rows < 1 || length < 2) {
            throw new IllegalArgumentException("sine: need rows >= 1 and length >= 2, got " + rows + " and " + length);
        }
        Rng rng = new Rng(seed);
        float[] x = new float[rows * length];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            double a1 = rng.uniform(0.4f, 1f), a2 = rng.uniform(0.2f, 0.6f);
            double w1 = rng.uniform(0.2f, 0.6f), w2 = rng.uniform(0.6f, 1.2f); // radians per step
            double p1 = rng.uniform(0f, (float) (2 * Math.PI)), p2 = rng.uniform(0f, (float) (2 * Math.PI));
            for (int t = 0; t <= length; t++) {
                double v = a1 * Math.sin(w1 * t + p1) + a2 * Math.sin(w2 * t + p2) + NOISE * rng.nextGaussian();
                if (t < length) {
                    x[r * length + t] = (float) v;
                } else {
                    y[r] = (float) v;
                }
            }
        }
        return Dataset.regression("sine", x, length, y);
    }

    /** The mean squared error of predicting each row's target by its last sample. */
    public static double lastValueMse(Dataset data) {
        double sum = 0;
        for (int r = 0; r < data.rows(); r++) {
            double e = data.feature(r, data.columns() - 1) - data.target(r);
            sum += e * e;
        }
        return data.rows() == 0 ? Double.NaN : sum / data.rows();
    }
}
