package dev.gatun.backend;

/**
 * Elementwise functions {@code dst = f(src; alpha, beta)}, named after oneDNN's eltwise
 * algorithms where one exists. {@code alpha} and {@code beta} mean what the constant says; each
 * op declares which of them it reads ({@link #usesAlpha()}, {@link #usesBeta()}), and the others
 * are ignored: a backend that caches work per constant (oneDNN's primitives) keys on exactly the
 * ones declared, so two calls differing only in an unread constant share a primitive and two
 * differing in a read one never do.
 */
public enum EltwiseOp {
    /** Heaviside: 1 where x > 0, else 0. Its gradient is 0 everywhere (it is not trained by gradient). */
    STEP(Reads.NONE),
    /** 1 / (1 + e^-x). */
    SIGMOID(Reads.NONE),
    TANH(Reads.NONE),
    /** x > 0 ? x : alpha * x (alpha = 0 is the plain ReLU, alpha > 0 the leaky one). */
    RELU(Reads.ALPHA),
    /** x * Phi(x) with the exact normal CDF: 0.5 x (1 + erf(x / sqrt 2)). */
    GELU_ERF(Reads.NONE),
    /** PyTorch's approximate='tanh': 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    GELU_TANH(Reads.NONE),
    EXP(Reads.NONE),
    /** Natural logarithm. */
    LOG(Reads.NONE),
    SQRT(Reads.NONE),
    ABS(Reads.NONE),
    SQUARE(Reads.NONE),
    /** alpha * x + beta: scalar add and multiply. */
    LINEAR(Reads.ALPHA_BETA);

    /** Which constants an op reads. */
    private enum Reads {
        NONE(false, false),
        ALPHA(true, false),
        ALPHA_BETA(true, true);

        final boolean alpha;
        final boolean beta;

        Reads(boolean alpha, boolean beta) {
            this.alpha = alpha;
            this.beta = beta;
        }
    }

    private final Reads reads;

    EltwiseOp(Reads reads) {
        this.reads = reads;
    }

    /** Whether {@code f} depends on alpha. */
    public boolean usesAlpha() {
        return reads.alpha;
    }

    /** Whether {@code f} depends on beta. */
    public boolean usesBeta() {
        return reads.beta;
    }

    /** alpha when this op reads it, else 0: the value that identifies the function. */
    public float alphaOrZero(float alpha) {
        return reads.alpha ? alpha : 0f;
    }

    /** beta when this op reads it, else 0. */
    public float betaOrZero(float beta) {
        return reads.beta ? beta : 0f;
    }
}
