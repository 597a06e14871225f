package dev.gatun.cli.models;

import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.data.TokenSequences;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Samples text from a character language model: the prompt's ids go in, the logits of the
 * last position give the next character's distribution, {@code softmax(logits / temperature)},
 * from which one is drawn and appended; the model sees at most its context length of the most
 * recent characters. Temperature 0 takes the most likely character every time.
 */
public final class TextGenerator {
    /** The most characters one call generates (and returns as one string): 16 Mi. */
    public static final int MAX_TOKENS = 1 << 24;

    private final CharModels.Loaded model;

    public TextGenerator(CharModels.Loaded model) {
        this.model = model;
    }

    /** The ids of {@code prompt}; a character the model never saw is an error that lists them. */
    public int[] encode(String prompt) {
        int[] vocab = model.spec().vocabulary();
        int[] cps = prompt.codePoints().toArray();
        int[] ids = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            ids[i] = indexOf(vocab, cps[i]);
            if (ids[i] < 0) {
                throw new IllegalArgumentException("the prompt's character '" + Character.toString(cps[i])
                        + "' is not in the model's vocabulary: " + TokenSequences.decode(vocab, range(vocab.length)));
            }
        }
        return ids;
    }

    /** Generates {@code tokens} characters after {@code prompt}, handing each to {@code sink} as it comes. */
    public String generate(String prompt, int tokens, double temperature, long seed, IntConsumer sink) {
        if (prompt.isEmpty()) {
            throw new IllegalArgumentException("generate: the prompt must not be empty");
        }
        if (tokens < 0 || tokens > MAX_TOKENS) {
            throw new IllegalArgumentException("generate: tokens must be in [0, " + MAX_TOKENS + "], got " + tokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("generate: temperature must be a finite number >= 0, got " + temperature);
        }
        int[] vocab = model.spec().vocabulary();
        int context = model.spec().context();
        int[] ids = encode(prompt);
        // The model sees at most `context` ids: keep the prompt's last ones and what follows, in a buffer of a
        // bounded size (the prompt's length plus the tokens could exceed an int).
        int keep = (int) Math.min(ids.length, context);
        int[] all = new int[(int) Math.min((long) keep + tokens, Math.max(2L * context, keep + 1L))];
        System.arraycopy(ids, ids.length - keep, all, 0, keep);
        int n = keep;
        Rng rng = new Rng(seed);
        StringBuilder out = new StringBuilder();
        try (var _ = NoGrad.enter()) {
            for (int k = 0; k < tokens; k++) {
                int from = Math.max(0, n - context);
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
                int next = sample(last, temperature, rng);
                if (n == all.length) { // full: slide the most recent context - 1 ids to the front
                    int kept = Math.min(n, context - 1);
                    System.arraycopy(all, n - kept, all, 0, kept);
                    n = kept;
                }
                all[n++] = next;
                out.appendCodePoint(vocab[next]);
                sink.accept(vocab[next]);
            }
        }
        return out.toString();
    }

    /** Draws from softmax(logits / temperature), or takes the arg-max at temperature 0. */
    static int sample(float[] logits, double temperature, Rng rng) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        if (temperature == 0) {
            return best;
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logits[i] - logits[best]) / temperature); // shifted by the max: no overflow
            sum += p[i];
        }
        double u = rng.nextFloat() * sum;
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u < 0) {
                return i;
            }
        }
        return best; // rounding left a sliver of mass: the most likely one
    }

    private static int indexOf(int[] sorted, int cp) {
        int i = Arrays.binarySearch(sorted, cp);
        return i >= 0 ? i : -1;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }
}
