package dev.gatun.data;

import dev.gatun.tensor.Rng;

/**
 * Sequence reversal ({@code reverse}): random digit strings of a fixed length, and at every
 * position the target is the token mirrored across the middle ({@code target[t] = input[L-1-t]}).
 * No token can be predicted from its own position's input, so a model must attend to the right
 * place: the classic first test of self-attention with positional encodings.
 */
public final class Reversal {
    public static final int LENGTH = 16;
    private static final int[] DIGITS = "0123456789".codePoints().toArray();

    private Reversal() {}

    /** Training and validation rows drawn from one seed (the validation rows after the training ones). */
    public static TokenSequences.Split split(int trainRows, int validationRows, int length, long seed) {
        Rng rng = new Rng(seed);
        return new TokenSequences.Split(generate("reverse/train", trainRows, length, rng),
                generate("reverse/validation", validationRows, length, rng));
    }

    private static TokenSequences generate(String name, int rows, int length, Rng rng) {
        int[] x = new int[rows * length];
        int[] y = new int[rows * length];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < length; t++) {
                x[r * length + t] = rng.nextInt(DIGITS.length);
            }
            for (int t = 0; t < length; t++) {
                y[r * length + t] = x[r * length + length - 1 - t];
            }
        }
        return new TokenSequences(name, x, y, rows, length, DIGITS.clone());
    }
}
