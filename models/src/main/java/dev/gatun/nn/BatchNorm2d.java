package dev.gatun.nn;

import dev.gatun.autograd.ConvF;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.ops.Ops;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Tensor;

/**
 * Batch normalization over NCHW, as PyTorch's {@code BatchNorm2d(num_features, eps=1e-5,
 * momentum=0.1, affine=True, track_running_stats=True)}: parameters "weight" (ones) and "bias"
 * (zeros), buffers "running_mean" (zeros), "running_var" (ones) and "num_batches_tracked".
 * In training mode it normalizes with the batch statistics and updates the running ones
 * ({@code running = (1 - momentum) * running + momentum * batch}, the variance unbiased); in
 * {@link #eval()} mode it normalizes with the running statistics. Without tracking it always
 * uses the batch statistics.
 *
 * <p>The buffers are not parameters (no gradient, no optimizer state); they are registered with
 * {@link Module#buffer}, so {@link #stateDict()} and checkpoints carry them under PyTorch's names
 * ({@code num_batches_tracked} as a float scalar, exact to 2^24 batches).
 */
public final class BatchNorm2d extends Module {
    private final int features;
    private final float eps;
    private final float momentum;
    private final Parameter weight; // null without affine
    private final Parameter bias;
    private final Tensor runningMean; // null without tracking
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    public BatchNorm2d(int features) {
        this(features, 1e-5f, 0.1f, true, true);
    }

    public BatchNorm2d(int features, float eps, float momentum, boolean affine, boolean trackRunningStats) {
        if (features <= 0) {
            throw new IllegalArgumentException("BatchNorm2d: features must be positive, got " + features);
        }
        if (!(eps > 0f) || !(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("BatchNorm2d: eps must be positive and momentum in [0, 1], got eps=" + eps
                    + " momentum=" + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? parameter("weight", features) : null;
        this.bias = affine ? parameter("bias", features) : null;
        if (affine) {
            weight.value().fill(1f);
        }
        if (trackRunningStats) {
            runningMean = buffer("running_mean", features);
            runningVar = buffer("running_var", features);
            runningVar.fill(1f);
            numBatchesTracked = buffer("num_batches_tracked");
        } else {
            runningMean = null;
            runningVar = null;
            numBatchesTracked = null;
        }
    }

    @Override
    public Var forward(Var x) {
        boolean batchStats = isTraining() || runningMean == null;
        if (isTraining() && runningMean != null) {
            numBatchesTracked.set(numBatchesTracked.item() + 1f);
        }
        // training updates the running statistics in place; evaluation reads them
        return ConvF.batchNorm2d(x, weight, bias, runningMean, runningVar, batchStats, momentum, eps);
    }

    /** The scale, or null without affine. */
    public Parameter weight() {
        return weight;
    }

    /** The shift, or null without affine. */
    public Parameter bias() {
        return bias;
    }

    /** The running mean [C], or null without tracking. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance [C], or null without tracking. */
    public Tensor runningVar() {
        return runningVar;
    }

    /** Training forward passes that updated the running statistics. */
    public long numBatchesTracked() {
        return numBatchesTracked == null ? 0 : (long) numBatchesTracked.item();
    }

    public float eps() {
        return eps;
    }

    @Override
    protected String extraRepr() {
        return features + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight != null ? "True" : "False")
                + ", track_running_stats=" + (runningMean != null ? "True" : "False");
    }

    /** Eval mode: the running statistics. */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        if (runningMean == null) {
            throw new IllegalArgumentException("Predictor: BatchNorm2d without running statistics normalizes each batch"
                    + " by itself; a predictor plans eval-mode layers only");
        }
        Tensor gamma = weight == null ? null : ctx.weight(weight.value());
        Tensor beta = bias == null ? null : ctx.weight(bias.value());
        Tensor mean = ctx.weight(runningMean);
        Tensor var = ctx.weight(runningVar);
        if (ctx.foldBatchNorm(input, gamma, beta, mean, var, eps)) { // into the int8 convolution before it
            return LayerPlans.identity(input);
        }
        Tensor y = ctx.buffer(input.shape());
        Backend be = ctx.backend();
        ctx.check(() -> Ops.batchNorm2dInferenceInto(input, gamma, beta, mean, var, eps, y));
        return LayerPlans.of(y, () -> be.batchNorm2d(input, gamma, beta, mean, var, eps, false, y));
    }
}
