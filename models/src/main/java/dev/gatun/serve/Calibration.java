package dev.gatun.serve;

import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * How a {@link Quantizer} turns the values a layer's input took on the calibration data into its
 * uint8 range: {@link #minMax()} covers every value seen; {@link #percentile(double)} clips the
 * rarest outliers (the range runs from the {@code 100 - p}th to the {@code p}th percentile of a
 * seeded sample), spending the 256 codes on where the values are. Either range is widened to
 * include 0, so that a real 0 (padding, a ReLU's zeros) has an exact code.
 */
public final class Calibration {
    /** Values kept per layer for the percentile method: a uniform reservoir sample beyond this. */
    static final int SAMPLE = 1 << 20;

    private final double percentile; // 100 for min/max

    private Calibration(double percentile) {
        this.percentile = percentile;
    }

    /** The range of every value seen (PyTorch's MinMaxObserver). */
    public static Calibration minMax() {
        return new Calibration(100);
    }

    /** The range between the {@code 100 - p}th and {@code p}th percentiles, {@code p} in (50, 100]. */
    public static Calibration percentile(double p) {
        if (!(p > 50 && p <= 100)) {
            throw new IllegalArgumentException("Calibration: percentile must be in (50, 100], got " + p);
        }
        return new Calibration(p);
    }

    /** "minmax" or "percentile 99.99": what a quantized checkpoint records. */
    @Override
    public String toString() {
        return percentile == 100 ? "minmax" : "percentile " + percentile;
    }

    /** Parses {@link #toString()}'s forms, and a bare number as a percentile. */
    public static Calibration parse(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("minmax") || t.equals("min-max") || t.equals("min_max")) {
            return minMax();
        }
        try {
            return percentile(Double.parseDouble(t.startsWith("percentile") ? t.substring(10).trim() : t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Calibration: '" + s + "' is not minmax or a percentile such as 99.99");
        }
    }

    Observer observer(long seed) {
        return new Observer(seed);
    }

    /** What one layer's inputs looked like: the extremes and, for percentiles, a sample. */
    final class Observer {
        private float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        private final float[] sample;
        private long seen;
        private final Rng rng;

        private Observer(long seed) {
            this.sample = percentile < 100 ? new float[SAMPLE] : null;
            this.rng = new Rng(seed);
        }

        /** Takes in every value of {@code input} (a contiguous float32 buffer of the plan); NaNs are skipped. */
        void observe(Tensor input) {
            MemorySegment s = input.segment();
            for (long i = 0, n = input.numel(); i < n; i++) {
                float v = s.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                if (v != v) {
                    continue;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                if (sample != null) {
                    if (seen < SAMPLE) {
                        sample[(int) seen] = v;
                    } else {
                        long k = (long) (rng.nextFloat() * (seen + 1)); // reservoir: each value kept with equal chance
                        if (k < SAMPLE) {
                            sample[(int) k] = v;
                        }
                    }
                }
                seen++;
            }
        }

        /** Values taken in so far (NaNs not counted). */
        long seen() {
            return seen;
        }

        /** The affine uint8 quantization of the observed range: {scale, zero point}. */
        float[] range() {
            if (seen == 0) {
                throw new IllegalStateException("Calibration: a layer saw no finite input; calibrate on data first");
            }
            float lo = min, hi = max;
            if (sample != null) {
                float[] sorted = Arrays.copyOf(sample, (int) Math.min(seen, SAMPLE));
                Arrays.sort(sorted);
                lo = sorted[(int) Math.floor((100 - percentile) / 100 * (sorted.length - 1))];
                hi = sorted[(int) Math.ceil(percentile / 100 * (sorted.length - 1))];
            }
            return affine(lo, hi);
        }
    }

    /** {scale, zero point} of uint8 codes spanning [lo, hi] widened to include 0 (PyTorch's affine quint8 observer). */
    static float[] affine(float lo, float hi) {
        lo = Math.min(lo, 0f);
        hi = Math.max(hi, 0f);
        float scale = (hi - lo) / 255f;
        if (!(scale > 0f) || Float.isInfinite(scale)) {
            return new float[] {1f, 0f}; // only zeros seen (or an overflowing range): any scale codes them exactly
        }
        float zero = Math.max(0, Math.min(255, Math.round(-lo / scale)));
        return new float[] {scale, zero};
    }
}
