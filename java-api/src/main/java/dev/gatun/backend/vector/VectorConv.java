package dev.gatun.backend.vector;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.conv.Im2colConv;
import dev.gatun.tensor.Tensor;

/**
 * The {@code java} backend's convolution: {@link Im2colConv} on the blocked Vector API gemm.
 * With several images, memory other threads may touch and more than one thread, images are
 * split over the workers and each runs a single-threaded gemm (no packing shared across
 * threads, no idle thread on a small layer); otherwise images go one by one through a gemm
 * that uses every thread.
 */
final class VectorConv {
    private VectorConv() {}

    /** The gemms of 1 to 64 threads, made once: a call allocates nothing. */
    private static final Im2colConv.Sgemm[] GEMMS = new Im2colConv.Sgemm[65];
    private static final Im2colConv.Sgemm SINGLE = gemm(1); // after GEMMS, which it fills

    static Im2colConv.Sgemm gemm(int threads) {
        Im2colConv.Sgemm g = threads < GEMMS.length ? GEMMS[threads] : null;
        if (g == null) {
            g = (ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc) ->
                    VectorSgemm.sgemm(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc, threads);
            if (threads < GEMMS.length) {
                GEMMS[threads] = g; // a benign race: equal lambdas
            }
        }
        return g;
    }

    /** Whether to split the images over the workers; callers test {@link #several} first, so that one image allocates no varargs array. */
    private static boolean splitImages(Workers workers, int images, Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null && !Workers.shareable(t.segment())) {
                return false;
            }
        }
        return true;
    }

    private static boolean several(Workers workers, int images) {
        return workers.threads() > 1 && images > 1;
    }

    private static Im2colConv.Split split(Workers workers) {
        return (count, task) -> workers.forRows(count, Long.MAX_VALUE / count, true, (from, to) -> task.run((int) from, (int) to));
    }

    static void forward(Workers workers, Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p) {
        if (several(workers, src.dim(0)) && splitImages(workers, src.dim(0), src, weights, bias, dst)) {
            Im2colConv.forward(src, weights, bias, dst, p, SINGLE, split(workers));
        } else {
            Im2colConv.forward(src, weights, bias, dst, p, gemm(workers.threads()), Im2colConv.SERIAL);
        }
    }

    static void backwardData(Workers workers, Tensor diffDst, Tensor weights, Tensor diffSrc, Conv2dParams p) {
        if (several(workers, diffSrc.dim(0)) && splitImages(workers, diffSrc.dim(0), diffDst, weights, diffSrc)) {
            Im2colConv.backwardData(diffDst, weights, diffSrc, p, SINGLE, split(workers));
        } else {
            Im2colConv.backwardData(diffDst, weights, diffSrc, p, gemm(workers.threads()), Im2colConv.SERIAL);
        }
    }

    static void backwardWeights(Workers workers, Tensor src, Tensor diffDst, Tensor diffWeights, Tensor diffBias,
                                Conv2dParams p) {
        if (several(workers, src.dim(0)) && splitImages(workers, src.dim(0), src, diffDst, diffWeights, diffBias)) {
            Im2colConv.backwardWeights(src, diffDst, diffWeights, diffBias, p, SINGLE, split(workers));
        } else {
            Im2colConv.backwardWeights(src, diffDst, diffWeights, diffBias, p, gemm(workers.threads()), Im2colConv.SERIAL);
        }
    }
}
