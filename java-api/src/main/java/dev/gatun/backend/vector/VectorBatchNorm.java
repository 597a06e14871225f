package dev.gatun.backend.vector;

import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@code java} backend's batch normalization over NCHW: channels split over the workers;
 * per channel, sums over each H*W plane in float (short, contiguous runs) and over the planes
 * in double, so long batches keep their accuracy.
 */
final class VectorBatchNorm {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private VectorBatchNorm() {}

    static void forward(Workers workers, Tensor src, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps,
                        boolean training, Tensor dst) {
        int n = src.dim(0), ch = src.dim(1), hw = src.dim(2) * src.dim(3);
        double count = (double) n * hw;
        MemorySegment x = src.segment(), y = dst.segment(), m = mean.segment(), v = variance.segment();
        MemorySegment g = gamma == null ? null : gamma.segment(), b = beta == null ? null : beta.segment();
        workers.forRows(ch, (long) n * hw, Workers.shareable(x, y, m) && Workers.shareable(v, g, b), (from, to) -> {
            for (int c = (int) from; c < to; c++) {
                float mu, var;
                if (training) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += sum(x, ((long) i * ch + c) * hw, hw, 0f);
                    }
                    mu = (float) (sum / count);
                    double sq = 0;
                    for (int i = 0; i < n; i++) {
                        sq += squares(x, ((long) i * ch + c) * hw, hw, mu);
                    }
                    var = (float) (sq / count);
                    m.setAtIndex(F32, c, mu);
                    v.setAtIndex(F32, c, var);
                } else {
                    mu = m.getAtIndex(F32, c);
                    var = v.getAtIndex(F32, c);
                }
                // y = x * scale + shift with scale = gamma * rstd, shift = beta - mean * scale
                double rstd = 1.0 / Math.sqrt((double) var + eps);
                float scale = (float) ((g == null ? 1.0 : g.getAtIndex(F32, c)) * rstd);
                float shift = (float) ((b == null ? 0.0 : b.getAtIndex(F32, c)) - mu * (double) scale);
                for (int i = 0; i < n; i++) {
                    long at = ((long) i * ch + c) * hw;
                    for (int j = 0; j < hw; j++) {
                        y.setAtIndex(F32, at + j, x.getAtIndex(F32, at + j) * scale + shift);
                    }
                }
            }
        });
    }

    static void backward(Workers workers, Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor variance, float eps,
                         Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        // dbeta = sum dy; dgamma = sum dy * xhat; dx = gamma * rstd * (dy - dbeta / R - xhat * dgamma / R)
        int n = src.dim(0), ch = src.dim(1), hw = src.dim(2) * src.dim(3);
        double count = (double) n * hw;
        MemorySegment x = src.segment(), dy = diffDst.segment(), dx = diffSrc.segment();
        MemorySegment m = mean.segment(), v = variance.segment(), g = gamma == null ? null : gamma.segment();
        MemorySegment dg = diffGamma == null ? null : diffGamma.segment(), db = diffBeta == null ? null : diffBeta.segment();
        workers.forRows(ch, (long) n * hw, Workers.shareable(x, dy, dx) && Workers.shareable(m, v, g) && Workers.shareable(dg, db), (from, to) -> {
            for (int c = (int) from; c < to; c++) {
                float mu = m.getAtIndex(F32, c);
                float rstd = (float) (1.0 / Math.sqrt((double) v.getAtIndex(F32, c) + eps));
                double dBeta = 0, dxhat = 0; // dxhat = sum dy * (x - mean)
                for (int i = 0; i < n; i++) {
                    long at = ((long) i * ch + c) * hw;
                    dBeta += sum(dy, at, hw, 0f);
                    dxhat += dotCentered(dy, x, at, hw, mu);
                }
                double dGamma = dxhat * rstd;
                float gr = (float) ((g == null ? 1.0 : g.getAtIndex(F32, c)) * rstd);
                float meanDy = (float) (dBeta / count), k = (float) (dGamma / count * rstd);
                for (int i = 0; i < n; i++) {
                    long at = ((long) i * ch + c) * hw;
                    for (int j = 0; j < hw; j++) {
                        float xm = x.getAtIndex(F32, at + j) - mu;
                        dx.setAtIndex(F32, at + j, gr * (dy.getAtIndex(F32, at + j) - meanDy - xm * k));
                    }
                }
                if (dg != null) {
                    dg.setAtIndex(F32, c, (float) dGamma);
                }
                if (db != null) {
                    db.setAtIndex(F32, c, (float) dBeta);
                }
            }
        });
    }

    /*
     * The per-plane sums below keep four partial sums: one float accumulator makes each add wait
     * for the previous one (a 4-cycle latency chain, a quarter of what the core can add), and
     * batch norm's reductions were the java backend's costliest passes in the CNN job.
     */

    private static float sum(MemorySegment s, long from, int count, float shift) {
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            long at = from + i;
            a0 += s.getAtIndex(F32, at) - shift;
            a1 += s.getAtIndex(F32, at + 1) - shift;
            a2 += s.getAtIndex(F32, at + 2) - shift;
            a3 += s.getAtIndex(F32, at + 3) - shift;
        }
        for (; i < count; i++) {
            a0 += s.getAtIndex(F32, from + i) - shift;
        }
        return (a0 + a1) + (a2 + a3);
    }

    private static double squares(MemorySegment s, long from, int count, float mean) {
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            long at = from + i;
            float d0 = s.getAtIndex(F32, at) - mean, d1 = s.getAtIndex(F32, at + 1) - mean;
            float d2 = s.getAtIndex(F32, at + 2) - mean, d3 = s.getAtIndex(F32, at + 3) - mean;
            a0 += d0 * d0;
            a1 += d1 * d1;
            a2 += d2 * d2;
            a3 += d3 * d3;
        }
        for (; i < count; i++) {
            float d = s.getAtIndex(F32, from + i) - mean;
            a0 += d * d;
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** sum over the plane of dy * (x - mean). */
    private static float dotCentered(MemorySegment dy, MemorySegment x, long from, int count, float mean) {
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            long at = from + i;
            a0 += dy.getAtIndex(F32, at) * (x.getAtIndex(F32, at) - mean);
            a1 += dy.getAtIndex(F32, at + 1) * (x.getAtIndex(F32, at + 1) - mean);
            a2 += dy.getAtIndex(F32, at + 2) * (x.getAtIndex(F32, at + 2) - mean);
            a3 += dy.getAtIndex(F32, at + 3) * (x.getAtIndex(F32, at + 3) - mean);
        }
        for (; i < count; i++) {
            a0 += dy.getAtIndex(F32, from + i) * (x.getAtIndex(F32, from + i) - mean);
        }
        return (a0 + a1) + (a2 + a3);
    }
}
