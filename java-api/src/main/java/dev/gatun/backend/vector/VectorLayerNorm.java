package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.Lanes.get;
import static dev.gatun.backend.vector.Lanes.load;
import static dev.gatun.backend.vector.Lanes.set;
import static dev.gatun.backend.vector.Lanes.store;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Layer normalization over rows of length {@code cols}: two-pass statistics, then one fused pass. */
final class VectorLayerNorm {
    private VectorLayerNorm() {}

    /** dst = (x - mean) * rstd * gamma + beta for rows [from, to); gamma/beta may be null (1 and 0). */
    static void forward(MemorySegment x, MemorySegment gamma, MemorySegment beta, float eps, MemorySegment dst,
                        MemorySegment mean, MemorySegment rstd, int cols, long from, long to) {
        for (long r = from; r < to; r++) {
            long row = r * cols;
            FloatVector sumV = FloatVector.zero(Lanes.S);
            int i = 0;
            int bound = (int) Lanes.loopBound(cols);
            for (; i < bound; i += Lanes.N) {
                sumV = sumV.add(load(x, row + i));
            }
            double sum = Lanes.sum(sumV);
            for (; i < cols; i++) {
                sum += get(x, row + i);
            }
            float m = (float) (sum / cols);
            // second pass on (x - mean): no cancellation as in E[x^2] - E[x]^2; biased, as PyTorch
            FloatVector varV = FloatVector.zero(Lanes.S);
            for (i = 0; i < bound; i += Lanes.N) {
                FloatVector d = load(x, row + i).sub(m);
                varV = d.fma(d, varV);
            }
            double var = Lanes.sum(varV);
            for (; i < cols; i++) {
                double d = get(x, row + i) - m;
                var += d * d;
            }
            float s = (float) (1.0 / Math.sqrt(var / cols + eps));
            normalizeRow(x, row, m, s, gamma, beta, dst, bound);
            for (i = bound; i < cols; i++) {
                float y = (get(x, row + i) - m) * s;
                y = gamma == null ? y : y * get(gamma, i);
                set(dst, row + i, beta == null ? y : y + get(beta, i));
            }
            set(mean, r, m);
            set(rstd, r, s);
        }
    }

    /**
     * dst = (x - m) * s * gamma + beta over the whole vectors of one row. One loop per case
     * rather than null tests inside one loop: a vector reassigned under a branch in the loop
     * made C2 box it, 2 KB of garbage per row.
     */
    private static void normalizeRow(MemorySegment x, long row, float m, float s, MemorySegment gamma,
                                     MemorySegment beta, MemorySegment dst, int bound) {
        if (gamma != null && beta != null) {
            for (int i = 0; i < bound; i += Lanes.N) {
                store(load(x, row + i).sub(m).mul(s).mul(load(gamma, i)).add(load(beta, i)), dst, row + i);
            }
        } else if (gamma != null) {
            for (int i = 0; i < bound; i += Lanes.N) {
                store(load(x, row + i).sub(m).mul(s).mul(load(gamma, i)), dst, row + i);
            }
        } else if (beta != null) {
            for (int i = 0; i < bound; i += Lanes.N) {
                store(load(x, row + i).sub(m).mul(s).add(load(beta, i)), dst, row + i);
            }
        } else {
            for (int i = 0; i < bound; i += Lanes.N) {
                store(load(x, row + i).sub(m).mul(s), dst, row + i);
            }
        }
    }

    /**
     * dx = rstd * (dnorm - mean(dnorm) - norm * mean(dnorm * norm)), dnorm = dy * gamma, for rows
     * [from, to); adds this range's dgamma (sum dy * norm) and dbeta (sum dy) into the
     * {@code partial} [2, cols] array.
     */
    static void backward(MemorySegment x, MemorySegment dy, MemorySegment gamma, MemorySegment mean,
                         MemorySegment rstd, MemorySegment dx, float[] partial, int cols, long from, long to) {
        int bound = (int) Lanes.loopBound(cols);
        for (long r = from; r < to; r++) {
            long row = r * cols;
            float m = get(mean, r), s = get(rstd, r);
            FloatVector aV = FloatVector.zero(Lanes.S), bV = FloatVector.zero(Lanes.S);
            int i = 0;
            for (; i < bound; i += Lanes.N) {
                FloatVector norm = load(x, row + i).sub(m).mul(s);
                FloatVector dnorm = gamma == null ? load(dy, row + i) : load(dy, row + i).mul(load(gamma, i));
                aV = aV.add(dnorm);
                bV = dnorm.fma(norm, bV);
            }
            float a = Lanes.sum(aV), b = Lanes.sum(bV);
            for (; i < cols; i++) {
                float norm = (get(x, row + i) - m) * s;
                float dnorm = gamma == null ? get(dy, row + i) : get(dy, row + i) * get(gamma, i);
                a += dnorm;
                b += dnorm * norm;
            }
            float dnormMean = a / cols, dnormNormMean = b / cols;
            for (i = 0; i < bound; i += Lanes.N) {
                FloatVector g = load(dy, row + i);
                FloatVector norm = load(x, row + i).sub(m).mul(s);
                FloatVector dnorm = gamma == null ? g : g.mul(load(gamma, i));
                store(dnorm.sub(dnormMean).sub(norm.mul(dnormNormMean)).mul(s), dx, row + i);
                FloatVector.fromArray(Lanes.S, partial, i).add(g.mul(norm)).intoArray(partial, i);
                FloatVector.fromArray(Lanes.S, partial, cols + i).add(g).intoArray(partial, cols + i);
            }
            for (; i < cols; i++) {
                float g = get(dy, row + i);
                float norm = (get(x, row + i) - m) * s;
                float dnorm = gamma == null ? g : g * get(gamma, i);
                set(dx, row + i, (dnorm - dnormMean - norm * dnormNormMean) * s);
                partial[i] += g * norm;
                partial[cols + i] += g;
            }
        }
    }
}
