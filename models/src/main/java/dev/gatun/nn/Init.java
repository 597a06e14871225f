package dev.gatun.nn;

import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Locale;

/**
 * Weight initializers with PyTorch's formulas ({@code torch.nn.init}), each an
 * {@link Initializer} that draws from a seeded {@link dev.gatun.tensor.Rng}:
 *
 * <pre>{@code
 * Init.kaimingUniform(0f, Init.FanMode.FAN_IN, "relu").fill(linear.weight().value(), rng);
 * Init.xavierNormal(Init.gain("tanh")).fill(w, rng);
 * }</pre>
 *
 * Fans follow PyTorch: for a weight [out, in, k...], fan_in = in * prod(k), fan_out = out * prod(k).
 */
public final class Init {
    private Init() {}

    /** Which fan Kaiming initialization preserves the variance of. */
    public enum FanMode {
        /** Forward activations (PyTorch's default). */
        FAN_IN,
        /** Backward gradients. */
        FAN_OUT
    }

    /** U(lo, hi). */
    public static Initializer uniform(float lo, float hi) {
        return (t, rng) -> {
            float[] v = new float[count(t)];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.uniform(lo, hi);
            }
            t.copyFrom(v);
        };
    }

    /** N(mean, std^2). */
    public static Initializer normal(float mean, float std) {
        return (t, rng) -> {
            float[] v = new float[count(t)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (mean + std * rng.nextGaussian());
            }
            t.copyFrom(v);
        };
    }

    public static Initializer constant(float value) {
        return (t, rng) -> t.fill(value);
    }

    public static Initializer zeros() {
        return constant(0f);
    }

    /** Glorot/Xavier uniform: U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out)). */
    public static Initializer xavierUniform(float gain) {
        return (t, rng) -> {
            double bound = gain * Math.sqrt(6.0 / (fanIn(t.shape()) + fanOut(t.shape())));
            uniform((float) -bound, (float) bound).fill(t, rng);
        };
    }

    /** Glorot/Xavier normal: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out)). */
    public static Initializer xavierNormal(float gain) {
        return (t, rng) -> {
            double std = gain * Math.sqrt(2.0 / (fanIn(t.shape()) + fanOut(t.shape())));
            normal(0f, (float) std).fill(t, rng);
        };
    }

    /**
     * He/Kaiming uniform: U(-b, b), b = sqrt(3) * gain / sqrt(fan), gain = {@link #gain}(nonlinearity, a).
     * {@code kaimingUniform(sqrt(5), FAN_IN, "leaky_relu")} is PyTorch's default for Linear weights,
     * which works out to U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
     */
    public static Initializer kaimingUniform(float a, FanMode mode, String nonlinearity) {
        return (t, rng) -> {
            double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
            uniform((float) -bound, (float) bound).fill(t, rng);
        };
    }

    /** He/Kaiming normal: N(0, std^2), std = gain / sqrt(fan). */
    public static Initializer kaimingNormal(float a, FanMode mode, String nonlinearity) {
        return (t, rng) -> normal(0f, (float) kaimingStd(t, a, mode, nonlinearity)).fill(t, rng);
    }

    private static double kaimingStd(Tensor t, float a, FanMode mode, String nonlinearity) {
        int fan = mode == FanMode.FAN_IN ? fanIn(t.shape()) : fanOut(t.shape());
        return gain(nonlinearity, a) / Math.sqrt(fan);
    }

    /** PyTorch's {@code calculate_gain(nonlinearity)}: leaky_relu with its default slope 0.01. */
    public static float gain(String nonlinearity) {
        return gain(nonlinearity, LeakyReLU.DEFAULT_SLOPE);
    }

    /**
     * PyTorch's {@code calculate_gain(nonlinearity, param)}: 1 for linear/identity/sigmoid/conv,
     * 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + param^2)) for leaky_relu (param is the
     * negative slope), 3/4 for selu. Not in PyTorch: gelu and gelu_tanh take relu's sqrt(2),
     * step takes 1.
     */
    public static float gain(String nonlinearity, float param) {
        return switch (nonlinearity.toLowerCase(Locale.ROOT)) {
            case "linear", "identity", "sigmoid", "step", "conv1d", "conv2d", "conv3d" -> 1f;
            case "tanh" -> 5f / 3f;
            case "relu", "gelu", "gelu_tanh" -> (float) Math.sqrt(2.0);
            case "leaky_relu" -> (float) Math.sqrt(2.0 / (1.0 + (double) param * param));
            case "selu" -> 0.75f;
            default -> throw new IllegalArgumentException("gain: unknown nonlinearity '" + nonlinearity
                    + "' (linear, sigmoid, tanh, relu, leaky_relu, gelu, step, selu)");
        };
    }

    /** in * receptive field: dim 1 times the product of dims 2.. (dim 0 for a vector). */
    public static int fanIn(int[] shape) {
        if (shape.length < 1) {
            throw new IllegalArgumentException("fanIn: needs at least one dimension, got " + Shapes.str(shape));
        }
        return shape.length == 1 ? shape[0] : shape[1] * receptiveField(shape);
    }

    /** out * receptive field: dim 0 times the product of dims 2... */
    public static int fanOut(int[] shape) {
        if (shape.length < 1) {
            throw new IllegalArgumentException("fanOut: needs at least one dimension, got " + Shapes.str(shape));
        }
        return shape.length == 1 ? shape[0] : shape[0] * receptiveField(shape);
    }

    private static int receptiveField(int[] shape) {
        int r = 1;
        for (int i = 2; i < shape.length; i++) {
            r *= shape[i];
        }
        return r;
    }

    /**
     * An initializer by command-line name, for a weight feeding {@code activation}:
     * "xavier_uniform"/"glorot_uniform", "xavier_normal"/"glorot_normal", "kaiming_uniform"/"he_uniform",
     * "kaiming_normal"/"he_normal" (fan_in, gain of the activation), "default" (PyTorch's Linear default).
     */
    public static Initializer byName(String name, String activation) {
        String act = activation == null ? "linear" : activation.toLowerCase(Locale.ROOT);
        float slope = act.equals("leaky_relu") ? LeakyReLU.DEFAULT_SLOPE : 0f;
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "xavier_uniform", "glorot_uniform" -> xavierUniform(gain(act, slope));
            case "xavier_normal", "glorot_normal" -> xavierNormal(gain(act, slope));
            case "kaiming_uniform", "he_uniform" -> kaimingUniform(slope, FanMode.FAN_IN, act);
            case "kaiming_normal", "he_normal" -> kaimingNormal(slope, FanMode.FAN_IN, act);
            case "default", "pytorch" -> kaimingUniform((float) Math.sqrt(5.0), FanMode.FAN_IN, "leaky_relu");
            default -> throw new IllegalArgumentException("Init.byName: unknown initializer '" + name
                    + "' (xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal, default)");
        };
    }

    private static int count(Tensor t) {
        return Math.toIntExact(t.numel());
    }
}
