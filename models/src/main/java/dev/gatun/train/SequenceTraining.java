package dev.gatun.train;

import dev.gatun.autograd.F;
import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.data.TokenSequences;
import dev.gatun.nn.Module;
import dev.gatun.nn.loss.CrossEntropyLoss;
import dev.gatun.optim.GradClip;
import dev.gatun.optim.Optimizer;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training loop of models that predict a token at every position of a sequence (sequence
 * reversal, character language models): a model maps ids [B, T] to logits [B, T, vocab]; the
 * loss is the cross-entropy averaged over every position (nats), the accuracy is per token.
 * Like {@link GradientTraining}: shuffled mini-batches from one generator, one confined scope
 * per step, validation after each epoch, early stopping on the validation loss with the best
 * weights put back. Gradients are clipped to a global norm of 1, which transformers and
 * recurrent nets need to train stably at the default learning rates.
 */
public final class SequenceTraining {
    private static final int EVAL_ROWS = 256;
    private static final float CLIP_NORM = 1f;

    private final Module model;
    private final Optimizer optimizer;
    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private NonFiniteGuard guard; // null: NaN is caught at the end of the epoch only
    private long steps;
    private int epoch;

    public SequenceTraining(Module model, Optimizer optimizer) {
        this.model = model;
        this.optimizer = optimizer;
    }

    /** As {@link GradientTraining#stopOnNonFinite}: stop at the first step with a NaN or infinity. */
    public SequenceTraining stopOnNonFinite(boolean on) {
        guard = on ? new NonFiniteGuard(model) : null;
        return this;
    }

    /** Trains up to {@code epochs} epochs; {@code patience} 0 turns early stopping off. */
    public TrainResult train(String description, TokenSequences.Split data, int epochs, int batchSize, int patience,
                             Rng batchRng, TrainListener listener) {
        TokenSequences train = data.train();
        EarlyStopping stopping = new EarlyStopping(model, patience, data.validation().rows() > 0);
        List<EpochMetrics> history = new ArrayList<>();
        int[] order = new int[train.rows()];
        Arrays.setAll(order, i -> i);
        listener.start(description, epochs, train.rows());
        long start = System.nanoTime();
        for (epoch = 1; epoch <= epochs; epoch++) {
            long epochStart = System.nanoTime();
            model.train();
            batchRng.shuffle(order);
            double lossSum = 0;
            long correct = 0, rows = 0;
            for (int from = 0; from < order.length; from += batchSize) {
                int[] rowsOfBatch = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                TokenSequences.Batch b = train.batch(rowsOfBatch);
                Evaluation s = step(b);
                lossSum += s.loss * b.size();
                correct += s.correct;
                rows += b.size();
                listener.step(epoch, rows, lossSum / rows);
            }
            long trainEnd = System.nanoTime();
            Evaluation val = evaluate(data.validation());
            EpochMetrics m = new EpochMetrics(epoch, lossSum / rows, (double) correct / (rows * train.length()), val.loss,
                    val.accuracy, rows, (System.nanoTime() - epochStart) / 1e9, (trainEnd - epochStart) / 1e9);
            history.add(m);
            listener.epoch(m);
            if (stopping.stopAfter(m, epochs)) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stopping.restoreBest(listener);
        Evaluation finalVal = evaluate(data.validation());
        long samples = history.stream().mapToLong(EpochMetrics::samples).sum();
        return new TrainResult(description, train.name().replace("/train", ""), Backends.current().name(),
                Backends.current().threads(), history, stopping.bestEpoch(), stopping.stoppedEarly(), samples, seconds, finalVal.loss,
                finalVal.accuracy, GradientTraining.weights(model));
    }

    /** Mean loss (nats per token) and token accuracy. */
    private record Evaluation(double loss, double accuracy, long correct) {
        Evaluation(double loss, long correct, long tokens) {
            this(loss, tokens == 0 ? Double.NaN : (double) correct / tokens, correct);
        }
    }

    private Evaluation step(TokenSequences.Batch b) {
        try (Scope step = Scope.confined()) {
            Var ids = ids(b);
            Var logits = forward(ids, b);
            Var l = loss.forward(logits, targets(b));
            steps++;
            if (guard != null) {
                guard.checkLoss(steps, epoch, ids, l);
            }
            optimizer.zeroGrad();
            l.backward();
            if (guard != null) {
                guard.checkGradients(steps, epoch);
            }
            GradClip.clipGradNorm(model.parameters(), CLIP_NORM);
            optimizer.step();
            if (guard != null) {
                guard.checkParameters(steps, epoch);
            }
            long correct = correct(logits.value(), b.targets());
            return new Evaluation(l.item(), correct, b.targets().length);
        }
    }

    private static Var ids(TokenSequences.Batch b) {
        return Var.constant(Tensor.of(b.inputs(), b.size(), b.length()));
    }

    /** Logits flattened to [B*T, vocab], one row per position. */
    private Var forward(Var ids, TokenSequences.Batch b) {
        return F.reshape(model.forward(ids), b.size() * b.length(), -1);
    }

    private static Tensor targets(TokenSequences.Batch b) {
        float[] t = new float[b.targets().length];
        for (int i = 0; i < t.length; i++) {
            t[i] = b.targets()[i];
        }
        return Tensor.of(t);
    }

    /** Loss and token accuracy over every row, in evaluation mode, recording nothing. */
    private Evaluation evaluate(TokenSequences data) {
        if (data.rows() == 0) {
            return new Evaluation(Double.NaN, Double.NaN, 0);
        }
        model.eval();
        double lossSum = 0;
        long correct = 0;
        try (var _ = NoGrad.enter()) {
            for (int from = 0; from < data.rows(); from += EVAL_ROWS) {
                int[] rows = new int[Math.min(data.rows(), from + EVAL_ROWS) - from];
                Arrays.setAll(rows, i -> i);
                for (int i = 0; i < rows.length; i++) {
                    rows[i] += from;
                }
                try (Scope scope = Scope.confined()) {
                    TokenSequences.Batch b = data.batch(rows);
                    Var logits = forward(ids(b), b);
                    lossSum += loss.forward(logits, targets(b)).item() * b.targets().length;
                    correct += correct(logits.value(), b.targets());
                }
            }
        }
        model.train();
        long tokens = (long) data.rows() * data.length();
        return new Evaluation(lossSum / tokens, correct, tokens);
    }

    /** How many rows of logits [N, vocab] have their arg-max at the target. */
    private static long correct(Tensor logits, int[] targets) {
        float[] v = logits.toArray();
        int vocab = logits.dim(1);
        long n = 0;
        for (int i = 0; i < targets.length; i++) {
            int best = 0;
            for (int j = 1; j < vocab; j++) {
                if (v[i * vocab + j] > v[i * vocab + best]) {
                    best = j;
                }
            }
            n += best == targets[i] ? 1 : 0;
        }
        return n;
    }
}
