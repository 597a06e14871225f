package dev.gatun.cli.models;

import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.nn.Module;
import dev.gatun.nn.TokenTransformer;
import dev.gatun.tensor.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Character language models: how each kind builds one (ids [B, T] to next-character logits
 * [B, T, vocab]), the checkpoint metadata that rebuilds it (kind, layer sizes, context length,
 * vocabulary as code points), and loading one back for {@code gatun generate}.
 */
public final class CharModels {
    static final String KIND = "gatun.char.kind";
    static final String HIDDEN = "gatun.char.hidden";
    static final String CONTEXT = "gatun.char.context";
    static final String VOCABULARY = "gatun.char.vocabulary";

    private static final java.util.List<String> KINDS = java.util.List.of("transformer", "rnn", "lstm", "gru");

    private CharModels() {}

    /** What a character model is: enough to build it again. */
    public record Spec(String kind, int[] hidden, int context, int[] vocabulary) {
        public Map<String, String> metadata() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(KIND, kind);
            m.put(HIDDEN, join(hidden));
            m.put(CONTEXT, Integer.toString(context));
            m.put(VOCABULARY, join(vocabulary));
            return m;
        }

        static Spec of(Path file, Map<String, String> m) throws IOException {
            for (String key : new String[] {KIND, HIDDEN, CONTEXT, VOCABULARY}) {
                if (!m.containsKey(key)) {
                    throw new IOException(file + ": not a character model (no " + key + " in its metadata); train one with"
                            + " gatun train transformer|lstm --data FILE.txt --save FILE");
                }
            }
            String kind = m.get(KIND);
            if (!KINDS.contains(kind)) {
                throw new IOException(file + ": metadata " + KIND + " = '" + kind + "', expected one of " + KINDS);
            }
            int[] hidden = positive(file, HIDDEN, m.get(HIDDEN));
            int[] context = positive(file, CONTEXT, m.get(CONTEXT));
            int[] vocabulary = ints(file, VOCABULARY, m.get(VOCABULARY));
            for (int i = 0; i < vocabulary.length; i++) {
                if (!Character.isValidCodePoint(vocabulary[i]) || i > 0 && vocabulary[i] <= vocabulary[i - 1]) {
                    throw new IOException(file + ": metadata " + VOCABULARY + ": entry " + i + " (" + vocabulary[i]
                            + ") is not a code point above the one before; expected increasing Unicode code points");
                }
            }
            if (context.length != 1) {
                throw new IOException(file + ": metadata " + CONTEXT + " = '" + m.get(CONTEXT) + "', expected one number");
            }
            Spec spec = new Spec(kind, hidden, context[0], vocabulary);
            try {
                spec.width();
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": metadata " + HIDDEN + " = '" + m.get(HIDDEN) + "': " + e.getMessage(), e);
            }
            return spec;
        }

        /** The width every layer shares (both kinds need one). */
        int width() {
            return kind.equals("transformer") ? TransformerKind.width(hidden) : RecurrentKind.width(hidden);
        }

        /**
         * A lower bound of the model's parameter count from its sizes alone (embedding, head, the
         * square weights of each layer), to compare with the file before anything is allocated.
         */
        double minimumParameters() {
            double w = width(), v = vocabulary.length, layers = hidden.length;
            if (kind.equals("transformer")) { // attention 4 w^2, feed-forward 2 * 4 w^2, learned positions
                return 2 * v * w + (double) context * w + layers * 12 * w * w;
            }
            int gates = switch (kind) { case "lstm" -> 4; case "gru" -> 3; default -> 1; };
            return 2 * v * w + layers * gates * 2 * w * w; // input and hidden weights of each layer
        }

        private static int[] positive(Path file, String key, String value) throws IOException {
            int[] v = ints(file, key, value);
            for (int x : v) {
                if (x < 1) {
                    throw new IOException(file + ": metadata " + key + " = '" + value + "', expected sizes of at least 1");
                }
            }
            return v;
        }

        private static int[] ints(Path file, String key, String value) throws IOException {
            try {
                return split(value);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": metadata " + key + " = '" + abbreviate(value)
                        + "', expected comma-separated integers", e);
            }
        }

        private static String abbreviate(String s) {
            return s.length() <= 60 ? s : s.substring(0, 60) + "...";
        }

        private static String join(int[] v) {
            return Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining(","));
        }

        private static int[] split(String s) {
            return Arrays.stream(s.split(",")).mapToInt(t -> Integer.parseInt(t.strip())).toArray();
        }
    }

    /** A loaded model with what generating from it needs; close it to free the weights. */
    public record Loaded(Module model, Spec spec) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** Builds the model {@code spec} describes, with fresh weights from {@code rng}. */
    public static Module build(Spec spec, float dropout, Rng rng) {
        int vocab = spec.vocabulary().length;
        int[] h = spec.hidden();
        return switch (spec.kind()) {
            case "transformer" -> TokenTransformer.languageModel(vocab, TransformerKind.width(h), TransformerKind.heads(h[0]),
                    h.length, spec.context(), dropout, rng);
            case "rnn", "lstm", "gru" -> new RecurrentModels.CharacterModel(spec.kind(), vocab, RecurrentKind.width(h),
                    h.length, rng);
            default -> throw new IllegalArgumentException("no character model of kind '" + spec.kind() + "'");
        };
    }

    /** Reads a checkpoint written by {@code gatun train ... --data FILE.txt --save FILE}. */
    public static Loaded load(Path file) throws IOException {
        Spec spec;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            spec = Spec.of(file, f.metadata());
            Checkpoint.requireHolds(f, "a " + spec.kind() + " of width " + spec.width() + ", " + spec.hidden().length
                    + " layers, context " + spec.context() + " and " + spec.vocabulary().length + " characters",
                    spec.minimumParameters());
        }
        Module model = build(spec, 0f, new Rng(0));
        try {
            Checkpoint.load(file, model);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        model.eval();
        return new Loaded(model, spec);
    }
}
