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
            i = 0;
            for (int bound = (int) Lanes.loopBound(cols); i < bound; i += Lanes.N) {
                FloatVector y = log ? load(src, row + i).sub(shift) : load(dst, row + i).mul(scale);
                store(y, dst, row + i);
            }
            for (; i < cols; i++) {
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
            int i = 0;
            for (int bound = (int) Lanes.loopBound(cols); i < bound; i += Lanes.N) {
                FloatVector dy = load(diffDst, row + i);
                dotV = log ? dotV.add(dy) : dy.fma(load(dst, row + i), dotV);
            }
            float dot = Lanes.sum(dotV);
            for (; i < cols; i++) {
                dot += log ? get(diffDst, row + i) : get(diffDst, row + i) * get(dst, row + i);
            }
            i = 0;
            for (int bound = (int) Lanes.loopBound(cols); i < bound; i += Lanes.N) {
                FloatVector y = load(dst, row + i), dy = load(diffDst, row + i);
                FloatVector dx = log ? dy.sub(y.lanewise(VectorOperators.EXP).mul(dot)) : y.mul(dy.sub(dot));
                store(dx, diffSrc, row + i);
            }
            for (; i < cols; i++) {
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
