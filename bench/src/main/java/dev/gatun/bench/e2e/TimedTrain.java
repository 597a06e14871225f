package dev.gatun.bench.e2e;

import dev.gatun.backend.openblas.OpenBlasInfo;
import dev.gatun.cli.Main;
import dev.gatun.cli.models.ModelKind;
import dev.gatun.cli.models.Models;
import dev.gatun.cli.models.TrainConfig;
import dev.gatun.data.Split;
import dev.gatun.json.Json;
import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gatun train ...} exactly as the command line runs it (the same picocli parsing,
 * {@code Training.run}, progress lines and {@code --json}), with a stopwatch outside the training
 * loop: every model kind is wrapped so that its listener also records when each epoch's last
 * training step ends and when its validation ends. The bench compares these outside times to the
 * {@code samples_per_sec} Gatun reports itself.
 *
 * <p>Usage: {@code TimedTrain TIMING.json train MODEL [gatun train options]}; exits with the CLI's code.
 */
public final class TimedTrain {
    private TimedTrain() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TimedTrain TIMING.json train MODEL [options]");
            System.exit(2);
        }
        Stopwatch watch = new Stopwatch();
        for (String name : Models.names()) {
            Models.register(new Timed(Models.get(name), watch));
        }
        int code = Main.commandLine().execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exit", code);
        out.put("rows_per_epoch", watch.rowsPerEpoch);
        out.put("epochs", watch.epochs);
        out.put("openblas_core", openBlasCore());
        Files.writeString(Path.of(args[0]), Json.pretty(out), StandardCharsets.UTF_8);
        System.exit(code);
    }

    private static String openBlasCore() {
        try {
            return OpenBlasInfo.coreName();
        } catch (RuntimeException | LinkageError e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    /** Epoch boundaries seen from outside the loop, in nanoseconds of {@link System#nanoTime}. */
    static final class Stopwatch implements TrainListener {
        private final List<Map<String, Object>> epochs = new ArrayList<>();
        private TrainListener inner = TrainListener.NONE;
        private long rowsPerEpoch;
        private long epochStart, trainEnd;

        TrainListener around(TrainListener listener) {
            inner = listener;
            return this;
        }

        @Override
        public void start(String model, int epochCount, long rows) {
            rowsPerEpoch = rows;
            inner.start(model, epochCount, rows);
            epochStart = System.nanoTime(); // after the listener, as the loop starts its own clock after start()
        }

        @Override
        public void step(int epoch, long rowsDone, double loss) {
            inner.step(epoch, rowsDone, loss);
            if (rowsDone == rowsPerEpoch) {
                trainEnd = System.nanoTime(); // the epoch's last step is done; validation comes next
            }
        }

        @Override
        public void epoch(EpochMetrics m) {
            long end = System.nanoTime();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", m.epoch());
            e.put("rows", m.samples());
            e.put("train_seconds", (trainEnd - epochStart) / 1e9);
            e.put("val_seconds", (end - trainEnd) / 1e9);
            e.put("seconds", (end - epochStart) / 1e9);
            e.put("val_loss", m.valLoss());
            e.put("val_accuracy", m.valAccuracy());
            epochs.add(e);
            inner.epoch(m);
            epochStart = System.nanoTime(); // early stopping's bookkeeping counts to the next epoch, as in the twin
        }

        @Override
        public void note(String message) {
            inner.note(message);
        }
    }

    /** A model kind that trains as {@code kind} does, reporting to the stopwatch too. */
    private record Timed(ModelKind kind, Stopwatch watch) implements ModelKind {
        @Override
        public String name() {
            return kind.name();
        }

        @Override
        public String summary() {
            return kind.summary();
        }

        @Override
        public TrainConfig.Builder defaults() {
            return kind.defaults();
        }

        @Override
        public boolean readsItself(String data) {
            return kind.readsItself(data);
        }

        @Override
        public Trained train(TrainConfig config, Split data, TrainListener listener) {
            return kind.train(config, data, watch.around(listener));
        }

        @Override
        public Trained trainOnOwnData(TrainConfig config, TrainListener listener) {
            return kind.trainOnOwnData(config, watch.around(listener));
        }
    }
}
