package dev.gatun.bench.e2e;

import dev.gatun.cli.models.Models;
import dev.gatun.cli.models.TrainConfig;
import dev.gatun.data.CharCorpus;
import dev.gatun.data.DataSets;
import dev.gatun.data.Dataset;
import dev.gatun.data.Reversal;
import dev.gatun.data.Split;
import dev.gatun.data.TokenSequences;
import dev.gatun.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the data sets {@code gatun train} uses by default, split and standardized as the
 * command line does, to {@code .npy} files, so that the PyTorch twins train on the very same
 * samples: {@code DIR/NAME/train_x.npy, train_y.npy, val_x.npy, val_y.npy, meta.json}.
 *
 * <p>Usage: {@code DataDump DIR NAME...}, names: spirals glyphs fashion-mnist sine reverse alice.
 */
public final class DataDump {
    /** TransformerKind's reversal sizes and TokenTasks' character windows (package-private there; kept equal here). */
    static final int REVERSE_TRAIN = 10_000, REVERSE_VALIDATION = 1_000, CHAR_CONTEXT = 64, CHAR_STRIDE = 8;

    private DataDump() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: DataDump DIR NAME...   (spirals glyphs fashion-mnist sine reverse alice)");
            System.exit(2);
        }
        for (int i = 1; i < args.length; i++) {
            Path dir = Path.of(args[0], args[i]);
            Files.createDirectories(dir);
            Map<String, Object> meta = switch (args[i]) {
                case "spirals" -> table(dir, "mlp", "spirals");
                case "glyphs", "fashion-mnist" -> table(dir, "cnn", args[i]);
                case "sine" -> table(dir, "lstm", "sine");
                case "reverse" -> tokens(dir, Reversal.split(REVERSE_TRAIN, REVERSE_VALIDATION, Reversal.LENGTH,
                        config("transformer", "reverse").seed()));
                case "alice" -> {
                    TrainConfig c = config("transformer", "alice");
                    yield tokens(dir, CharCorpus.load(c.data(), CHAR_CONTEXT, CHAR_STRIDE,
                            c.valFraction() > 0 ? c.valFraction() : 0.1).split());
                }
                default -> throw new IllegalArgumentException("DataDump: no data set '" + args[i]
                        + "'; known: spirals glyphs fashion-mnist sine reverse alice");
            };
            Files.writeString(dir.resolve("meta.json"), Json.pretty(meta), StandardCharsets.UTF_8);
            System.err.println("data " + args[i] + ": " + meta);
        }
    }

    /** The command line's configuration of {@code model} on {@code data}, with no other option given. */
    private static TrainConfig config(String model, String data) {
        return Models.get(model).defaults().data(data).build();
    }

    /** A table as Training.run loads it: split by the seed, then standardized when the kind does so. */
    private static Map<String, Object> table(Path dir, String model, String data) throws IOException {
        TrainConfig c = config(model, data);
        Split split = DataSets.load(c.data(), c.label(), c.valFraction(), c.seed());
        if (c.standardize()) {
            split = split.standardized().split();
        }
        write(dir, "train", split.train());
        write(dir, "val", split.validation());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", split.train().isClassification() ? "classification" : "regression");
        m.put("columns", split.train().columns());
        m.put("classes", split.train().isClassification() ? split.train().classes() : 0);
        m.put("train_rows", split.train().rows());
        m.put("val_rows", split.validation().rows());
        m.put("standardized", c.standardize());
        return m;
    }

    private static void write(Path dir, String part, Dataset data) throws IOException {
        Npy.writeFloats(dir.resolve(part + "_x.npy"), data.features(), data.rows(), data.columns());
        if (data.isClassification()) {
            int[] y = new int[data.rows()];
            for (int r = 0; r < y.length; r++) {
                y[r] = data.label(r);
            }
            Npy.writeInts(dir.resolve(part + "_y.npy"), y, y.length);
        } else {
            float[] y = new float[data.rows()];
            for (int r = 0; r < y.length; r++) {
                y[r] = data.target(r);
            }
            Npy.writeFloats(dir.resolve(part + "_y.npy"), y, y.length, 1);
        }
    }

    private static Map<String, Object> tokens(Path dir, TokenSequences.Split split) throws IOException {
        for (var part : Map.of("train", split.train(), "val", split.validation()).entrySet()) {
            TokenSequences t = part.getValue();
            Npy.writeInts(dir.resolve(part.getKey() + "_x.npy"), t.inputs(), t.rows(), t.length());
            Npy.writeInts(dir.resolve(part.getKey() + "_y.npy"), t.targets(), t.rows(), t.length());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "tokens");
        m.put("vocab", split.train().vocabSize());
        m.put("length", split.train().length());
        m.put("train_rows", split.train().rows());
        m.put("val_rows", split.validation().rows());
        return m;
    }
}
