package dev.gatun.backend.scalar;

import dev.gatun.backend.EltwiseOp;

/**
 * Every {@link EltwiseOp} and its derivative for one value, in double precision: the oracle's
 * definitions, and the scalar tail of vector kernels.
 */
public final class EltwiseMath {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double ONE_OVER_SQRT_2 = 1.0 / Math.sqrt(2.0);
    private static final double ONE_OVER_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private static final double GELU_CUBIC = 0.044715;

    private EltwiseMath() {}

    /** f(x). */
    public static double forward(EltwiseOp op, double alpha, double beta, double x) {
        return switch (op) {
            case STEP -> x > 0 ? 1.0 : 0.0;
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
            // NaN stays NaN; with alpha = 0, -inf gives 0 (not 0 * -inf = NaN), as torch.relu
            case RELU -> x > 0 || Double.isNaN(x) ? x : alpha == 0 ? 0.0 : alpha * x;
            // x * Phi(x), Phi(x) = 0.5 erfc(-x / sqrt 2): erfc keeps Phi's tiny values for very negative x
            case GELU_ERF -> x * 0.5 * Erf.erfc(-x * ONE_OVER_SQRT_2);
            // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
            case GELU_TANH -> 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x)));
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case LINEAR -> alpha * x + beta;
        };
    }

    /** f'(x), from the forward input x. */
    public static double derivative(EltwiseOp op, double alpha, double beta, double x) {
        return switch (op) {
            case STEP -> 0.0; // piecewise constant; not trained by gradient
            case SIGMOID -> {
                double s = sigmoid(x); // d/dx s = s (1 - s)
                yield s * (1.0 - s);
            }
            case TANH -> {
                double t = Math.tanh(x); // d/dx tanh = 1 - tanh^2
                yield 1.0 - t * t;
            }
            case RELU -> x > 0 ? 1.0 : alpha; // oneDNN's convention at 0: the negative slope
            // d/dx x Phi(x) = Phi(x) + x phi(x), phi(x) = e^(-x^2/2) / sqrt(2 pi)
            case GELU_ERF -> 0.5 * Erf.erfc(-x * ONE_OVER_SQRT_2) + x * ONE_OVER_SQRT_2PI * Math.exp(-0.5 * x * x);
            case GELU_TANH -> {
                // f = 0.5 x (1 + t), t = tanh(u), u = sqrt(2/pi) (x + 0.044715 x^3)
                // f' = 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)
                double t = Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x));
                yield 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * x * x);
            }
            case EXP -> Math.exp(x);
            case LOG -> 1.0 / x;
            case SQRT -> 0.5 / Math.sqrt(x);
            case ABS -> Math.signum(x); // 0 at 0, like PyTorch's sign
            case SQUARE -> 2.0 * x;
            case LINEAR -> alpha;
        };
    }

    /** 1 / (1 + e^-x), written so neither branch overflows. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
