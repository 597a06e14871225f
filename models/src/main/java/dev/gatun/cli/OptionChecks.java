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

    private OptionChecks() {}

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

    /** Layer sizes: each in [1, MAX_HIDDEN], and the weights between consecutive layers within MAX_HIDDEN_WEIGHTS. */
    static int[] hidden(String option, int[] sizes) {
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
