package dev.gatun.cli.models;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.checkpoint.SafetensorsWriter;
import dev.gatun.data.DataSets;
import dev.gatun.data.Split;
import dev.gatun.data.Standardizer;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training run from a {@link TrainConfig}: choose the backend and its threads, load and
 * split the data, standardize it, train the model kind, and keep what is needed to save the
 * weights and to predict.
 */
public final class Training {
    private Training() {}

    /** What a run produced: its configuration, result, the model and the feature statistics it expects. */
    public record Run(TrainConfig config, Split data, TrainResult result, Classifier classifier,
                      Standardizer standardizer, Runnable release, Map<String, String> metadata,
                      ThreadChoice threads) implements AutoCloseable {

        /** Frees the model's off-heap parameters; the result and its copied weights stay usable. */
        @Override
        public void close() {
            release.run();
        }

        /**
         * Writes the weights as safetensors, with the standardization statistics (when used) as
         * {@code standardize.mean}/{@code standardize.std} and the run's description as metadata.
         */
        public void save(Path file) throws IOException {
            Map<String, SafetensorsWriter.Source> tensors = new LinkedHashMap<>();
            result.weights().forEach((name, w) -> tensors.put(name, SafetensorsWriter.Source.of(w.shape(), w.values())));
            if (standardizer != null) {
                int[] d = {standardizer.mean().length};
                tensors.put("standardize.mean", SafetensorsWriter.Source.of(d, standardizer.mean()));
                tensors.put("standardize.std", SafetensorsWriter.Source.of(d, standardizer.std()));
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt"); // what Hugging Face's loaders expect of a PyTorch-style state dict
            meta.put("gatun.model", result.model());
            meta.put("gatun.data", result.data());
            if (data != null) { // null for kinds that read their own data (token sequences)
                meta.put("gatun.classes", String.join(",", data.train().classNames()));
            }
            meta.putAll(metadata);
            SafetensorsWriter.writeSources(file, tensors, meta);
        }
    }

    /** Runs {@code config} on its backend (or the current one), reporting to {@code listener}. */
    public static Run run(TrainConfig config, TrainListener listener) {
        ModelKind kind = Models.get(config.model());
        Backend backend = config.backend() == null ? Backends.current() : Backends.get(config.backend());
        try (var _ = Backends.using(backend)) {
            if (kind.readsItself(config.data())) {
                ThreadChoice threads = threads(config, null, listener);
                ModelKind.Trained trained = kind.trainOnOwnData(config, listener);
                return new Run(config, null, trained.result(), trained.classifier(), null, trained.release(),
                        trained.metadata(), threads);
            }
            Split split = DataSets.load(config.data(), config.label(), config.valFraction(), config.seed());
            ThreadChoice threads = threads(config, split, listener);
            if (config.distillation() != null) {
                split = config.distillation().withTeacher(split, config.data(), backend);
                listener.note("teacher " + config.distillation().teacher() + ": logits of " + split.train().rows() + " + "
                        + split.validation().rows() + " rows");
            }
            Standardization s = standardize(config, split);
            ModelKind.Trained trained = kind.train(config, s.split(), listener);
            return new Run(config, s.split(), trained.result(), trained.classifier(), s.standardizer(), trained.release(),
                    trained.metadata(), threads);
        }
    }

    /** The split as training sees it, and the statistics it was standardized with (null when it was not). */
    record Standardization(Split split, Standardizer standardizer) {}

    /** Standardizes {@code split} with its training set's statistics when {@code config} says so. */
    static Standardization standardize(TrainConfig config, Split split) {
        if (!config.standardize()) {
            return new Standardization(split, null);
        }
        Split.Standardized s = split.standardized();
        return new Standardization(s.split(), s.standardizer());
    }

    /** Sets the backends' threads as {@code config} says (choosing them for AUTO_THREADS) and says so to the listener. */
    private static ThreadChoice threads(TrainConfig config, Split data, TrainListener listener) {
        ThreadChoice choice = switch (config.threads()) {
            case TrainConfig.AUTO_THREADS -> ThreadChoice.choose(config, data);
            case 0 -> ThreadChoice.given(Backends.threads(), "the current setting (Backends.setThreads, gatun.threads or GATUN_THREADS)");
            default -> ThreadChoice.given(config.threads(), "--threads");
        };
        if (choice.threads() != Backends.threads()) {
            Backends.setThreads(choice.threads());
        }
        listener.note("threads " + choice.threads() + " (" + choice.reason() + ")");
        return choice;
    }
}
