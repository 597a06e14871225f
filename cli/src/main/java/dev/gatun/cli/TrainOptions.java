package dev.gatun.cli;

import dev.gatun.cli.models.Models;
import dev.gatun.cli.models.TrainConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options shared by {@code gatun train} and {@code gatun sweep}; defaults come from {@link TrainConfig.Builder}. */
final class TrainOptions {
    @Option(names = "--data", paramLabel = "NAME|FILE",
            description = "xor, spirals, blobs, moons, linear, or a CSV file; glyphs, fashion-mnist or a folder of "
                    + "MNIST files (cnn); sine (rnn, lstm, gru); reverse (transformer); alice or a FILE.txt (character "
                    + "models: lstm, gru, rnn, transformer). Default: the model's (spirals, glyphs, sine, reverse).")
    String data;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "CSV label column, by header name or 0-based index (default: the last).")
    String label;

    @Option(names = "--hidden", split = ",", paramLabel = "N[,N...]", hideParamSyntax = true,
            description = "Hidden layer sizes of the mlp (default: 64,64); channels per conv block of the cnn (16,32); "
                    + "width per layer of rnn/lstm/gru (64) and of transformer blocks (64,64).")
    int[] hidden;

    @Option(names = "--activation", description = "Hidden activation: relu, leaky_relu, sigmoid, tanh, gelu, step (default: relu).")
    String activation;

    @Option(names = "--loss", description = "cross_entropy, mse, mae, hinge, bce (default: cross_entropy; mse for regression).")
    String loss;

    @Option(names = "--epochs", description = "Epoch budget (default: the model's).")
    Integer epochs;

    @Option(names = "--batch", description = "Mini-batch size (default: 32).")
    Integer batch;

    @Option(names = "--lr", description = "Learning rate (default: the optimizer's).")
    Float lr;

    @Option(names = "--optimizer", description = "sgd, momentum, adam, adamw (default: adam).")
    String optimizer;

    @Option(names = "--l1", description = "L1 penalty on the weights (default: 0).")
    Float l1;

    @Option(names = "--l2", description = "L2 penalty on the weights (default: 0).")
    Float l2;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout after each hidden activation (default: 0).")
    Float dropout;

    @Option(names = "--patience", description = "Stop after this many epochs without a better validation loss, 0 never (default: 20).")
    Integer patience;

    @Option(names = "--val-fraction", paramLabel = "F", description = "Fraction held out for validation (default: 0.2).")
    Double valFraction;

    @Option(names = "--no-standardize", description = "Feed the features as they are, not standardized.")
    boolean noStandardize;

    @Option(names = "--backend", description = "onednn, openblas, java, scalar (default: the best that loads, or -Dgatun.backend).")
    String backend;

    @Option(names = "--threads", description = "Threads of every backend (default: gatun.threads or GATUN_THREADS when set, "
            + "else chosen by the work per training step: 1 for small models, up to the free processors for large ones).")
    Integer threads;

    @Option(names = "--stop-on-nan", description = "Stop at the first step with a NaN or infinity, naming the step and the layer.")
    boolean stopOnNan;

    @Option(names = "--lr-schedule", paramLabel = "SCHEDULE",
            description = "Learning rate over epochs: none, step:N[:GAMMA] (times GAMMA, default 0.5, every N epochs), "
                    + "cosine[:MIN] (cosine annealing to MIN over the epochs) (default: none).")
    String lrSchedule;

    @Option(names = "--clip-norm", paramLabel = "NORM",
            description = "Clip the gradients to this global norm before each update, 0 never (default: 1 for "
                    + "transformer and character models, else 0).")
    Float clipNorm;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train on Apache Spark (mlp, cnn): local[N] for N workers in this JVM, or a cluster's master URL; "
                    + "each worker takes --batch rows a step and the gradients are averaged over the workers every step.")
    String spark;

    @Option(names = "--precision", paramLabel = "float32|bf16",
            description = "bf16: mixed-precision training, matrix products and convolutions on bfloat16 operands with "
                    + "float32 accumulation, master weights, losses and norms (default: float32).")
    String precision;

    @Option(names = "--accumulate", paramLabel = "K",
            description = "Add up the gradients of K batches into one update (default: 1).")
    Integer accumulate;

    @Option(names = "--seed", description = "Seed of the data, split, weights, batches and dropout (default: 1).")
    Long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the metrics as JSON.")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the loss and accuracy curves.")
    Path plot;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained weights (safetensors).")
    Path save;

    /** The configuration for {@code model}: options given on the command line over the defaults. */
    TrainConfig config(String model) {
        TrainConfig.Builder b = Models.get(model).defaults(); // the kind's own defaults, under the options given
        if (data != null) b.data(data);
        if (label != null) b.label(label);
        if (hidden != null) b.hidden(OptionChecks.hidden("--hidden", hidden,
                java.util.Set.of("rnn", "lstm", "gru", "transformer").contains(model)));
        if (activation != null) b.activation(activation);
        if (loss != null) b.loss(loss);
        if (epochs != null) b.epochs(OptionChecks.intIn("--epochs", epochs, 1, OptionChecks.MAX_EPOCHS));
        if (batch != null) b.batch(OptionChecks.intIn("--batch", batch, 1, OptionChecks.MAX_BATCH));
        if (lr != null) b.lr(OptionChecks.positive("--lr", lr));
        if (optimizer != null) b.optimizer(optimizer);
        if (l1 != null) b.l1((float) OptionChecks.atLeast("--l1", l1, 0));
        if (l2 != null) b.l2((float) OptionChecks.atLeast("--l2", l2, 0));
        if (dropout != null) b.dropout((float) OptionChecks.inRange("--dropout", dropout, 0, 1, false));
        if (patience != null) b.patience(OptionChecks.intIn("--patience", patience, 0, OptionChecks.MAX_EPOCHS));
        if (valFraction != null) b.valFraction(OptionChecks.inRange("--val-fraction", valFraction, 0, 1, false));
        if (seed != null) b.seed(seed);
        if (backend != null) b.backend(backend);
        if (threads != null) {
            b.threads(dev.gatun.backend.Backends.checkThreads("--threads", threads));
        } else if (!threadsSetOutside()) {
            b.threads(TrainConfig.AUTO_THREADS);
        }
        if (noStandardize) b.standardize(false);
        if (lrSchedule != null) b.lrSchedule(lrSchedule);
        if (clipNorm != null) b.clipNorm((float) OptionChecks.atLeast("--clip-norm", clipNorm, 0));
        if (accumulate != null) b.accumulate(OptionChecks.intIn("--accumulate", accumulate, 1, OptionChecks.MAX_EPOCHS));
        if (precision != null) b.precision(OptionChecks.precision("--precision", precision));
        TrainConfig c = b.stopOnNan(stopOnNan).build();
        if (c.precision() != dev.gatun.tensor.DataType.FLOAT32 && model.equals("perceptron")) {
            throw new IllegalArgumentException("--precision " + precision + ": the perceptron's learning rule has no matrix"
                    + " products to run in bf16; train it in float32");
        }
        OptionChecks.activations(c.batch(), c.hidden(), model.equals("cnn") ? 28 * 28 : 1);
        return c;
    }

    /** Whether gatun.threads or GATUN_THREADS chose the count (then the backends already use it). */
    private static boolean threadsSetOutside() {
        String p = System.getProperty("gatun.threads"), e = System.getenv("GATUN_THREADS");
        return p != null && !p.isBlank() || e != null && !e.isBlank();
    }

    private static int positive(String option, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + v);
        }
        return v;
    }
}
