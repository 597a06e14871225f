package dev.gatun.optim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The updates as plain loops, written like the formulas (the oracle for the vector kernels).
 *
 * <p>A tensor's floats are copied into per-thread {@code float[]} scratch, updated there and
 * copied back, in blocks of {@link #BLOCK}. Why: until the JIT compiles it, a loop over a
 * {@code MemorySegment} makes every access a chain of interpreted VarHandle calls, microseconds
 * each; the first epoch of `gatun train mlp` took 1.75 s, 70 ms per step, nearly all in this
 * loop, while the compiler queue was busy with start-up code. Bulk copies are single native
 * copies even in the interpreter, and an interpreted array loop is hundreds of times faster
 * than a segment one; compiled, the loop over arrays is as fast as over segments and the copies
 * stay in cache.
 */
final class ScalarUpdateKernels implements UpdateKernels {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;
    /** Floats per staged block: 4 arrays of 16 KiB, within L1/L2 together. */
    static final int BLOCK = 4096;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][BLOCK]);

    @Override
    public void sgd(MemorySegment w, MemorySegment g, MemorySegment buf, long n, float lr, float weightDecay,
                    float momentum, float dampening, boolean nesterov, boolean first) {
        sgdRange(w, g, buf, 0, n, lr, weightDecay, momentum, dampening, nesterov, first);
    }

    /** Elements [from, to): the vector kernels' tail too. */
    static void sgdRange(MemorySegment w, MemorySegment g, MemorySegment buf, long from, long to, float lr,
                         float weightDecay, float momentum, float dampening, boolean nesterov, boolean first) {
        Raw.writable(w, to);
        Raw.readable(g, to);
        if (buf != null) {
            Raw.writable(buf, to);
        }
        float[][] s = SCRATCH.get();
        float[] ws = s[0], gs = s[1], bs = s[2];
        for (long at = from; at < to; at += BLOCK) {
            int len = (int) Math.min(BLOCK, to - at);
            MemorySegment.copy(w, F32, at * Float.BYTES, ws, 0, len);
            MemorySegment.copy(g, F32, at * Float.BYTES, gs, 0, len);
            if (buf != null && !first) {
                MemorySegment.copy(buf, F32, at * Float.BYTES, bs, 0, len);
            }
            sgd(ws, gs, buf == null ? null : bs, len, lr, weightDecay, momentum, dampening, nesterov, first);
            MemorySegment.copy(ws, 0, w, F32, at * Float.BYTES, len);
            if (buf != null) {
                MemorySegment.copy(bs, 0, buf, F32, at * Float.BYTES, len);
            }
        }
    }

    /** SGD over {@code w[0, n)}, the formulas of {@link UpdateKernels#sgd}. */
    private static void sgd(float[] w, float[] g, float[] buf, int n, float lr, float weightDecay, float momentum,
                            float dampening, boolean nesterov, boolean first) {
        for (int i = 0; i < n; i++) {
            float wi = w[i];
            float d = g[i] + weightDecay * wi;
            if (buf != null) {
                float b = first ? d : momentum * buf[i] + (1f - dampening) * d;
                buf[i] = b;
                d = nesterov ? d + momentum * b : b;
            }
            w[i] = wi - lr * d;
        }
    }

    @Override
    public void adam(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n, float beta1,
                     float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        adamRange(w, g, m, v, 0, n, beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
    }

    static void adamRange(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long from, long to,
                          float beta1, float beta2, float stepSize, float bc2Sqrt, float eps, float decay, float l2) {
        Raw.writable(w, to);
        Raw.readable(g, to);
        Raw.writable(m, to);
        Raw.writable(v, to);
        float[][] s = SCRATCH.get();
        float[] ws = s[0], gs = s[1], ms = s[2], vs = s[3];
        for (long at = from; at < to; at += BLOCK) {
            int len = (int) Math.min(BLOCK, to - at);
            long bytes = at * Float.BYTES;
            MemorySegment.copy(w, F32, bytes, ws, 0, len);
            MemorySegment.copy(g, F32, bytes, gs, 0, len);
            MemorySegment.copy(m, F32, bytes, ms, 0, len);
            MemorySegment.copy(v, F32, bytes, vs, 0, len);
            adam(ws, gs, ms, vs, len, beta1, beta2, stepSize, bc2Sqrt, eps, decay, l2);
            MemorySegment.copy(ws, 0, w, F32, bytes, len);
            MemorySegment.copy(ms, 0, m, F32, bytes, len);
            MemorySegment.copy(vs, 0, v, F32, bytes, len);
        }
    }

    /** Adam over {@code w[0, n)}, the formulas of {@link UpdateKernels#adam}. */
    private static void adam(float[] w, float[] g, float[] m, float[] v, int n, float beta1, float beta2, float stepSize,
                             float bc2Sqrt, float eps, float decay, float l2) {
        for (int i = 0; i < n; i++) {
            float wi = w[i] * decay;
            float gi = g[i] + l2 * wi;
            float mi = beta1 * m[i] + (1f - beta1) * gi;
            float vi = beta2 * v[i] + (1f - beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
            w[i] = wi - stepSize * mi / denom;
        }
    }
}
