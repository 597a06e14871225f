package dev.gatun.train;

import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end-of-epoch bookkeeping every training loop shares: a diverged loss stops the run with a
 * hint; the validation loss is watched, the weights of the best epoch are kept, and after
 * {@code patience} epochs without a new best the run stops and those weights are put back.
 * "Weights" is the whole state dict: BatchNorm's running statistics go back with the parameters,
 * so the restored model predicts as it did in its best epoch.
 */
final class EarlyStopping {
    private final Module model;
    private final int patience;
    private final boolean watch;
    private Map<Tensor, float[]> best;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int epochs;
    private boolean stoppedEarly;

    /** {@code patience} 0 (or no validation data) never stops early and keeps no copy. */
    EarlyStopping(Module model, int patience, boolean haveValidation) {
        this.model = model;
        this.patience = patience;
        this.watch = patience > 0 && haveValidation;
    }

    /** Records a finished epoch of a run of {@code budget} epochs; true when the run should stop. */
    boolean stopAfter(EpochMetrics m, int budget) {
        epochs = m.epoch();
        if (!Double.isFinite(m.trainLoss())) {
            throw new ArithmeticException("training diverged: loss " + m.trainLoss() + " in epoch " + m.epoch()
                    + " (try a smaller --lr)");
        }
        if (!watch || m.valLoss() < bestLoss) {
            bestLoss = m.valLoss();
            bestEpoch = m.epoch();
            best = watch ? snapshot() : null;
            return false;
        }
        if (m.epoch() - bestEpoch >= patience) {
            stoppedEarly = m.epoch() < budget;
            return true;
        }
        return false;
    }

    /** Puts back the best epoch's weights when a later epoch ended the run, saying so. */
    void restoreBest(TrainListener listener) {
        if (best != null && bestEpoch != epochs) {
            best.forEach(Tensor::copyFrom);
            listener.note((stoppedEarly ? "early stopping: no better validation loss for " + patience + " epochs; " : "")
                    + "restored the weights of epoch " + bestEpoch + ", the best validation loss");
        }
    }

    int bestEpoch() {
        return bestEpoch;
    }

    boolean stoppedEarly() {
        return stoppedEarly;
    }

    private Map<Tensor, float[]> snapshot() {
        Map<Tensor, float[]> copy = new LinkedHashMap<>();
        for (Tensor t : model.stateDict().values()) {
            copy.put(t, t.toArray());
        }
        return copy;
    }
}
