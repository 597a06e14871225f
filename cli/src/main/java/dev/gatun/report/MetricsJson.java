package dev.gatun.report;

import dev.gatun.checkpoint.AtomicFiles;
import dev.gatun.cli.models.EffectiveSettings;
import dev.gatun.cli.models.Models;
import dev.gatun.cli.models.TrainConfig;
import dev.gatun.cli.models.Training;
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
 * The metrics file of {@code --json}, documented field by field in {@code docs/metrics-json.md}
 * (a test keeps the two in step): {@code schema_version}, the run's summary, under {@code config}
 * the value every setting had (defaults resolved to what was used), and under {@code per_epoch}
 * one array per metric with an entry per epoch. Accuracies are fractions in [0, 1]; metrics that
 * do not exist (no validation rows, regression accuracy) are null. Metrics computed in float are
 * written as floats (shortest decimal that reads back as the same float).
 */
public final class MetricsJson {
    /** Bumped when a field is renamed, removed or changes meaning; adding a field keeps it. */
    public static final int SCHEMA_VERSION = 1;

    private MetricsJson() {}

    /** The metrics of a finished command-line run, with its effective settings. */
    public static Map<String, Object> of(Training.Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema_version", SCHEMA_VERSION);
        m.putAll(summary(run.result()));
        m.put("threads_reason", run.threads().reason());
        m.put("config", config(run));
        m.put("per_epoch", perEpoch(run.result().history()));
        return m;
    }

    /** A run's summary and per-epoch metrics without its configuration (library results, sweep rows). */
    public static Map<String, Object> of(TrainResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema_version", SCHEMA_VERSION);
        m.putAll(summary(r));
        m.put("per_epoch", perEpoch(r.history()));
        return m;
    }

    public static void write(Path file, Object json) throws IOException {
        AtomicFiles.write(file, Json.pretty(json).getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> summary(TrainResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model());
        m.put("data", r.data());
        m.put("backend", r.backend());
        m.put("threads", r.threads());
        m.put("epochs", r.epochs());
        m.put("best_epoch", r.bestEpoch());
        m.put("stopped_early", r.stoppedEarly());
        m.put("final_train_loss", (float) r.finalTrainLoss());
        m.put("final_train_accuracy", (float) r.finalTrainAccuracy());
        m.put("val_loss", (float) r.valLoss());
        m.put("val_accuracy", (float) r.valAccuracy());
        r.metrics().forEach((k, v) -> m.put(k, v.floatValue())); // the model's own: val_mse, val_token_accuracy, ...
        m.put("samples", r.samples());
        m.put("samples_per_sec", (float) r.samplesPerSecond());
        m.put("seconds", (float) r.seconds());
        m.put("train_seconds", (float) r.trainSeconds());
        return m;
    }

    private static Map<String, Object> config(Training.Run run) {
        TrainConfig c = run.config();
        boolean ownData = Models.get(c.model()).readsItself(c.data());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", c.model());
        m.put("data", c.data());
        m.put("label", c.label() == null ? "last" : c.label());
        m.put("hidden", c.hidden());
        m.put("activation", c.activation());
        m.put("loss", EffectiveSettings.loss(c, run.data()));
        m.put("optimizer", c.optimizer());
        m.put("lr", c.learningRate());
        m.put("epochs", EffectiveSettings.epochs(c));
        m.put("batch", c.batch());
        m.put("l1", c.l1());
        m.put("l2", c.l2());
        m.put("dropout", c.dropout());
        m.put("patience", c.patience());
        m.put("val_fraction", c.valFraction());
        m.put("seed", c.seed());
        m.put("standardize", c.standardize() && run.standardizer() != null);
        m.put("backend", run.result().backend());
        m.put("threads", run.threads().threads());
        m.put("stop_on_nan", c.stopOnNan());
        m.put("lr_schedule", c.lrSchedule() == null ? "none" : c.lrSchedule());
        m.put("clip_norm", EffectiveSettings.clipNorm(c, ownData));
        m.put("accumulate", c.accumulate());
        m.put("precision", c.precision() == dev.gatun.tensor.DataType.BFLOAT16 ? "bf16" : "float32");
        return m;
    }

    private static Map<String, Object> perEpoch(List<EpochMetrics> h) {
        Map<String, Object> perEpoch = new LinkedHashMap<>();
        perEpoch.put("epoch", h.stream().mapToInt(EpochMetrics::epoch).toArray());
        perEpoch.put("train_loss", column(h, EpochMetrics::trainLoss));
        perEpoch.put("train_accuracy", column(h, EpochMetrics::trainAccuracy));
        perEpoch.put("val_loss", column(h, EpochMetrics::valLoss));
        perEpoch.put("val_accuracy", column(h, EpochMetrics::valAccuracy));
        perEpoch.put("seconds", column(h, EpochMetrics::seconds));
        perEpoch.put("train_seconds", column(h, EpochMetrics::trainSeconds));
        return perEpoch;
    }

    private static float[] column(List<EpochMetrics> h, ToDoubleFunction<EpochMetrics> f) {
        float[] a = new float[h.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) f.applyAsDouble(h.get(i));
        }
        return a;
    }
}
