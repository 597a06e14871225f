package dev.gatun.train;

import dev.gatun.autograd.Autocast;
import dev.gatun.autograd.F;
import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.nn.Module;
import dev.gatun.nn.loss.Loss;
import dev.gatun.nn.loss.Penalty;
import dev.gatun.optim.LrSchedule;
import dev.gatun.optim.Optimizer;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.StepMemory;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The training loop of every gradient-trained model: per epoch, shuffled mini-batches, each a
 * {@link TrainStep} (forward, loss and penalties, backward, gradient listeners, clipping,
 * update), {@code accumulate} batches per update; then the validation loss and accuracy, the
 * learning-rate schedule's step and early stopping on the validation loss (after
 * {@code patience} epochs without a new best it stops, and the best epoch's weights are put back).
 *
 * <p>What it allocates, it allocates once: the data sits in contiguous tensors
 * ({@link Examples}); a shuffled batch is gathered into batch buffers made once per run (an
 * unshuffled one is a view); every step and every validation chunk runs in a scope of one
 * {@link StepMemory} that the whole run reuses, validation without a tape ({@link NoGrad}).
 * The loss is read once per step (one float), the accuracy counted in place on the outputs. A
 * NaN is caught at the end of the epoch from the loss; {@code stopOnNonFinite} checks every step.
 * The same seed and backend give the same sequence of losses.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3f))
 *         .epochs(10).batch(32).shuffle(new Rng(1)).clipNorm(1f).build();
 * TrainResult r = trainer.fit("mlp", train, validation, TrainListener.NONE);
 * }</pre>
 */
