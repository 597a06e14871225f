package dev.gatun.train;

import dev.gatun.autograd.Autocast;
import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.nn.Module;
import dev.gatun.nn.Parameter;
import dev.gatun.nn.loss.Loss;
import dev.gatun.nn.loss.Penalty;
import dev.gatun.optim.GradClip;
import dev.gatun.optim.Optimizer;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimizer update of a model, in its parts: {@link #begin()} zeroes the gradients;
 * {@link #accumulate} runs the forward pass, the loss (plus penalties) and the backward pass of
 * one (micro-)batch, adding its gradients; {@link #update()} hands the gradients to the
 * {@link GradientListener}s, checks them (with the NaN guard), clips them to a global norm and
 * lets the optimizer step. {@link #step} is the three for one batch.
 *
 * <p>The caller opens the step scope (normally on a {@code StepMemory}) around
 * {@link #accumulate}: every activation and intermediate gradient dies with it; the parameters'
 * gradients live in the model's scope and add up across micro-batches until the next
 * {@link #begin()} (autograd's lazy zeroing: the first backward after it overwrites).
 *
 * <p>Gradient accumulation: micro-batches whose loss weights are their share of the rows
 * ({@code rows / rowsOfTheUpdate}) give the gradient of the one big batch they make up (for
 * models without batch statistics: BatchNorm normalizes each micro-batch by its own).
 */
public final class TrainStep {

    /**
     * Sees the summed gradients of each update after the backward passes and before clipping and
     * the optimizer's step, and may change them in place: where a data-parallel trainer averages
     * them across replicas.
     */
    @FunctionalInterface
    public interface GradientListener {
        void gradients(long update, List<Parameter> parameters);
    }

    /** The mean loss of a (micro-)batch and how many of its labels were predicted right (0 without labels). */
    public record Output(double loss, long correct) {}

    private final Module model;
    private final List<Parameter> parameters;
    private final Loss loss;
    private final Optimizer optimizer;
    private final List<Penalty> penalties;
    private final float clipNorm; // 0: no clipping
    private final boolean perPosition;
    private final List<GradientListener> listeners;
    private final NonFiniteGuard guard; // null: a NaN is caught by the loop at the end of the epoch
    private DataType precision = DataType.FLOAT32;
    private long updates;
    private int epoch = 1;

    /**
     * @param perPosition the model maps [B, T] to [B, T, classes] and the loss is averaged over
     *                    every position (token sequences): outputs are flattened to [B*T, classes]
     *                    and targets [B, T] to [B*T]
     * @param clipNorm    the global gradient norm to clip to, 0 for no clipping
     */
    public TrainStep(Module model, Loss loss, Optimizer optimizer, List<Penalty> penalties, float clipNorm,
                     boolean perPosition, List<GradientListener> listeners, boolean stopOnNonFinite) {
        if (!(clipNorm >= 0f) || Float.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("TrainStep: clip norm must be finite and >= 0 (0: no clipping), got " + clipNorm);
        }
        this.model = model;
        this.parameters = model.parameters();
        this.loss = loss;
        this.optimizer = optimizer;
        this.penalties = List.copyOf(penalties);
        this.clipNorm = clipNorm;
        this.perPosition = perPosition;
        this.listeners = new ArrayList<>(listeners);
        this.guard = stopOnNonFinite ? new NonFiniteGuard(model) : null;
    }

    /** Adds a gradient listener; it hears every later update. */
    public void addGradientListener(GradientListener listener) {
        listeners.add(listener);
    }

    /**
     * The precision of the forward and backward passes' matrix products and convolutions:
     * {@link DataType#BFLOAT16} runs them as an {@link Autocast#bf16()} region (bf16 operands,
     * float32 accumulation), with float32 master weights, gradients, optimizer state, losses,
     * softmax and norms; {@link DataType#FLOAT32} (the default) runs everything in float32.
     */
    public TrainStep precision(DataType precision) {
        if (precision == null) {
            throw new IllegalArgumentException("TrainStep: precision is null (float32 or bfloat16)");
        }
        if (precision.isInteger()) {
            throw new IllegalArgumentException("TrainStep: precision " + precision + " is not float32 or bfloat16 (int8 is"
                    + " for inference: see Quantizer)");
        }
        this.precision = precision;
        return this;
    }

    public DataType precision() {
        return precision;
    }

    /** Which epoch the following steps belong to, for the NaN guard's messages. */
    void epoch(int epoch) {
        this.epoch = epoch;
    }

    Loss loss() {
        return loss;
    }

    boolean perPosition() {
        return perPosition;
    }

    /** Updates done so far. */
    public long updates() {
        return updates;
    }

    /** Starts an update: gradients from here on add up from zero. */
    public void begin() {
        optimizer.zeroGrad();
    }

    /**
     * Forward, loss and backward of one micro-batch: inputs {@code x} [B, ...], targets {@code y}
     * as the loss reads them, {@code labels} the class of each prediction (null: no accuracy).
     * The loss and the penalties are scaled by {@code weight} before the backward pass.
     */
    public Output accumulate(Tensor x, Tensor y, int[] labels, float weight) {
        try (Autocast region = precision == DataType.FLOAT32 ? null : Autocast.bf16()) {
            return run(x, y, labels, weight);
        }
    }

    private Output run(Tensor x, Tensor y, int[] labels, float weight) {
        Var input = Var.constant(x);
        Var out = model.forward(input);
        if (perPosition) {
            out = F.reshape(out, x.dim(0) * x.dim(1), -1);
            y = y.reshape(x.dim(0) * x.dim(1));
        }
        Var l = loss.forward(out, y);
        if (guard != null) {
            guard.checkLoss(updates + 1, epoch, input, l);
        }
        Var objective = l;
        for (Penalty p : penalties) {
            objective = F.add(objective, p.apply(parameters));
        }
        if (weight != 1f) {
            objective = F.mul(objective, weight);
        }
        objective.backward();
        return new Output(l.item(), labels == null ? 0 : correct(out.value(), labels));
    }

    /** Gradient listeners, the NaN guard, clipping, the optimizer's step. */
    public void update() {
        updates++;
        for (GradientListener g : listeners) {
            g.gradients(updates, parameters);
        }
        if (guard != null) {
            guard.checkGradients(updates, epoch);
        }
        if (clipNorm > 0) {
            GradClip.clipGradNorm(parameters, clipNorm);
        }
        optimizer.step();
        if (guard != null) {
            guard.checkParameters(updates, epoch);
        }
    }

    /** One whole update on one batch. */
    public Output step(Tensor x, Tensor y, int[] labels) {
        begin();
        Output o = accumulate(x, y, labels, 1f);
        update();
        return o;
    }

    /**
     * How many rows of {@code out} [N, K] predict {@code labels[i]}: the arg-max for K > 1, a
     * positive score for a single logit. Read in place, no copy to a Java array.
     */
    static long correct(Tensor out, int[] labels) {
        Tensor c = out.isContiguous() ? out : out.contiguous();
        MemorySegment s = c.segment();
        int n = c.dim(0);
        int k = (int) (c.numel() / Math.max(1, n));
        long right = 0;
        for (int i = 0; i < n; i++) {
            right += predicted(s, i, k) == labels[i] ? 1 : 0;
        }
        return right;
    }

    /** The class row {@code i} of [N, k] scores predicts. */
    static int predicted(MemorySegment s, int i, int k) {
        long at = (long) i * k;
        if (k == 1) {
            return s.getAtIndex(ValueLayout.JAVA_FLOAT, at) > 0 ? 1 : 0;
        }
        int best = 0;
        float max = s.getAtIndex(ValueLayout.JAVA_FLOAT, at);
        for (int j = 1; j < k; j++) {
            float v = s.getAtIndex(ValueLayout.JAVA_FLOAT, at + j);
            if (v > max) {
                max = v;
                best = j;
            }
        }
        return best;
    }
}
