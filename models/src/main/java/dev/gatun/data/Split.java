package dev.gatun.data;

import dev.gatun.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A training set and the validation set held out from it.
 *
 * <p>{@link #random} holds out a fraction of each class (stratified), so a small validation
 * set keeps the class balance of the whole; the same seed always holds out the same rows.
 */
public record Split(Dataset train, Dataset validation) {

    /**
     * Holds out {@code fraction} of the rows (of each class, for classification) as the
     * validation set, chosen by {@code seed}. A fraction of 0 gives an empty validation set.
     */
    public static Split random(Dataset data, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        }
        Rng rng = new Rng(seed);
        List<int[]> groups = new ArrayList<>();
        if (data.isClassification()) {
            int[] counts = new int[data.classes()];
            for (int r = 0; r < data.rows(); r++) {
                counts[data.label(r)]++;
            }
            for (int c = 0; c < counts.length; c++) {
                int[] rows = new int[counts[c]];
                int k = 0;
                for (int r = 0; r < data.rows(); r++) {
                    if (data.label(r) == c) {
                        rows[k++] = r;
                    }
                }
                groups.add(rows);
            }
        } else {
            int[] rows = new int[data.rows()];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = r;
            }
            groups.add(rows);
        }
        int[] train = new int[data.rows()];
        int[] val = new int[data.rows()];
        int nTrain = 0, nVal = 0;
        for (int[] rows : groups) {
            rng.shuffle(rows);
            int held = (int) Math.round(fraction * rows.length);
            for (int i = 0; i < rows.length; i++) {
                if (i < held) {
                    val[nVal++] = rows[i];
                } else {
                    train[nTrain++] = rows[i];
                }
            }
        }
        // Interleave the classes again: sorted by class, a validation set would read as blocks.
        int[] trainRows = java.util.Arrays.copyOf(train, nTrain);
        int[] valRows = java.util.Arrays.copyOf(val, nVal);
        rng.shuffle(trainRows);
        rng.shuffle(valRows);
        if (trainRows.length == 0) {
            throw new IllegalArgumentException("dataset " + data.name() + ": holding out " + fraction + " of "
                    + data.rows() + " rows leaves no training rows");
        }
        return new Split(data.subset(data.name() + "/train", trainRows), data.subset(data.name() + "/validation", valRows));
    }

    /** Both sets standardized with the training set's column statistics. */
    public Standardized standardized() {
        Standardizer s = Standardizer.fit(train);
        return new Standardized(new Split(s.apply(train), s.apply(validation)), s);
    }

    /** A split whose features were standardized, with the statistics used (to save with a model). */
    public record Standardized(Split split, Standardizer standardizer) {}
}
