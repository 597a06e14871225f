package dev.gatun.data;

/**
 * Feature standardization, {@code x' = (x - mean) / std} per column, with statistics fitted
 * on the training set only (fitting on validation rows would leak them into training).
 * A constant column keeps std 1 so it maps to 0 instead of dividing by zero.
 */
public record Standardizer(float[] mean, float[] std) {

    public static Standardizer fit(Dataset data) {
        int n = data.rows(), d = data.columns();
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                double v = data.feature(r, c);
                sum[c] += v;
                sumSq[c] += v * v;
            }
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int c = 0; c < d; c++) {
            double m = n == 0 ? 0 : sum[c] / n;
            double var = n == 0 ? 0 : Math.max(0, sumSq[c] / n - m * m);
            mean[c] = (float) m;
            std[c] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
        }
        return new Standardizer(mean, std);
    }

    public Dataset apply(Dataset data) {
        if (data.columns() != mean.length) {
            throw new IllegalArgumentException("standardize: statistics for " + mean.length + " columns, dataset "
                    + data.name() + " has " + data.columns());
        }
        float[] x = data.features();
        int d = mean.length;
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - mean[i % d]) / std[i % d];
        }
        return data.withFeatures(x);
    }
}
