package dev.gatun.train;

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
            try {
                return new Spec(m.get(KIND), split(m.get(HIDDEN)), Integer.parseInt(m.get(CONTEXT)), split(m.get(VOCABULARY)));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": bad character-model metadata: " + e.getMessage(), e);
            }
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
