package dev.gatun.optim;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The updates on Vector API lanes: the scalar loops' arithmetic in the same order, one vector
 * at a time, the tail in scalar code. Loaded by name from {@link UpdateKernels}.
 *
 * <p>Shaped for short jobs, Lucene-style (guard, vector body, scalar tail). The Vector API is
 * fast only in C2-compiled code; interpreted or C1-compiled, every lane operation runs its Java
 * fallback (a lambda per lane, an object per vector), tens of times slower than a scalar loop,
 * and C2 compiles a method only after tens of thousands of loop iterations. `gatun train mlp`
 * (parameters of 2 to 4096 floats, 2250 steps) spent 74% of its CPU in that fallback: its run
 * ends before the vector code has paid for its warm-up, and every deoptimization (see
 * {@link Raw}) sent it back there. So the vector body runs only for tensors of at least
 * {@link #VECTOR_MIN} floats, where a step saves enough to pay the warm-up back within a short
 * job; smaller ones take the scalar loop, which is fast from C1 on. The body has an {@code int}
 * induction variable and broadcasts its constants once per call, not once per operation.
 */
final class VectorUpdateKernels implements UpdateKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.nativeOrder();
    /** All of memory, one native segment of the global scope, read at addresses {@link Raw} checked. */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    /**
     * The fewest floats for which the vector body is used. Measured (busy 2-core AVX-512
     * machine, fresh JVM, 1500 Adam steps on one tensor, main-thread CPU): 4096 floats, scalar
     * 64 ms against vector 318 ms; 65536, 311 against 975; 262144, 1459 against 433. The
     * vector body is about 4x faster per element once compiled; below this size its warm-up
     * costs more than a job of a few thousand steps saves.
     */
    static final int VECTOR_MIN = 1 << 17;
    /** Floats per vector-body call: keeps the induction variable an int for any tensor size. */
    private static final int CHUNK = 1 << 30;

    @Override
    public void sgd(MemorySegment w, MemorySegment g, MemorySegment buf, long n, float lr, float weightDecay,
                    float momentum, float dampening, boolean nesterov, boolean first) {
        long done = 0;
        if (n >= VECTOR_MIN) {
            long wa = Raw.writable(w, n), ga = Raw.readable(g, n), ba = buf == null ? 0 : Raw.writable(buf, n);
            for (; n - done >= S.length(); ) {
                int count = (int) Math.min(CHUNK, n - done);
                long at = done * Float.BYTES;
                if (buf == null) {
                    sgdPlain(wa + at, ga + at, count, lr, weightDecay);
                } else {
                    sgdMomentum(wa + at, ga + at, ba + at, count, lr, weightDecay, momentum, dampening, nesterov, first);
                }
                done += S.loopBound(count);
            }
        }
        ScalarUpdateKernels.sgdRange(w, g, buf, done, n, lr, weightDecay, momentum, dampening, nesterov, first);
    }

    /** {@code w = w - lr * (g + weightDecay * w)} over the whole vectors of {@code count} floats at the (checked) addresses. */
    private static void sgdPlain(long wa, long ga, int count, float lr, float weightDecay) {
        FloatVector lrV = FloatVector.broadcast(S, lr), wdV = FloatVector.broadcast(S, weightDecay);
        int bound = S.loopBound(count);
        for (int i = 0; i < bound; i += S.length()) {
            long at = (long) i * Float.BYTES;
            FloatVector wi = FloatVector.fromMemorySegment(S, ALL, wa + at, LE);
            FloatVector d = FloatVector.fromMemorySegment(S, ALL, ga + at, LE).add(wi.mul(wdV));
            wi.sub(d.mul(lrV)).intoMemorySegment(ALL, wa + at, LE);
        }
    }

    /** SGD with a momentum buffer over the whole vectors of {@code count} floats at the (checked) addresses. */
    private static void sgdMomentum(long wa, long ga, long ba, int count, float lr,
                                    float weightDecay, float momentum, float dampening, boolean nesterov, boolean first) {
        FloatVector lrV = FloatVector.broadcast(S, lr), wdV = FloatVector.broadcast(S, weightDecay);
        FloatVector momV = FloatVector.broadcast(S, momentum), dampV = FloatVector.broadcast(S, 1f - dampening);
        int bound = S.loopBound(count);
        for (int i = 0; i < bound; i += S.length()) {
            long at = (long) i * Float.BYTES;
            FloatVector wi = FloatVector.fromMemorySegment(S, ALL, wa + at, LE);
            FloatVector d = FloatVector.fromMemorySegment(S, ALL, ga + at, LE).add(wi.mul(wdV));
            FloatVector b = first ? d : FloatVector.fromMemorySegment(S, ALL, ba + at, LE).mul(momV).add(d.mul(dampV));
            b.intoMemorySegment(ALL, ba + at, LE);
            d = nesterov ? d.add(b.mul(momV)) : b;
            wi.sub(d.mul(lrV)).intoMemorySegment(ALL, wa + at, LE);
        }
    }

    @Override
    public void adam(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n, float beta1,
                     float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        long done = 0;
        if (n >= VECTOR_MIN) {
            long wa = Raw.writable(w, n), ga = Raw.readable(g, n), ma = Raw.writable(m, n), va = Raw.writable(v, n);
            for (; n - done >= S.length(); ) {
                int count = (int) Math.min(CHUNK, n - done);
                long at = done * Float.BYTES;
                adamBody(wa + at, ga + at, ma + at, va + at, count, beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
                done += S.loopBound(count);
            }
        }
        ScalarUpdateKernels.adamRange(w, g, m, v, done, n, beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    /** Adam over the whole vectors of {@code count} floats at the (checked) addresses. */
    private static void adamBody(long wa, long ga, long ma, long va, int count,
                                 float beta1, float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        FloatVector beta1V = FloatVector.broadcast(S, beta1), beta2V = FloatVector.broadcast(S, beta2);
        FloatVector oneMinusBeta1 = FloatVector.broadcast(S, 1f - beta1), oneMinusBeta2 = FloatVector.broadcast(S, 1f - beta2);
        FloatVector decayV = FloatVector.broadcast(S, decay), l2V = FloatVector.broadcast(S, l2);
        FloatVector stepSizeV = FloatVector.broadcast(S, stepSize), bc2SqrtV = FloatVector.broadcast(S, bc2Sqrt);
        FloatVector epsV = FloatVector.broadcast(S, eps);
        int bound = S.loopBound(count);
        for (int i = 0; i < bound; i += S.length()) {
            long at = (long) i * Float.BYTES;
            FloatVector wi = FloatVector.fromMemorySegment(S, ALL, wa + at, LE).mul(decayV);
            FloatVector gi = FloatVector.fromMemorySegment(S, ALL, ga + at, LE).add(wi.mul(l2V));
            FloatVector mi = FloatVector.fromMemorySegment(S, ALL, ma + at, LE).mul(beta1V).add(gi.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromMemorySegment(S, ALL, va + at, LE).mul(beta2V).add(gi.mul(oneMinusBeta2).mul(gi));
            mi.intoMemorySegment(ALL, ma + at, LE);
            vi.intoMemorySegment(ALL, va + at, LE);
            FloatVector denom = vi.sqrt().div(bc2SqrtV).add(epsV);
            wi.sub(mi.mul(stepSizeV).div(denom)).intoMemorySegment(ALL, wa + at, LE);
        }
    }
}
