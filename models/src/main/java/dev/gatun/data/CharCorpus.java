package dev.gatun.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * A character corpus for language models: a UTF-8 text cut into windows of {@code length}
 * characters whose targets are the same windows shifted by one (the next character at every
 * position). The vocabulary is the text's distinct code points, sorted. The first part of the
 * text trains and the last {@code validationFraction} validates, so no validation window
 * overlaps a training one. {@code alice} is the embedded text (the opening chapter of Lewis
 * Carroll's <i>Alice's Adventures in Wonderland</i>, 1865, public domain); any other name is a file.
 */
public final class CharCorpus {
    /** The embedded corpus's name. */
    public static final String EMBEDDED = "alice";

    private CharCorpus() {}

    /** The corpus, its split into windows, and the entropy of its characters' frequencies. */
    public record Corpus(String name, String text, TokenSequences.Split split, double unigramEntropy) {
        public int[] vocabulary() {
            return split.train().vocabulary();
        }
    }

    /** Whether {@code spec} names a character corpus: the embedded one or a {@code .txt} file. */
    public static boolean isCorpus(String spec) {
        return spec.equals(EMBEDDED) || spec.endsWith(".txt");
    }

    /** The text {@code spec} names, windows of {@code length} starting every {@code stride} characters. */
    public static Corpus load(String spec, int length, int stride, double validationFraction) {
        String text = spec.equals(EMBEDDED) ? embedded() : file(Path.of(spec));
        String name = spec.equals(EMBEDDED) ? EMBEDDED : Path.of(spec).getFileName().toString();
        return of(name, text, length, stride, validationFraction);
    }

    public static Corpus of(String name, String text, int length, int stride, double validationFraction) {
        if (length < 1 || stride < 1 || !(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("char corpus " + name + ": need length, stride >= 1 and a validation "
                    + "fraction in (0, 1), got " + length + ", " + stride + ", " + validationFraction);
        }
        int[] codePoints = text.codePoints().toArray();
        int[] vocabulary = new TreeSet<>(Arrays.stream(codePoints).boxed().toList()).stream().mapToInt(i -> i).toArray();
        int[] ids = new int[codePoints.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Arrays.binarySearch(vocabulary, codePoints[i]);
        }
        int cut = (int) Math.round(ids.length * (1 - validationFraction));
        if (cut < length + 1 || ids.length - cut < length + 1) {
            throw new IllegalArgumentException("char corpus " + name + ": " + ids.length + " characters are too few for "
                    + "windows of " + length + " in both the training and the validation part");
        }
        TokenSequences train = windows(name + "/train", Arrays.copyOfRange(ids, 0, cut), length, stride, vocabulary);
        TokenSequences val = windows(name + "/validation", Arrays.copyOfRange(ids, cut, ids.length), length, stride,
                vocabulary);
        return new Corpus(name, text, new TokenSequences.Split(train, val), entropy(ids, vocabulary.length));
    }

    /** {@code -sum p log p} (nats) of the characters' frequencies: the loss of the best model that ignores context. */
    public static double entropy(int[] ids, int vocabularySize) {
        long[] counts = new long[vocabularySize];
        for (int id : ids) {
            counts[id]++;
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / ids.length;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    private static TokenSequences windows(String name, int[] ids, int length, int stride, int[] vocabulary) {
        int rows = (ids.length - 1 - length) / stride + 1;
        int[] x = new int[rows * length];
        int[] y = new int[rows * length];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(ids, r * stride, x, r * length, length);
            System.arraycopy(ids, r * stride + 1, y, r * length, length);
        }
        return new TokenSequences(name, x, y, rows, length, vocabulary);
    }

    private static String embedded() {
        try (InputStream in = CharCorpus.class.getResourceAsStream("alice.txt")) {
            if (in == null) {
                throw new IllegalStateException("the embedded corpus alice.txt is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A corpus is held as text, code points and windows: 64 MiB of text at most. */
    public static final long MAX_BYTES = 64L << 20;

    private static String file(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no text file " + path.toAbsolutePath());
        }
        try {
            dev.gatun.checkpoint.InputFiles.requireRegular(path, "a text file", MAX_BYTES);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(path + ": not UTF-8 text (a malformed byte sequence); expected a UTF-8 text "
                    + "file", e);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            throw new UncheckedIOException(m.startsWith(path.toString()) ? m : path + ": " + m, e);
        }
    }
}
