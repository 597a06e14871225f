package dev.gatun.optim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The updates as plain loops, written like the formulas (the oracle for the vector kernels),
 * reading and writing through {@link Raw} so that C2 keeps them compiled across parameters.
 */
final class ScalarUpdateKernels implements UpdateKernels {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;

    @Override
    public void sgd(MemorySegment w, MemorySegment g, MemorySegment buf, long n, float lr, float weightDecay,
                    float momentum, float dampening, boolean nesterov, boolean first) {
        sgdRange(w, g, buf, 0, n, lr, weightDecay, momentum, dampening, nesterov, first);
    }

    /** Elements [from, to): the vector kernels' tail too. */
    static void sgdRange(MemorySegment w, MemorySegment g, MemorySegment buf, long from, long to, float lr,
                         float weightDecay, float momentum, float dampening, boolean nesterov, boolean first) {
        long wa = Raw.writable(w, to), ga = Raw.readable(g, to), ba = buf == null ? 0 : Raw.writable(buf, to);
        for (long i = from; i < to; i++) {
            long at = i * Float.BYTES;
            float wi = Raw.ALL.get(F32, wa + at);
            float d = Raw.ALL.get(F32, ga + at) + weightDecay * wi;
            if (buf != null) {
                float b = first ? d : momentum * Raw.ALL.get(F32, ba + at) + (1f - dampening) * d;
                Raw.ALL.set(F32, ba + at, b);
                d = nesterov ? d + momentum * b : b;
            }
            Raw.ALL.set(F32, wa + at, wi - lr * d);
        }
    }

    @Override
    public void adam(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n, float beta1,
                     float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        adamRange(w, g, m, v, 0, n, beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    static void adamRange(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long from, long to,
                          float beta1, float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        long wa = Raw.writable(w, to), ga = Raw.readable(g, to), ma = Raw.writable(m, to), va = Raw.writable(v, to);
        for (long i = from; i < to; i++) {
            long at = i * Float.BYTES;
            float wi = Raw.ALL.get(F32, wa + at) * decay;
            float gi = Raw.ALL.get(F32, ga + at) + l2 * wi;
            float mi = beta1 * Raw.ALL.get(F32, ma + at) + (1f - beta1) * gi;
            float vi = beta2 * Raw.ALL.get(F32, va + at) + (1f - beta2) * gi * gi;
            Raw.ALL.set(F32, ma + at, mi);
            Raw.ALL.set(F32, va + at, vi);
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
            Raw.ALL.set(F32, wa + at, wi - stepSize * mi / denom);
        }
    }
}
