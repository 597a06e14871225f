package dev.gatun.data;

import java.util.Arrays;

/**
 * Sequences of tokens with a target token at every position: {@code rows} sequences of
 * {@code length} input ids and as many target ids, row-major, ids in {@code [0, vocabulary.length)}.
 * {@code vocabulary[id]} is the Unicode code point a token stands for, so a model's tokens can be
 * printed and a prompt encoded. Plain arrays, copied into a step's scope one batch at a time.
 */
public record TokenSequences(String name, int[] inputs, int[] targets, int rows, int length, int[] vocabulary) {

    public TokenSequences {
        if (rows < 0 || length < 1 || inputs.length != rows * length || targets.length != rows * length) {
            throw new IllegalArgumentException("token sequences " + name + ": " + inputs.length + " inputs and "
                    + targets.length + " targets for " + rows + " rows of " + length);
        }
        for (int[] ids : new int[][] {inputs, targets}) {
            for (int id : ids) {
                if (id < 0 || id >= vocabulary.length) {
                    throw new IllegalArgumentException("token sequences " + name + ": id " + id + " outside the vocabulary of "
                            + vocabulary.length);
                }
            }
        }
    }

    /** A train/validation pair of token sequences over one vocabulary. */
    public record Split(TokenSequences train, TokenSequences validation) {}

    /** Some rows: input ids as floats [size * length] (what an {@code Embedding} reads) and target ids. */
    public record Batch(float[] inputs, int[] targets, int size, int length) {}

    public int vocabSize() {
        return vocabulary.length;
    }

    /** The rows at {@code indices}, in that order. */
    public Batch batch(int[] indices) {
        float[] x = new float[indices.length * length];
        int[] y = new int[indices.length * length];
        for (int i = 0; i < indices.length; i++) {
            int from = indices[i] * length;
            for (int t = 0; t < length; t++) {
                x[i * length + t] = inputs[from + t];
            }
            System.arraycopy(targets, from, y, i * length, length);
        }
        return new Batch(x, y, indices.length, length);
    }

    /** The code points of {@code ids} as a string. */
    public static String decode(int[] vocabulary, int... ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.appendCodePoint(vocabulary[id]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name + " [" + rows + " x " + length + "], vocabulary " + vocabulary.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenSequences t && name.equals(t.name) && rows == t.rows && length == t.length
                && Arrays.equals(inputs, t.inputs) && Arrays.equals(targets, t.targets)
                && Arrays.equals(vocabulary, t.vocabulary);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(inputs) + Arrays.hashCode(targets);
    }
}
