package dev.gatun.report;

import dev.gatun.checkpoint.AtomicFiles;
import dev.gatun.cli.models.TrainConfig;
import dev.gatun.json.Json;
import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The metrics file of {@code --json}: the run's summary (model, data, backend, threads,
 * epochs, final_train_loss, val_accuracy, samples_per_sec (training rows over train_seconds, validation excluded), seconds, ...), the configuration,
 * and under {@code per_epoch} one array per metric with an entry per epoch. Accuracies are fractions in [0, 1];
 * values that do not exist (no validation rows) are null.
 */
public final class MetricsJson {
    private MetricsJson() {}

    public static Map<String, Object> of(TrainConfig config, TrainResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model());
        m.put("data", r.data());
        m.put("backend", r.backend());
        m.put("threads", r.threads());
        m.put("epochs", r.epochs());
        m.put("best_epoch", r.bestEpoch());
        m.put("stopped_early", r.stoppedEarly());
        m.put("final_train_loss", r.finalTrainLoss());
        m.put("final_train_accuracy", r.finalTrainAccuracy());
        m.put("val_loss", r.valLoss());
        m.put("val_accuracy", r.valAccuracy());
        m.putAll(r.metrics()); // the model's own: val_mse, val_token_accuracy, unigram_entropy, ...
        m.put("samples", r.samples());
        m.put("samples_per_sec", r.samplesPerSecond());
        m.put("seconds", r.seconds());
        m.put("train_seconds", r.trainSeconds());
        if (config != null) {
            m.put("config", config(config));
        }
        List<EpochMetrics> h = r.history();
        Map<String, Object> perEpoch = new LinkedHashMap<>();
        perEpoch.put("epoch", h.stream().mapToInt(EpochMetrics::epoch).toArray());
        perEpoch.put("train_loss", column(h, EpochMetrics::trainLoss));
        perEpoch.put("train_accuracy", column(h, EpochMetrics::trainAccuracy));
        perEpoch.put("val_loss", column(h, EpochMetrics::valLoss));
        perEpoch.put("val_accuracy", column(h, EpochMetrics::valAccuracy));
        perEpoch.put("seconds", column(h, EpochMetrics::seconds));
        perEpoch.put("train_seconds", column(h, EpochMetrics::trainSeconds));
        m.put("per_epoch", perEpoch);
        return m;
    }

    public static void write(Path file, Object json) throws IOException {
        AtomicFiles.write(file, Json.pretty(json).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> config(TrainConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", c.model());
        m.put("data", c.data());
        m.put("hidden", c.hidden());
        m.put("activation", c.activation());
        m.put("loss", c.loss());
        m.put("optimizer", c.optimizer());
        float lr = c.learningRate();
        m.put("lr", Double.parseDouble(Float.toString(lr))); // 0.01, not the float's 0.0099999998
        m.put("batch", c.batch());
        m.put("l1", (double) c.l1());
        m.put("l2", (double) c.l2());
        m.put("dropout", (double) c.dropout());
        m.put("patience", c.patience());
        m.put("val_fraction", c.valFraction());
        m.put("seed", c.seed());
        m.put("standardize", c.standardize());
        m.put("lr_schedule", c.lrSchedule() == null ? "none" : c.lrSchedule());
        m.put("clip_norm", Float.isNaN(c.clipNorm()) ? null : (double) c.clipNorm());
        m.put("accumulate", c.accumulate());
        return m;
    }

    private static double[] column(List<EpochMetrics> h, ToDoubleFunction<EpochMetrics> f) {
        return h.stream().mapToDouble(f).toArray();
    }
}
