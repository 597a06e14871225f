package dev.gatun.optim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The updates as plain loops, written like the formulas (the oracle for the vector kernels). */
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
        for (long i = from; i < to; i++) {
            float wi = w.getAtIndex(F32, i);
            float d = g.getAtIndex(F32, i) + weightDecay * wi;
            if (buf != null) {
                float b = first ? d : momentum * buf.getAtIndex(F32, i) + (1f - dampening) * d;
                buf.setAtIndex(F32, i, b);
                d = nesterov ? d + momentum * b : b;
            }
            w.setAtIndex(F32, i, wi - lr * d);
        }
    }

    @Override
    public void adam(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n, float beta1,
                     float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        adamRange(w, g, m, v, 0, n, beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    static void adamRange(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long from, long to,
                          float beta1, float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        for (long i = from; i < to; i++) {
            float wi = w.getAtIndex(F32, i) * decay;
            float gi = g.getAtIndex(F32, i) + l2 * wi;
            float mi = beta1 * m.getAtIndex(F32, i) + (1f - beta1) * gi;
            float vi = beta2 * v.getAtIndex(F32, i) + (1f - beta2) * gi * gi;
            m.setAtIndex(F32, i, mi);
            v.setAtIndex(F32, i, vi);
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
            w.setAtIndex(F32, i, wi - stepSize * mi / denom);
        }
    }
}
