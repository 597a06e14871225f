package dev.gatun.data;

import java.util.Arrays;

/**
 * Sequences of tokens with a target token at every position: {@code rows} sequences of
 * {@code length} input ids and as many target ids, row-major, ids in {@code [0, vocabulary.length)}.
 * {@code vocabulary[id]} is the Unicode code point a token stands for, so a model's tokens can be
 * printed and a prompt encoded. Plain arrays; a trainer copies them once into the tensors it reads batches from.
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

    public int vocabSize() {
        return vocabulary.length;
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
