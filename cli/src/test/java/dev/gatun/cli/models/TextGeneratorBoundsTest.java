package dev.gatun.cli.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Generation keeps a bounded window (no buffer of prompt + tokens ints, which overflowed) and the same text. */
class TextGeneratorBoundsTest {
    private static final int[] VOCAB = " abcdef".codePoints().toArray();

    @Test
    void tokenCountsBeyondTheLimitAreRefusedNotOverflowed() {
        CharModels.Spec spec = new CharModels.Spec("gru", new int[] {8}, 4, VOCAB);
        try (CharModels.Loaded m = new CharModels.Loaded(CharModels.build(spec, 0f, new Rng(2)), spec)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TextGenerator(m).generate("ab", Integer.MAX_VALUE, 1, 1, cp -> {}));
            assertEquals("generate: tokens must be in [0, 16777216], got 2147483647", e.getMessage());
        }
    }

    /** The window slides past the buffer several times: the text equals that of the unbounded reference. */
    @Test
    void slidingWindowGivesTheSameTextAsTheWholeHistory() {
        for (String kind : new String[] {"transformer", "lstm"}) {
            CharModels.Spec spec = new CharModels.Spec(kind, new int[] {16}, 3, VOCAB);
            try (CharModels.Loaded m = new CharModels.Loaded(CharModels.build(spec, 0f, new Rng(7)), spec)) {
                m.model().eval();
                String got = new TextGenerator(m).generate("abcde", 25, 0.9, 11, cp -> {});
                assertEquals(reference(m, "abcde", 25, 0.9, 11), got, kind);
            }
        }
    }

    /** The generator as it was: the whole history in one array, the model fed its last `context` ids. */
    private static String reference(CharModels.Loaded model, String prompt, int tokens, double temperature, long seed) {
        int[] vocab = model.spec().vocabulary();
        int[] all = new int[prompt.length() + tokens];
        int n = 0;
        for (int cp : prompt.codePoints().toArray()) {
            all[n++] = Arrays.binarySearch(vocab, cp);
        }
        Rng rng = new Rng(seed);
        StringBuilder out = new StringBuilder();
        try (var _ = NoGrad.enter()) {
            for (int k = 0; k < tokens; k++) {
                int from = Math.max(0, n - model.spec().context());
                float[] window = new float[n - from];
                for (int i = 0; i < window.length; i++) {
                    window[i] = all[from + i];
                }
                float[] last;
                try (Scope step = Scope.confined()) {
                    Tensor logits = model.model().forward(Var.constant(Tensor.of(window, 1, window.length))).value();
                    int v = logits.dim(2);
                    last = Arrays.copyOfRange(logits.toArray(), (window.length - 1) * v, window.length * v);
                }
                int next = TextGenerator.sample(last, temperature, rng);
                all[n++] = next;
                out.appendCodePoint(vocab[next]);
            }
        }
        return out.toString();
    }
}
