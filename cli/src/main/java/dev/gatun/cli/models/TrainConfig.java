package dev.gatun.cli.models;

import dev.gatun.data.DataSets;
import dev.gatun.tensor.DataType;
import dev.gatun.train.LrSchedules;
import java.util.Arrays;

/**
 * Everything that defines a training run; one seed makes it reproducible. Build one with
 * {@link #builder()}; {@code 0} epochs and a NaN learning rate mean "the model's default".
 *
 * @param model        a name from {@link Models}: perceptron, logreg, mlp, ...
 * @param data         an embedded data set's name or a CSV path
 * @param label        the CSV label column (name or 0-based index); null for the last
 * @param hidden       hidden layer sizes (mlp)
 * @param activation   hidden activation: relu, sigmoid, tanh, leaky_relu, gelu, ...
 * @param loss         loss name, or null for the model's default
 * @param epochs       epoch budget (0: the model's default)
 * @param batch        mini-batch size
 * @param lr           learning rate (NaN: the optimizer's default)
 * @param optimizer    sgd, momentum, adam or adamw
 * @param l1           L1 penalty on weights
 * @param l2           L2 penalty on weights (weight decay for adamw)
 * @param dropout      dropout probability after each hidden activation
 * @param patience     epochs without a better validation loss before stopping (0: never stop early)
 * @param valFraction  fraction of rows held out for validation
 * @param seed         seeds the data, the split, the initial weights, the batches and dropout
 * @param standardize  whether to standardize features with the training set's statistics
 * @param backend      backend name, or null for the default one
 * @param threads      backend threads, 0 to leave the current setting, or {@link #AUTO_THREADS} for
 *                     {@link ThreadChoice}'s choice by the work per step (the command line's default)
 * @param stopOnNan    stop at the first step with a NaN or infinity, naming the step and the layer
 * @param lrSchedule   learning-rate schedule over epochs: none (null), step:N[:GAMMA], cosine[:MIN]
 * @param clipNorm     clip gradients to this global norm; 0 never, NaN the model's default (1 for token models)
 * @param accumulate   mini-batches whose gradients add up into one update (1: an update per batch)
 * @param precision    float32, or bfloat16 for mixed-precision training (bf16 matrix products, float32
 *                     master weights, losses and norms: {@link dev.gatun.autograd.Autocast})
 * @param distillation the teacher a student learns from ({@code gatun distill}), or null
 */
public record TrainConfig(String model, String data, String label, int[] hidden, String activation, String loss,
                          int epochs, int batch, float lr, String optimizer, float l1, float l2, float dropout,
                          int patience, double valFraction, long seed, boolean standardize, String backend,
                          int threads, boolean stopOnNan, String lrSchedule, float clipNorm, int accumulate,
                          DataType precision, Distillation distillation) {

    /** {@link #threads} value that asks {@link Training#run} to choose by the work per step. */
    public static final int AUTO_THREADS = -1;

    public TrainConfig {
        hidden = hidden.clone();
        require(epochs >= 0, "epochs must be at least 1, got " + epochs);
        require(batch >= 1, "batch size must be at least 1, got " + batch);
        require(Float.isNaN(lr) || lr > 0, "learning rate must be positive, got " + lr);
        require(l1 >= 0 && l2 >= 0, "penalties must be non-negative, got l1=" + l1 + " l2=" + l2);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        require(patience >= 0, "patience must be non-negative, got " + patience);
        require(valFraction >= 0 && valFraction < 1, "validation fraction must be in [0, 1), got " + valFraction);
        require(threads >= AUTO_THREADS, "threads must be at least 1, got " + threads);
        require(Float.isNaN(clipNorm) || clipNorm >= 0 && Float.isFinite(clipNorm),
                "gradient clip norm must be finite and >= 0 (0: no clipping), got " + clipNorm);
        require(accumulate >= 1, "gradient accumulation must be at least 1 batch, got " + accumulate);
        require(precision != null, "precision must be float32 or bf16");
        LrSchedules.parse(lrSchedule, 1); // a bad schedule fails here, before any data is loaded
        if (distillation != null) {
            Distillation.requireStudent(model);
        }
        for (int h : hidden) {
            require(h >= 1, "hidden layer sizes must be at least 1, got " + Arrays.toString(hidden));
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public int epochsOr(int modelDefault) {
        return epochs > 0 ? epochs : modelDefault;
    }

    public float lrOr(float optimizerDefault) {
        return Float.isNaN(lr) ? optimizerDefault : lr;
    }

    /** The rate the run uses: the one given, or its optimizer's default (the perceptron's rule steps by 1). */
    public float learningRate() {
        return lrOr(model.equals("perceptron") ? 1f : Networks.defaultLr(optimizer));
    }

    public float clipNormOr(float modelDefault) {
        return Float.isNaN(clipNorm) ? modelDefault : clipNorm;
    }

    public Builder toBuilder() {
        return new Builder().model(model).data(data).label(label).hidden(hidden).activation(activation).loss(loss)
                .epochs(epochs).batch(batch).lr(lr).optimizer(optimizer).l1(l1).l2(l2).dropout(dropout)
                .patience(patience).valFraction(valFraction).seed(seed).standardize(standardize).backend(backend)
                .threads(threads).stopOnNan(stopOnNan).lrSchedule(lrSchedule).clipNorm(clipNorm).accumulate(accumulate)
                .precision(precision).distillation(distillation);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Defaults: an MLP with two hidden layers of 64 ReLUs on the spirals, Adam, early stopping after 20 epochs. */
    public static final class Builder {
        private String model = "mlp";
        private String data = DataSets.DEFAULT;
        private String label;
        private int[] hidden = {64, 64};
        private String activation = "relu";
        private String loss;
        private int epochs;
        private int batch = 32;
        private float lr = Float.NaN;
        private String optimizer = "adam";
        private float l1, l2, dropout;
        private int patience = 20;
        private double valFraction = 0.2;
        private long seed = 1;
        private boolean standardize = true;
        private String backend;
        private int threads;
        private boolean stopOnNan;
        private String lrSchedule;
        private float clipNorm = Float.NaN;
        private int accumulate = 1;
        private DataType precision = DataType.FLOAT32;
        private Distillation distillation;

        public Builder model(String v) { model = v; return this; }
        public Builder data(String v) { data = v; return this; }
        public Builder label(String v) { label = v; return this; }
        public Builder hidden(int... v) { hidden = v.clone(); return this; }
        public Builder activation(String v) { activation = v; return this; }
        public Builder loss(String v) { loss = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batch(int v) { batch = v; return this; }
        public Builder lr(float v) { lr = v; return this; }
        public Builder optimizer(String v) { optimizer = v; return this; }
        public Builder l1(float v) { l1 = v; return this; }
        public Builder l2(float v) { l2 = v; return this; }
        public Builder dropout(float v) { dropout = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder valFraction(double v) { valFraction = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder standardize(boolean v) { standardize = v; return this; }
        public Builder backend(String v) { backend = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder stopOnNan(boolean v) { stopOnNan = v; return this; }
        public Builder lrSchedule(String v) { lrSchedule = v; return this; }
        public Builder clipNorm(float v) { clipNorm = v; return this; }
        public Builder accumulate(int v) { accumulate = v; return this; }
        public Builder precision(DataType v) { precision = v; return this; }
        public Builder distillation(Distillation v) { distillation = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(model, data, label, hidden, activation, loss, epochs, batch, lr, optimizer, l1, l2,
                    dropout, patience, valFraction, seed, standardize, backend, threads,
                    stopOnNan, lrSchedule, clipNorm, accumulate, precision, distillation);
        }
    }
}
