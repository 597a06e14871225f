package dev.gatun.ops;

import static dev.gatun.ops.OpChecks.backend;
import static dev.gatun.ops.OpChecks.checkOut;
import static dev.gatun.ops.OpChecks.dense;
import static dev.gatun.ops.OpChecks.denseOrNull;
import static dev.gatun.ops.OpChecks.mismatch;
import static dev.gatun.ops.OpChecks.sameShape;

import dev.gatun.backend.Backend;
import dev.gatun.ops.Ops.BatchNormGrads;
import dev.gatun.ops.Ops.BatchNormResult;
import dev.gatun.ops.Ops.LayerNormGrads;
import dev.gatun.ops.Ops.LayerNormResult;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * Layer normalization (last axis) and batch normalization (NCHW, training and inference) behind
 * {@link Ops#layerNorm} and {@link Ops#batchNorm2dTraining}, with their backward passes.
 */
final class NormOps {
    private NormOps() {}

    static LayerNormResult layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        Tensor src = dense("layerNorm", x);
        int c = checkNormParams("layerNorm", src, gamma, beta, eps);
        int rows = (int) (c == 0 ? 0 : src.numel() / c);
        Tensor dst = Tensor.empty(src.shape());
        Tensor mean = Tensor.empty(rows);
        Tensor rstd = Tensor.empty(rows);
        backend().layerNorm(src, gamma == null ? null : dense("layerNorm", gamma),
                beta == null ? null : dense("layerNorm", beta), eps, dst, mean, rstd);
        return new LayerNormResult(dst, mean, rstd);
    }

    static LayerNormGrads layerNormBackward(Tensor x, Tensor diffDst, Tensor gamma, Tensor mean, Tensor rstd) {
        String name = "layerNorm backward";
        Tensor src = dense(name, x);
        Tensor dd = dense(name, diffDst);
        sameShape(name, src, dd);
        int c = checkNormParams(name, src, gamma, null, 0f);
        int rows = (int) (c == 0 ? 0 : src.numel() / c);
        checkOut(name, mean, new int[] {rows});
        checkOut(name, rstd, new int[] {rows});
        Tensor diffSrc = Tensor.zeros(src.shape());
        Tensor dg = gamma == null ? null : Tensor.zeros(c);
        Tensor db = gamma == null ? null : Tensor.zeros(c);
        backend().layerNormBackward(src, dd, gamma == null ? null : dense(name, gamma), mean, rstd, diffSrc, dg, db);
        return new LayerNormGrads(diffSrc, dg, db);
    }

    private static int checkNormParams(String name, Tensor src, Tensor gamma, Tensor beta, float eps) {
        if (src.rank() == 0) {
            throw new IllegalArgumentException(name + ": needs at least one axis, got a scalar");
        }
        if (!(eps >= 0) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException(name + ": eps must be finite and non-negative, got " + eps);
        }
        int c = src.dim(-1);
        for (Tensor p : new Tensor[] {gamma, beta}) {
            if (p != null) {
                OpChecks.live(name, p);
                if (p.rank() != 1 || p.dim(0) != c) {
                    throw mismatch(name, src, p, "gamma/beta must be [" + c + "]");
                }
            }
        }
        return c;
    }

    static BatchNormResult batchNorm2dTraining(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                               Tensor runningVar, float momentum, float eps) {
        String name = "batchNorm2d";
        Tensor src = dense(name, x), g = denseOrNull(name, gamma), b = denseOrNull(name, beta);
        int c = checkBatchNorm(name, src, g, b, eps);
        long count = (long) src.dim(0) * src.dim(2) * src.dim(3);
        if (count < 2) {
            throw new IllegalArgumentException(name + ": training needs more than one value per channel, got src "
                    + Shapes.str(src.shape()));
        }
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(name + ": give both running statistics or neither");
        }
        ConvShapes.channelVector(name, "runningMean", runningMean, c, true);
        ConvShapes.channelVector(name, "runningVar", runningVar, c, true);
        Outputs.writable(name, "runningMean", runningMean);
        Outputs.writable(name, "runningVar", runningVar);
        Outputs.disjoint(name, new String[] {"runningMean", "runningVar"}, new Tensor[] {runningMean, runningVar},
                new String[0], new Tensor[0]);
        if (!(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException(name + ": momentum must be in [0, 1], got " + momentum);
        }
        Tensor dst = Tensor.empty(src.shape()), mean = Tensor.empty(c), variance = Tensor.empty(c);
        backend().batchNorm2d(src, g, b, mean, variance, eps, true, dst);
        if (runningMean != null) {
            RunningStats.update(runningMean, runningVar, mean, variance, momentum, count);
        }
        return new BatchNormResult(dst, mean, variance);
    }

    static Tensor batchNorm2dInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps) {
        Tensor src = dense("batchNorm2d", x);
        Tensor dst = Tensor.empty(src.shape());
        batchNorm2dInferenceInto(src, gamma, beta, mean, variance, eps, dst);
        return dst;
    }

    static void batchNorm2dInferenceInto(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps,
                                         Tensor dst) {
        String name = "batchNorm2d";
        Tensor src = dense(name, x), g = denseOrNull(name, gamma), b = denseOrNull(name, beta);
        int c = checkBatchNorm(name, src, g, b, eps);
        Tensor m = denseOrNull(name, mean), v = denseOrNull(name, variance);
        ConvShapes.channelVector(name, "mean", m, c, false);
        ConvShapes.channelVector(name, "variance", v, c, false);
        checkOut(name, dst, src.shape());
        Outputs.writable(name, "dst", dst);
        Backend backend = backend();
        if (Outputs.overlaps(dst, src) || Outputs.overlaps(dst, g) || Outputs.overlaps(dst, b) || Outputs.overlaps(dst, m)
                || Outputs.overlaps(dst, v)) {
            Outputs.staged(backend, dst, false, t -> backend.batchNorm2d(src, g, b, m, v, eps, false, t));
        } else {
            backend.batchNorm2d(src, g, b, m, v, eps, false, dst);
        }
    }

    static BatchNormGrads batchNorm2dBackward(Tensor x, Tensor diffDst, Tensor gamma, Tensor mean, Tensor variance,
                                             float eps) {
        String name = "batchNorm2d backward";
        Tensor src = dense(name, x), dd = dense(name, diffDst), g = denseOrNull(name, gamma);
        sameShape(name, src, dd);
        int c = checkBatchNorm(name, src, g, null, eps);
        Tensor m = denseOrNull(name, mean), v = denseOrNull(name, variance);
        ConvShapes.channelVector(name, "mean", m, c, false);
        ConvShapes.channelVector(name, "variance", v, c, false);
        Tensor diffSrc = Tensor.empty(src.shape());
        Tensor dg = g == null ? null : Tensor.empty(c), db = g == null ? null : Tensor.empty(c);
        backend().batchNorm2dBackward(src, dd, g, m, v, eps, diffSrc, dg, db);
        return new BatchNormGrads(diffSrc, dg, db);
    }

    private static int checkBatchNorm(String name, Tensor src, Tensor gamma, Tensor beta, float eps) {
        ConvShapes.nchw(name, "src", src);
        if (!(eps > 0) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException(name + ": eps must be finite and positive, got " + eps);
        }
        int c = src.dim(1);
        if (c == 0) {
            throw new IllegalArgumentException(name + ": src " + Shapes.str(src.shape()) + " has no channels");
        }
        ConvShapes.channelVector(name, "gamma", gamma, c, true);
        ConvShapes.channelVector(name, "beta", beta, c, true);
        return c;
    }
}
