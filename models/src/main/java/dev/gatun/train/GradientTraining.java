package dev.gatun.train;

import dev.gatun.autograd.F;
import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.data.Batch;
import dev.gatun.data.Dataset;
import dev.gatun.data.MiniBatches;
import dev.gatun.data.Split;
import dev.gatun.nn.Module;
import dev.gatun.nn.loss.Penalty;
import dev.gatun.optim.Optimizer;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.StepMemory;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop of every gradient-trained model: per epoch, shuffled mini-batches; per
 * batch, forward pass, loss, back-propagation and one optimizer step; then the validation
 * loss and accuracy. Early stopping watches the validation loss: after {@code patience}
 * epochs without a new best it stops, and the weights of the best epoch are put back.
 *
 * <p>Each step runs in its own confined {@link Scope} on {@link StepMemory}: the batch tensors,
 * every activation and every intermediate gradient of the step are gone when it closes, and the
 * next step reuses their memory, so memory stays flat however long the run. Parameters, their gradients and the optimizer's state live in the
 * model's scope. The same seed and backend give the same sequence of losses.
 */
public final class GradientTraining {
    /** Rows per forward pass when evaluating: bounds the memory of one evaluation scope. */
    private static final int EVAL_ROWS = 4096;

    private final Module model;
    private final Head head;
    private final Optimizer optimizer;
    private final List<Penalty> penalties;
    private NonFiniteGuard guard; // null: NaN is caught at the end of the epoch only
    private long steps;
    private int epoch;

    public GradientTraining(Module model, Head head, Optimizer optimizer, List<Penalty> penalties) {
        this.model = model;
        this.head = head;
        this.optimizer = optimizer;
        this.penalties = List.copyOf(penalties);
    }

    /**
     * With {@code on}, training stops at the first step whose loss, gradients or updated
     * parameters hold a NaN or an infinity, with a {@link NonFiniteException} naming the step and
     * the layer; without it, a diverged run is reported at the end of its epoch. Returns this.
     */
    public GradientTraining stopOnNonFinite(boolean on) {
        guard = on ? new NonFiniteGuard(model) : null;
        return this;
    }

