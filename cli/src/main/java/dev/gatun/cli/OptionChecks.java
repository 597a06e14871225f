package dev.gatun.cli;

import java.util.Arrays;

/**
 * Range checks of numeric options, run before anything is loaded or allocated. Each failure is
 * one line naming the option, the value given and what is allowed: NaN and infinities are never
 * a value (picocli parses "NaN" and "Infinity" as floats), and sizes have limits that keep a
 * typo from allocating gigabytes.
 */
final class OptionChecks {
    /** Epochs, patience: a million epochs is already far past any useful run. */
    static final int MAX_EPOCHS = 1_000_000;
    /** Rows per mini-batch. */
    static final int MAX_BATCH = 1 << 20;
    /** One hidden layer's width or a conv block's channels. */
    static final int MAX_HIDDEN = 1 << 16;
    /** Weights between consecutive hidden layers, summed: 2^28 floats = 1 GiB. */
    static final long MAX_HIDDEN_WEIGHTS = 1L << 28;
    /**
     * Recurrent and transformer layers hold several width x width matrices each (a transformer
     * block 12): the squares of their widths, summed, stay within 2^24.
     */
    static final long MAX_SQUARE_WEIGHTS = 1L << 24;

    /** Hidden activations of one mini-batch: 2^28 floats = 1 GiB (forward; backward keeps as many again). */
    static final long MAX_ACTIVATIONS = 1L << 28;

    private OptionChecks() {}

    /**
     * The hidden activations one mini-batch holds, {@code batch x sum(hidden) x valuesPerUnit}
     * (a conv channel holds an image's worth, estimated at 28 x 28), within MAX_ACTIVATIONS.
     */
    static void activations(int batch, int[] hidden, long valuesPerUnit) {
        long units = 0;
        for (int h : hidden) {
            units += h;
        }
        double values = (double) batch * units * valuesPerUnit;
        if (values > MAX_ACTIVATIONS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "--batch %d with --hidden %s makes "
                    + "%.0f hidden activations per batch, more than the %d allowed; give a smaller batch or fewer units",
                    batch, join(hidden), values, MAX_ACTIVATIONS));
        }
    }

    /** float32 or bf16 (bfloat16 spelled out is taken too). */
    static dev.gatun.tensor.DataType precision(String option, String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "fp32", "f32" -> dev.gatun.tensor.DataType.FLOAT32;
            case "bf16", "bfloat16" -> dev.gatun.tensor.DataType.BFLOAT16;
            default -> throw new IllegalArgumentException(option + " must be float32 or bf16, got " + v);
        };
    }

    static int intIn(String option, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(option + " must be " + (max == Integer.MAX_VALUE ? "at least " + min
                    : "in [" + min + ", " + max + "]") + ", got " + v);
        }
        return v;
    }

    /** A finite number above 0 (a learning rate). */
    static float positive(String option, float v) {
        if (!Float.isFinite(v) || v <= 0) {
            throw new IllegalArgumentException(option + " must be a finite number > 0, got " + v);
        }
        return v;
    }

    /** A finite number in [min, max) (dropout, the validation fraction) or [min, max] when {@code maxIncluded}. */
    static double inRange(String option, double v, double min, double max, boolean maxIncluded) {
        if (!Double.isFinite(v) || v < min || v > max || v == max && !maxIncluded) {
            throw new IllegalArgumentException(option + " must be a finite number in [" + num(min) + ", " + num(max)
                    + (maxIncluded ? "]" : ")") + ", got " + v);
        }
        return v;
    }

    /** A finite number of at least {@code min} (a penalty, a temperature). */
    static double atLeast(String option, double v, double min) {
        if (!Double.isFinite(v) || v < min) {
            throw new IllegalArgumentException(option + " must be a finite number >= " + num(min) + ", got " + v);
        }
        return v;
    }

    /**
     * Layer sizes: each in [1, MAX_HIDDEN], the weights between consecutive layers within
     * MAX_HIDDEN_WEIGHTS and, for layers of square weights ({@code squareLayers}), their squares
     * within MAX_SQUARE_WEIGHTS.
     */
    static int[] hidden(String option, int[] sizes, boolean squareLayers) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException(option + " needs at least one size");
        }
        long weights = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1 || sizes[i] > MAX_HIDDEN) {
                throw new IllegalArgumentException(option + " sizes must be in [1, " + MAX_HIDDEN + "], got "
                        + join(sizes));
            }
            weights += i == 0 ? 0 : (long) sizes[i - 1] * sizes[i];
        }
        long squares = 0;
        for (int h : sizes) {
            squares += (long) h * h;
        }
        if (squareLayers && squares > MAX_SQUARE_WEIGHTS) {
            throw new IllegalArgumentException(option + " " + join(sizes) + " makes " + squares + " weights in the "
                    + "layers' width x width matrices, more than the " + MAX_SQUARE_WEIGHTS + " allowed");
        }
        if (weights > MAX_HIDDEN_WEIGHTS) {
            throw new IllegalArgumentException(option + " " + join(sizes) + " makes " + weights
                    + " weights between the hidden layers, more than the " + MAX_HIDDEN_WEIGHTS + " allowed");
        }
        return sizes;
    }

    private static String join(int[] sizes) {
        return Arrays.toString(sizes).replaceAll("[\\[\\] ]", "");
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
