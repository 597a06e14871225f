package dev.gatun.backend;

/**
 * Elementwise functions {@code dst = f(src; alpha, beta)}, named after oneDNN's eltwise
 * algorithms where one exists. {@code alpha} and {@code beta} mean what the constant says;
 * unused ones are ignored.
 */
public enum EltwiseOp {
    /** Heaviside: 1 where x > 0, else 0. Its gradient is 0 everywhere (it is not trained by gradient). */
    STEP,
    /** 1 / (1 + e^-x). */
    SIGMOID,
    TANH,
    /** x > 0 ? x : alpha * x (alpha = 0 is the plain ReLU, alpha > 0 the leaky one). */
    RELU,
    /** x * Phi(x) with the exact normal CDF: 0.5 x (1 + erf(x / sqrt 2)). */
    GELU_ERF,
    /** PyTorch's approximate='tanh': 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    GELU_TANH,
    EXP,
    /** Natural logarithm. */
    LOG,
    SQRT,
    ABS,
    SQUARE,
    /** alpha * x + beta: scalar add and multiply. */
    LINEAR
}
