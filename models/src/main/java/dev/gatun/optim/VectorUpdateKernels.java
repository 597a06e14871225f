package dev.gatun.optim;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The updates on Vector API lanes: the scalar loops' arithmetic in the same order, one vector
 * at a time, the tail in scalar code. Loaded by name from {@link UpdateKernels}.
 */
final class VectorUpdateKernels implements UpdateKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.nativeOrder();

    @Override
    public void sgd(MemorySegment w, MemorySegment g, MemorySegment buf, long n, float lr, float weightDecay,
                    float momentum, float dampening, boolean nesterov, boolean first) {
        long bound = S.loopBound(n);
        float damp = 1f - dampening;
        for (long i = 0; i < bound; i += S.length()) {
            long at = i * Float.BYTES;
            FloatVector wi = FloatVector.fromMemorySegment(S, w, at, LE);
            FloatVector d = FloatVector.fromMemorySegment(S, g, at, LE).add(wi.mul(weightDecay));
            if (buf != null) {
                FloatVector b = first ? d : FloatVector.fromMemorySegment(S, buf, at, LE).mul(momentum).add(d.mul(damp));
                b.intoMemorySegment(buf, at, LE);
                d = nesterov ? d.add(b.mul(momentum)) : b;
            }
            wi.sub(d.mul(lr)).intoMemorySegment(w, at, LE);
        }
        ScalarUpdateKernels.sgdRange(w, g, buf, bound, n, lr, weightDecay, momentum, dampening, nesterov, first);
    }

    @Override
    public void adam(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n, float beta1,
                     float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        long bound = S.loopBound(n);
        float oneMinusBeta1 = 1f - beta1, oneMinusBeta2 = 1f - beta2;
        for (long i = 0; i < bound; i += S.length()) {
            long at = i * Float.BYTES;
            FloatVector wi = FloatVector.fromMemorySegment(S, w, at, LE).mul(decay);
            FloatVector gi = FloatVector.fromMemorySegment(S, g, at, LE).add(wi.mul(l2));
            FloatVector mi = FloatVector.fromMemorySegment(S, m, at, LE).mul(beta1).add(gi.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromMemorySegment(S, v, at, LE).mul(beta2).add(gi.mul(oneMinusBeta2).mul(gi));
            mi.intoMemorySegment(m, at, LE);
            vi.intoMemorySegment(v, at, LE);
            FloatVector denom = vi.sqrt().div(bc2Sqrt).add(eps);
            wi.sub(mi.mul(stepSize).div(denom)).intoMemorySegment(w, at, LE);
        }
        ScalarUpdateKernels.adamRange(w, g, m, v, bound, n, beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
    }
}