public final class Trainer {
    private final Module model;
    private final Optimizer optimizer;
    private final TrainStep step;
    private final int epochs, batch, accumulate, patience, evalRows;
    private final Rng shuffle; // null: batches in row order, as views
    private final Function<Optimizer, LrSchedule> schedule; // null: a constant learning rate

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.step = new TrainStep(b.model, b.loss, b.optimizer, b.penalties, b.clipNorm, b.perPosition, b.gradientListeners,
                b.stopOnNonFinite).precision(b.precision);
        this.epochs = b.epochs;
        this.batch = b.batch;
        this.accumulate = b.accumulate;
        this.patience = b.patience;
        this.evalRows = b.evalRows;
        this.shuffle = b.shuffle;
        this.schedule = b.schedule;
    }

    public static Builder builder(Module model, Loss loss, Optimizer optimizer) {
        return new Builder(model, loss, optimizer);
    }

    /** The step this trainer runs: add gradient listeners to it. */
    public TrainStep step() {
        return step;
    }

    /** Mean loss and accuracy (NaN without labels or rows) of a data set. */
    public record Evaluation(double loss, double accuracy) {}

    /** Trains on {@code train}, validating on {@code validation} (which may have no rows) after each epoch. */
    public TrainResult fit(String description, Examples train, Examples validation, TrainListener listener) {
        if (train.rows() == 0) {
            throw new IllegalArgumentException("Trainer.fit: " + train.name() + " has no rows to train on");
        }
        EarlyStopping stopping = new EarlyStopping(model, patience, validation.rows() > 0);
        LrSchedule lr = schedule == null ? null : schedule.apply(optimizer);
        List<EpochMetrics> history = new ArrayList<>();
        int rowsPerBatch = Math.min(batch, train.rows());
        int[] order = new int[train.rows()];
        java.util.Arrays.setAll(order, i -> i);
        listener.start(description, epochs, train.rows());
        long start = System.nanoTime();
        Evaluation finalVal;
        try (StepMemory memory = StepMemory.confined(); Batches batches = new Batches(train, rowsPerBatch)) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long epochStart = System.nanoTime();
                step.epoch(epoch);
                model.train();
                if (shuffle != null) {
                    shuffle.shuffle(order);
                }
                double lossSum = 0;
                long correct = 0, rows = 0;
                for (int from = 0; from < order.length; ) {
                    int updateRows = Math.min(order.length - from, rowsPerBatch * accumulate);
                    step.begin();
                    for (int end = from + updateRows; from < end; from += rowsPerBatch) {
                        int to = Math.min(end, from + rowsPerBatch);
                        TrainStep.Output o;
                        try (Scope _ = memory.open()) {
                            batches.select(order, from, to, shuffle != null);
                            o = step.accumulate(batches.x, batches.y, batches.labels,
                                    updateRows == to - from ? 1f : (float) (to - from) / updateRows);
                        }
                        lossSum += o.loss() * (to - from);
                        correct += o.correct();
                        rows += to - from;
                        listener.step(epoch, rows, lossSum / rows);
                    }
                    step.update();
                }
                long trainEnd = System.nanoTime(); // samples/s is measured against the training steps only
                Evaluation val = evaluate(validation, memory);
                double trainAccuracy = train.hasLabels() ? (double) correct / (rows * train.labelsPerRow()) : Double.NaN;
                EpochMetrics m = new EpochMetrics(epoch, lossSum / rows, trainAccuracy, val.loss(), val.accuracy(), rows,
                        (System.nanoTime() - epochStart) / 1e9, (trainEnd - epochStart) / 1e9);
                history.add(m);
                listener.epoch(m);
                if (stopping.stopAfter(m, epochs)) {
                    break;
                }
                if (lr != null) {
                    lr.step();
                }
            }
            stopping.restoreBest(listener);
            finalVal = stopping.bestEpoch() == history.size() ? last(history) : evaluate(validation, memory);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long samples = history.stream().mapToLong(EpochMetrics::samples).sum();
        return new TrainResult(description, train.name().replace("/train", ""), Backends.current().name(),
                Backends.current().threads(), history, stopping.bestEpoch(), stopping.stoppedEarly(), samples, seconds,
                finalVal.loss(), finalVal.accuracy(), weights(model));
    }

    /** The validation of the last epoch, when the model still has its weights (nothing was restored). */
    private static Evaluation last(List<EpochMetrics> history) {
        EpochMetrics m = history.getLast();
        return new Evaluation(m.valLoss(), m.valAccuracy());
    }

    /** Mean loss and accuracy over {@code data} in evaluation mode (dropout off, BatchNorm's running statistics). */
    public Evaluation evaluate(Examples data) {
        try (StepMemory memory = StepMemory.confined()) {
            return evaluate(data, memory);
        }
    }

    /** Validation through the inference path: no tape, chunks of rows as views, one reused memory. */
    private Evaluation evaluate(Examples data, StepMemory memory) {
        if (data.rows() == 0) {
            return new Evaluation(Double.NaN, Double.NaN);
        }
        double lossSum = 0;
        long correct = 0;
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var _ = NoGrad.enter();
                Autocast _ = step.precision() == DataType.FLOAT32 ? null : Autocast.bf16()) { // validated as trained
            for (int from = 0; from < data.rows(); from += evalRows) {
                int to = Math.min(data.rows(), from + evalRows);
                try (Scope _ = memory.open()) {
                    Tensor x = data.inputs(from, to);
                    Tensor y = data.targets(from, to);
                    Var out = model.forward(Var.constant(x));
                    if (step.perPosition()) {
                        out = F.reshape(out, x.dim(0) * x.dim(1), -1);
                        y = y.reshape(x.dim(0) * x.dim(1));
                    }
                    lossSum += step.loss().forward(out, y).item() * (to - from);
                    if (data.hasLabels()) {
                        correct += correct(out.value(), data, from);
                    }
                }
            }
        } finally {
            model.train(wasTraining);
        }
        double accuracy = data.hasLabels() ? (double) correct / ((long) data.rows() * data.labelsPerRow()) : Double.NaN;
        return new Evaluation(lossSum / data.rows(), accuracy);
    }

    private static long correct(Tensor out, Examples data, int fromRow) {
        var s = out.isContiguous() ? out.segment() : out.contiguous().segment();
        int n = out.dim(0);
        int k = (int) (out.numel() / n);
        int base = fromRow * data.labelsPerRow();
        long right = 0;
        for (int i = 0; i < n; i++) {
            right += TrainStep.predicted(s, i, k) == data.label(base + i) ? 1 : 0;
        }
        return right;
    }

    /** The predicted class of every row (of every position, for token sequences), in evaluation mode. */
    public int[] predict(Examples data) {
        int[] classes = new int[data.rows() * data.labelsPerRow()];
        boolean wasTraining = model.isTraining();
        model.eval();
        try (StepMemory memory = StepMemory.confined(); var _ = NoGrad.enter()) {
            for (int from = 0; from < data.rows(); from += evalRows) {
                int to = Math.min(data.rows(), from + evalRows);
                try (Scope _ = memory.open()) {
                    Tensor out = model.forward(Var.constant(data.inputs(from, to))).value();
                    out = out.isContiguous() ? out : out.contiguous();
                    int n = (to - from) * data.labelsPerRow();
                    int k = (int) (out.numel() / n);
                    for (int i = 0; i < n; i++) {
                        classes[from * data.labelsPerRow() + i] = TrainStep.predicted(out.segment(), i, k);
                    }
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return classes;
    }

    /** The model's state dict (parameters and buffers, so a saved CNN predicts as trained) copied off, by name. */
    static Map<String, WeightArray> weights(Module model) {
        Map<String, WeightArray> out = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> out.put(name, new WeightArray(t.shape(), t.toArray())));
        return out;
    }

    /**
     * The tensors one training batch is read from: views of the data in row order, or rows
     * gathered into buffers made once per run (the last, smaller batch is a view of their first rows).
     */
    private static final class Batches implements AutoCloseable {
        private final Examples data;
        private final Scope scope = Scope.detachedShared();
        private final Tensor xBuffer, yBuffer;
        private final int[] labelBuffer;
        Tensor x, y;
        int[] labels;

        Batches(Examples data, int rows) {
            this.data = data;
            this.xBuffer = Examples.rowsLike(scope, data.inputs(), rows);
            this.yBuffer = Examples.rowsLike(scope, data.targets(), rows);
            this.labelBuffer = data.hasLabels() ? new int[rows * data.labelsPerRow()] : null;
        }

        void select(int[] order, int from, int to, boolean shuffled) {
            int n = to - from;
            boolean full = n == xBuffer.dim(0);
            if (!shuffled) {
                x = data.inputs(from, to);
                y = data.targets(from, to);
            } else {
                x = full ? xBuffer : xBuffer.slice(0, 0, n);
                y = full ? yBuffer : yBuffer.slice(0, 0, n);
            }
            if (labelBuffer == null) {
                labels = null;
                if (shuffled) {
                    data.gather(order, from, to, x, y, null);
                }
                return;
            }
            labels = full ? labelBuffer : new int[n * data.labelsPerRow()]; // the last batch of an epoch only
            if (shuffled) {
                data.gather(order, from, to, x, y, labels);
            } else {
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = data.label(from * data.labelsPerRow() + i);
                }
            }
        }

        @Override
        public void close() {
            scope.close();
        }
    }

    /** Settings of a {@link Trainer}; every one has a default but the model, loss and optimizer. */
    public static final class Builder {
        private final Module model;
        private final Loss loss;
        private final Optimizer optimizer;
        private List<Penalty> penalties = List.of();
        private float clipNorm;
        private boolean perPosition;
        private final List<TrainStep.GradientListener> gradientListeners = new ArrayList<>();
        private boolean stopOnNonFinite;
        private int epochs = 1, batch = 32, accumulate = 1, patience, evalRows = 512;
        private Rng shuffle;
        private Function<Optimizer, LrSchedule> schedule;
        private DataType precision = DataType.FLOAT32;

        private Builder(Module model, Loss loss, Optimizer optimizer) {
            this.model = model;
            this.loss = loss;
            this.optimizer = optimizer;
        }

        /** L1/L2 terms added to the loss. */
        public Builder penalties(List<Penalty> v) { penalties = List.copyOf(v); return this; }
        /** Clip the gradients to this global norm before each update; 0 (the default) does not clip. */
        public Builder clipNorm(float v) { clipNorm = v; return this; }
        /** Token sequences: the loss is averaged over every position of [B, T] outputs. */
        public Builder perPosition(boolean v) { perPosition = v; return this; }
        public Builder gradientListener(TrainStep.GradientListener v) { gradientListeners.add(v); return this; }
        /** Check the loss, every gradient and parameter each step, naming the first non-finite one. */
        public Builder stopOnNonFinite(boolean v) { stopOnNonFinite = v; return this; }
        public Builder epochs(int v) { epochs = positive("epochs", v); return this; }
        public Builder batch(int v) { batch = positive("batch", v); return this; }
        /** Mini-batches whose gradients are summed (weighted by rows) into one update. */
        public Builder accumulate(int v) { accumulate = positive("accumulate", v); return this; }
        /** Epochs without a better validation loss before stopping; 0 never stops early. */
        public Builder patience(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("Trainer: patience must be >= 0, got " + v);
            }
            patience = v;
            return this;
        }
        /** Rows per validation forward pass: bounds the memory validation needs. */
        public Builder evalRows(int v) { evalRows = positive("evalRows", v); return this; }
        /** Reshuffle the rows each epoch with this generator; without one, batches are views in row order. */
        public Builder shuffle(Rng v) { shuffle = v; return this; }
        /** The learning-rate schedule, stepped after each epoch; made from the optimizer at the start of {@link #fit}. */
        public Builder schedule(Function<Optimizer, LrSchedule> v) { schedule = v; return this; }

        /** bfloat16: mixed-precision training and validation (see {@link TrainStep#precision(DataType)}); float32 by default. */
        public Builder precision(DataType v) {
            if (v == null) {
                throw new IllegalArgumentException("Trainer: precision is null (float32 or bfloat16)");
            }
            if (v.isInteger()) {
                throw new IllegalArgumentException("Trainer: precision " + v + " is not float32 or bfloat16 (int8 is for"
                        + " inference: see Quantizer)");
            }
            precision = v;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }

        private static int positive(String what, int v) {
            if (v < 1) {
                throw new IllegalArgumentException("Trainer: " + what + " must be at least 1, got " + v);
            }
            return v;
        }
    }
}
