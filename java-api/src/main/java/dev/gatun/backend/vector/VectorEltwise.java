package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.Lanes.get;
import static dev.gatun.backend.vector.Lanes.load;
import static dev.gatun.backend.vector.Lanes.set;
import static dev.gatun.backend.vector.Lanes.store;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LOG;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.SQRT;

import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.scalar.EltwiseMath;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Elementwise functions and their derivatives on float vectors: a vector loop over whole
 * vectors, then a scalar tail through {@link EltwiseMath}. exp, log, tanh and sqrt are the
 * Vector API's lanewise operators (SVML-backed intrinsics on x86); erf, which has none, is a
 * rational approximation with relative error below 1.2e-7.
 */
final class VectorEltwise {
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);
    private static final float ONE_OVER_SQRT_2 = (float) (1.0 / Math.sqrt(2.0));
    private static final float ONE_OVER_SQRT_2PI = (float) (1.0 / Math.sqrt(2.0 * Math.PI));
    private static final float GELU_CUBIC = 0.044715f;

    private VectorEltwise() {}

    /** dst[i] = f(src[i]) for i in [from, to). */
    static void forward(EltwiseOp op, float alpha, float beta, MemorySegment src, MemorySegment dst, long from, long to) {
        long i = from;
        if (op == EltwiseOp.RELU) {
            i = reluForward(alpha, src, dst, from, to);
        } else {
            for (long bound = from + Lanes.loopBound(to - from); i < bound; i += Lanes.N) {
                store(apply(op, alpha, beta, load(src, i)), dst, i);
            }
        }
        for (; i < to; i++) {
            set(dst, i, (float) EltwiseMath.forward(op, alpha, beta, get(src, i)));
        }
    }

    /** diffSrc[i] = diffDst[i] * f'(src[i]) for i in [from, to). */
    static void backward(EltwiseOp op, float alpha, float beta, MemorySegment src, MemorySegment diffDst,
                         MemorySegment diffSrc, long from, long to) {
        long i = from;
        if (op == EltwiseOp.RELU) {
            i = reluBackward(alpha, src, diffDst, diffSrc, from, to);
        } else {
            for (long bound = from + Lanes.loopBound(to - from); i < bound; i += Lanes.N) {
                store(load(diffDst, i).mul(derivative(op, alpha, beta, load(src, i))), diffSrc, i);
            }
        }
        for (; i < to; i++) {
            set(diffSrc, i, (float) (get(diffDst, i) * EltwiseMath.derivative(op, alpha, beta, get(src, i))));
        }
    }

    /**
     * ReLU's forward on its own loop, for the reason given at {@link #reluBackward}: once the
     * generic {@link #apply} switch had grown (NaN handling), C2 stopped inlining it and every
     * vector became an object; LeNet's batch-1 plan on openblas lost 10% to that. Lanes at or
     * below zero take {@code alpha * x} (exactly 0 when alpha is 0, so -inf gives 0, not NaN);
     * NaN compares false and passes through, as torch.relu. Returns where the scalar tail starts.
     */
    private static long reluForward(float alpha, MemorySegment src, MemorySegment dst, long from, long to) {
        long i = from;
        for (long bound = from + Lanes.loopBound(to - from); i < bound; i += Lanes.N) {
            FloatVector x = load(src, i);
            VectorMask<Float> atMostZero = x.compare(LE, 0f);
            store(alpha == 0f ? x.blend(0f, atMostZero) : x.blend(x.mul(alpha), atMostZero), dst, i);
        }
        return i;
    }

    /**
     * ReLU's backward, the commonest, on its own loop: through the generic {@link #derivative}
     * switch (too big for C2 to inline whole) each vector was materialized as an object, and
     * it took 9 us for a [32, 64] gradient against 0.7 us for the forward. Returns where the
     * scalar tail starts.
     */
    private static long reluBackward(float alpha, MemorySegment src, MemorySegment diffDst, MemorySegment diffSrc,
                                     long from, long to) {
        FloatVector slope = FloatVector.broadcast(Lanes.S, alpha), one = FloatVector.broadcast(Lanes.S, 1f);
        long i = from;
        for (long bound = from + Lanes.loopBound(to - from); i < bound; i += Lanes.N) {
            FloatVector x = load(src, i);
            store(load(diffDst, i).mul(slope.blend(one, x.compare(GT, 0f))), diffSrc, i);
        }
        return i;
    }

    static FloatVector apply(EltwiseOp op, float alpha, float beta, FloatVector x) {
        return switch (op) {
            case STEP -> x.broadcast(0f).blend(1f, x.compare(GT, 0f));
            case SIGMOID -> sigmoid(x);
            case TANH -> x.lanewise(VectorOperators.TANH);
            // alpha = 0: 0 for -inf (0 * -inf would be NaN), x itself for NaN, as torch.relu
            case RELU -> alpha == 0f ? x.broadcast(0f).blend(x, x.compare(GT, 0f).or(x.test(VectorOperators.IS_NAN)))
                    : x.mul(alpha).blend(x, x.compare(GT, 0f));
            case GELU_ERF -> x.mul(0.5f).mul(erfc(x.mul(-ONE_OVER_SQRT_2))); // x * Phi(x), Phi = erfc(-x/sqrt2)/2
            case GELU_TANH -> x.mul(0.5f).mul(geluTanhInner(x).lanewise(VectorOperators.TANH).add(1f));
            case EXP -> x.lanewise(EXP);
            case LOG -> x.lanewise(LOG);
            case SQRT -> x.lanewise(SQRT);
            case ABS -> x.abs();
            case SQUARE -> x.mul(x);
            case LINEAR -> x.fma(alpha, beta);
        };
    }

    static FloatVector derivative(EltwiseOp op, float alpha, float beta, FloatVector x) {
        return switch (op) {
            case STEP -> x.broadcast(0f);
            case SIGMOID -> {
                FloatVector s = sigmoid(x); // s (1 - s)
                yield s.mul(s.neg().add(1f));
            }
            case TANH -> {
                FloatVector t = x.lanewise(VectorOperators.TANH); // 1 - t^2
                yield t.mul(t).neg().add(1f);
            }
            case RELU -> x.broadcast(alpha).blend(1f, x.compare(GT, 0f));
            case GELU_ERF -> {
                // Phi(x) + x phi(x), phi(x) = e^(-x^2/2) / sqrt(2 pi)
                FloatVector phi = x.mul(x).mul(-0.5f).lanewise(EXP).mul(ONE_OVER_SQRT_2PI);
                yield erfc(x.mul(-ONE_OVER_SQRT_2)).mul(0.5f).add(x.mul(phi));
            }
            case GELU_TANH -> {
                // 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)
                FloatVector t = geluTanhInner(x).lanewise(VectorOperators.TANH);
                FloatVector du = x.mul(x).mul(3f * GELU_CUBIC).add(1f).mul(SQRT_2_OVER_PI);
                yield t.add(1f).mul(0.5f).add(x.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(du));
            }
            case EXP -> x.lanewise(EXP);
            case LOG -> x.broadcast(1f).div(x);
            case SQRT -> x.broadcast(0.5f).div(x.lanewise(SQRT));
            case ABS -> x.broadcast(0f).blend(1f, x.compare(GT, 0f)).blend(-1f, x.compare(LT, 0f))
                    .blend(x, x.test(VectorOperators.IS_NAN)); // signum(NaN) = NaN, as the oracle
            case SQUARE -> x.mul(2f);
            case LINEAR -> x.broadcast(alpha);
        };
    }

    /**
     * 1 / (1 + e^-x); e^-x overflowing to infinity gives the right limit 0. The recurrent gate
     * kernels call this directly: through {@link #apply} (too big to inline) every gate vector
     * was boxed, 245 KB of garbage per batch-1 LSTM call.
     */
    static FloatVector sigmoid(FloatVector x) {
        return x.broadcast(1f).div(x.neg().lanewise(EXP).add(1f));
    }

    /** sqrt(2/pi) (x + 0.044715 x^3). */
    private static FloatVector geluTanhInner(FloatVector x) {
        return x.mul(x).mul(GELU_CUBIC).add(1f).mul(x).mul(SQRT_2_OVER_PI);
    }

    /**
     * erfc by the Chebyshev-fitted rational approximation of Numerical Recipes (erfcc): relative
     * error below 1.2e-7 everywhere, so Phi's tiny tail values for very negative x stay accurate.
     * z = |x|, t = 1 / (1 + z/2), erfc(z) = t exp(-z^2 + P(t)); erfc(-z) = 2 - erfc(z).
     */
    static FloatVector erfc(FloatVector x) {
        FloatVector z = x.abs();
        FloatVector t = z.mul(0.5f).add(1f);
        t = t.broadcast(1f).div(t);
        FloatVector p = t.broadcast(0.17087277f);
        p = p.mul(t).add(-0.82215223f);
        p = p.mul(t).add(1.48851587f);
        p = p.mul(t).add(-1.13520398f);
        p = p.mul(t).add(0.27886807f);
        p = p.mul(t).add(-0.18628806f);
        p = p.mul(t).add(0.09678418f);
        p = p.mul(t).add(0.37409196f);
        p = p.mul(t).add(1.00002368f);
        p = p.mul(t).add(-1.26551223f);
        FloatVector r = t.mul(p.sub(z.mul(z)).lanewise(EXP));
        return r.blend(r.neg().add(2f), x.compare(LT, 0f));
    }
}
