package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.Lanes.get;
import static dev.gatun.backend.vector.Lanes.load;
import static dev.gatun.backend.vector.Lanes.set;
import static dev.gatun.backend.vector.Lanes.store;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Softmax and log-softmax over rows of length {@code cols}, forward and backward, one row at a time. */
final class VectorSoftmax {
    private VectorSoftmax() {}

    /** dst row = softmax(src row), or log-softmax; rows in [from, to). */
    static void forward(MemorySegment src, MemorySegment dst, int cols, boolean log, long from, long to) {
        for (long r = from; r < to; r++) {
            long row = r * cols;
            float max = max(src, row, cols); // subtracted so exp never overflows
            // pass 1: e = exp(x - max) (kept in dst for softmax), sum of e
            FloatVector sumV = FloatVector.zero(Lanes.S);
            int i = 0;
            for (int bound = (int) Lanes.loopBound(cols); i < bound; i += Lanes.N) {
                FloatVector e = load(src, row + i).sub(max).lanewise(VectorOperators.EXP);
                sumV = sumV.add(e);
                if (!log) {
                    store(e, dst, row + i);
                }
            }
            double sum = Lanes.sum(sumV);
            for (; i < cols; i++) {
                float e = (float) Math.exp(get(src, row + i) - max);
                sum += e;
                if (!log) {
                    set(dst, row + i, e);
                }
            }
            // pass 2: softmax = e / sum; log-softmax = x - max - log(sum)
            float scale = (float) (1.0 / sum);
            float shift = (float) (max + Math.log(sum));
            // one loop per case: a vector chosen by a condition inside the loop is boxed by C2
            int bound = (int) Lanes.loopBound(cols);
            if (log) {
                for (i = 0; i < bound; i += Lanes.N) {
                    store(load(src, row + i).sub(shift), dst, row + i);
                }
            } else {
                for (i = 0; i < bound; i += Lanes.N) {
                    store(load(dst, row + i).mul(scale), dst, row + i);
                }
            }
            for (i = bound; i < cols; i++) {
                set(dst, row + i, log ? get(src, row + i) - shift : get(dst, row + i) * scale);
            }
        }
    }

    /**
     * softmax:     diffSrc = y * (dy - sum(dy * y))
     * log-softmax: diffSrc = dy - exp(y) * sum(dy)
     */
    static void backward(MemorySegment dst, MemorySegment diffDst, MemorySegment diffSrc, int cols, boolean log,
                         long from, long to) {
        for (long r = from; r < to; r++) {
            long row = r * cols;
            FloatVector dotV = FloatVector.zero(Lanes.S);
            int bound = (int) Lanes.loopBound(cols);
            int i;
            if (log) { // one loop per case, as in the forward
                for (i = 0; i < bound; i += Lanes.N) {
                    dotV = dotV.add(load(diffDst, row + i));
                }
            } else {
                for (i = 0; i < bound; i += Lanes.N) {
                    dotV = load(diffDst, row + i).fma(load(dst, row + i), dotV);
                }
            }
            float dot = Lanes.sum(dotV);
            for (i = bound; i < cols; i++) {
                dot += log ? get(diffDst, row + i) : get(diffDst, row + i) * get(dst, row + i);
            }
            if (log) {
                for (i = 0; i < bound; i += Lanes.N) {
                    FloatVector y = load(dst, row + i), dy = load(diffDst, row + i);
                    store(dy.sub(y.lanewise(VectorOperators.EXP).mul(dot)), diffSrc, row + i);
                }
            } else {
                for (i = 0; i < bound; i += Lanes.N) {
                    FloatVector y = load(dst, row + i), dy = load(diffDst, row + i);
                    store(y.mul(dy.sub(dot)), diffSrc, row + i);
                }
            }
            for (i = bound; i < cols; i++) {
                float y = get(dst, row + i), dy = get(diffDst, row + i);
                set(diffSrc, row + i, log ? dy - (float) Math.exp(y) * dot : y * (dy - dot));
            }
        }
    }

    private static float max(MemorySegment s, long row, int cols) {
        FloatVector m = FloatVector.broadcast(Lanes.S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = (int) Lanes.loopBound(cols); i < bound; i += Lanes.N) {
            m = m.lanewise(VectorOperators.MAX, load(s, row + i));
        }
        float max = m.reduceLanes(VectorOperators.MAX);
        for (; i < cols; i++) {
            max = Math.max(max, get(s, row + i));
        }
        return max;
    }
}