    /**
     * Trains for up to {@code epochs} epochs on {@code data.train()} in batches of
     * {@code batchSize} shuffled by {@code batchRng}; {@code patience} 0 turns early stopping off.
     */
    public TrainResult train(String description, Split data, int epochs, int batchSize, int patience, Rng batchRng,
                             TrainListener listener) {
        Dataset train = data.train();
        Dataset validation = data.validation();
        EarlyStopping stopping = new EarlyStopping(model, patience, validation.rows() > 0);
        MiniBatches batches = new MiniBatches(train, batchSize, batchRng);
        List<EpochMetrics> history = new ArrayList<>();
        listener.start(description, epochs, train.rows());
        long start = System.nanoTime();
        try (StepMemory memory = StepMemory.confined()) { // one block of memory that every step reuses
            for (epoch = 1; epoch <= epochs; epoch++) {
                long epochStart = System.nanoTime();
                model.train();
                double lossSum = 0;
                long correct = 0, rows = 0;
                for (Batch b : batches.nextEpoch()) {
                    Step s = step(b, memory);
                    lossSum += s.loss * b.size();
                    correct += s.correct;
                    rows += b.size();
                    listener.step(epoch, rows, lossSum / rows);
                }
                long trainEnd = System.nanoTime();
                Evaluation val = evaluate(validation);
                EpochMetrics m = new EpochMetrics(epoch, lossSum / rows, head.regression() ? Double.NaN : (double) correct / rows,
                        val.loss, val.accuracy, rows, (System.nanoTime() - epochStart) / 1e9, (trainEnd - epochStart) / 1e9);
                history.add(m);
                listener.epoch(m);
                if (stopping.stopAfter(m, epochs)) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stopping.restoreBest(listener);
        Evaluation finalVal = evaluate(validation);
        long samples = history.stream().mapToLong(EpochMetrics::samples).sum();
        return new TrainResult(description, train.name().replace("/train", ""), Backends.current().name(),
                Backends.current().threads(), history, stopping.bestEpoch(), stopping.stoppedEarly(), samples, seconds, finalVal.loss,
                finalVal.accuracy, weights(model));
    }

    private record Step(double loss, int correct) {}

    /** One mini-batch: forward, loss (+ penalties), backward, update; everything temporary dies with the scope. */
    private Step step(Batch b, StepMemory memory) {
        try (Scope step = memory.open()) {
            Var x = Var.constant(b.features(step));
            Tensor y = head.targets(b, step);
            Var out = model.forward(x);
            Var loss = head.loss().forward(out, y);
            steps++;
            if (guard != null) {
                guard.checkLoss(steps, epoch, x, loss);
            }
            Var objective = loss;
            for (Penalty p : penalties) {
                objective = F.add(objective, p.apply(model.parameters()));
            }
            optimizer.zeroGrad();
            objective.backward();
            if (guard != null) {
                guard.checkGradients(steps, epoch);
            }
            optimizer.step();
            if (guard != null) {
                guard.checkParameters(steps, epoch);
            }
            int[] predicted = head.predict(out.value().toArray(), b.size());
            return new Step(loss.item(), predicted == null ? 0 : correct(predicted, b.labels()));
        }
    }

    private record Evaluation(double loss, double accuracy) {}

    /** Mean loss and accuracy over {@code data} in evaluation mode (dropout off), recording nothing. */
    private Evaluation evaluate(Dataset data) {
        if (data.rows() == 0) {
            return new Evaluation(Double.NaN, Double.NaN);
        }
        model.eval();
        double lossSum = 0;
        long correct = 0;
        try (var _ = NoGrad.enter()) {
            for (int from = 0; from < data.rows(); from += EVAL_ROWS) {
                int to = Math.min(data.rows(), from + EVAL_ROWS);
                try (Scope scope = Scope.confined()) {
                    Batch b = data.batch(range(from, to));
                    Var out = model.forward(Var.constant(b.features(scope)));
                    lossSum += head.loss().forward(out, head.targets(b, scope)).item() * b.size();
                    int[] predicted = head.predict(out.value().toArray(), b.size());
                    correct += predicted == null ? 0 : correct(predicted, b.labels());
                }
            }
        }
        model.train();
        return new Evaluation(lossSum / data.rows(), head.regression() ? Double.NaN : (double) correct / data.rows());
    }

    /** Predicted classes of every row, in evaluation mode. */
    public int[] predict(Dataset data) {
        int[] out = new int[data.rows()];
        model.eval();
        try (var _ = NoGrad.enter()) {
            for (int from = 0; from < data.rows(); from += EVAL_ROWS) {
                int to = Math.min(data.rows(), from + EVAL_ROWS);
                try (Scope scope = Scope.confined()) {
                    Batch b = data.batch(range(from, to));
                    int[] p = head.predict(model.forward(Var.constant(b.features(scope))).value().toArray(), b.size());
                    if (p == null) {
                        throw new IllegalStateException("predict: a regression model has no classes to predict");
                    }
                    System.arraycopy(p, 0, out, from, p.length);
                }
            }
        }
        model.train();
        return out;
    }

    /** The model's state dict copied off, by PyTorch-style name. */
    static Map<String, WeightArray> weights(Module model) {
        Map<String, WeightArray> out = new LinkedHashMap<>();
        // the state dict: parameters and buffers (BatchNorm's running statistics), so a saved CNN predicts as trained
        model.stateDict().forEach((name, t) -> out.put(name, new WeightArray(t.shape(), t.toArray())));
        return out;
    }

    private static int correct(int[] predicted, int[] labels) {
        int n = 0;
        for (int i = 0; i < predicted.length; i++) {
            n += predicted[i] == labels[i] ? 1 : 0;
        }
        return n;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
