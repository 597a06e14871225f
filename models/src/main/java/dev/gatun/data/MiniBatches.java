package dev.gatun.data;

import dev.gatun.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shuffled mini-batches of a data set: each {@link #nextEpoch()} reshuffles the row order
 * with the generator it was given, so one seed gives one sequence of batches. The last batch
 * of an epoch is smaller when the batch size does not divide the row count.
 */
public final class MiniBatches {
    private final Dataset data;
    private final int batchSize;
    private final Rng rng;
    private final int[] order;

    public MiniBatches(Dataset data, int batchSize, Rng rng) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.data = data;
        this.batchSize = Math.min(batchSize, Math.max(1, data.rows()));
        this.rng = rng;
        this.order = new int[data.rows()];
        Arrays.setAll(order, i -> i);
    }

    /** Batches per epoch. */
    public int count() {
        return (data.rows() + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The batches of one epoch, in a freshly shuffled order. */
    public List<Batch> nextEpoch() {
        rng.shuffle(order);
        List<Batch> batches = new ArrayList<>(count());
        for (int start = 0; start < order.length; start += batchSize) {
            batches.add(data.batch(Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize))));
        }
        return batches;
    }
}
