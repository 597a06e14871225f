package dev.gatun.train;

import dev.gatun.data.Dataset;
import dev.gatun.data.TokenSequences;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * A data set as the {@link Trainer} reads it: the inputs [rows, ...] and the loss's targets
 * [rows, ...] copied once into contiguous off-heap tensors, and the class labels (one per row, or
 * one per position of a token sequence) for the accuracy. Unshuffled batches (validation) are
 * views of these tensors; a shuffled batch is gathered into buffers the trainer reuses
 * ({@link #gather}), so no step copies through Java arrays or allocates for its data.
 *
 * <p>Close it to free the tensors; the trainer closes the ones it builds itself.
 */
public final class Examples implements AutoCloseable {
    private final String name;
    private final Scope scope;
    private final Tensor inputs;
    private final Tensor targets;
    private final int[] labels; // [rows * labelsPerRow]; null for regression
    private final int labelsPerRow;

    private Examples(String name, Scope scope, Tensor inputs, Tensor targets, int[] labels, int labelsPerRow) {
        this.name = name;
        this.scope = scope;
        this.inputs = inputs;
        this.targets = targets;
        this.labels = labels;
        this.labelsPerRow = labelsPerRow;
    }

    /** The rows of a table, with targets encoded as {@code head}'s loss wants them. */
    public static Examples of(Dataset data, Head head) {
        int n = data.rows();
        Scope scope = Scope.detachedShared();
        Tensor x = Tensor.zeros(scope, n, data.columns());
        x.copyFrom(data.features());
        Tensor y = switch (head.encoding()) {
            case CLASS_INDEX -> Tensor.zeros(scope, n);
            case COLUMN -> Tensor.zeros(scope, n, 1);
            case ONE_HOT -> Tensor.zeros(scope, n, data.classes());
            case LABEL_AND_TEACHER -> Tensor.zeros(scope, n, 1 + data.classes());
        };
        float[] t = new float[(int) y.numel()];
        int[] labels = data.isClassification() ? new int[n] : null;
        for (int r = 0; r < n; r++) {
            if (head.encoding() == Head.Encoding.ONE_HOT) {
                t[r * data.classes() + data.label(r)] = 1f;
            } else if (head.encoding() == Head.Encoding.LABEL_AND_TEACHER) {
                int c = data.classes(), at = r * (1 + c);
                t[at] = data.label(r);
                for (int j = 0; j < c; j++) {
                    t[at + 1 + j] = data.teacherLogit(r, j);
                }
            } else {
                t[r] = data.target(r);
            }
            if (labels != null) {
                labels[r] = data.label(r);
            }
        }
        y.copyFrom(t);
        return new Examples(data.name(), scope, x, y, head.regression() ? null : labels, 1);
    }

    /** Token sequences: input ids [rows, length] as floats (what an Embedding reads), target ids [rows, length]. */
    public static Examples of(TokenSequences data) {
        int n = data.rows(), len = data.length();
        Scope scope = Scope.detachedShared();
        Tensor x = Tensor.zeros(scope, n, len);
        Tensor y = Tensor.zeros(scope, n, len);
        float[] ids = new float[n * len];
        int[] in = data.inputs(), out = data.targets();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = in[i];
        }
        x.copyFrom(ids);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = out[i];
        }
        y.copyFrom(ids);
        return new Examples(data.name(), scope, x, y, out.clone(), len);
    }

    public String name() {
        return name;
    }

    public int rows() {
        return inputs.dim(0);
    }

    /** All inputs [rows, ...]. */
    public Tensor inputs() {
        return inputs;
    }

    /** All targets [rows, ...], as the loss reads them. */
    public Tensor targets() {
        return targets;
    }

    /** Whether there are class labels to score predictions against (false for regression). */
    public boolean hasLabels() {
        return labels != null;
    }

    /** Labels per row: 1 for a table, the sequence length for token sequences. */
    public int labelsPerRow() {
        return labelsPerRow;
    }

    /** The label at flat position {@code i} of {@code [rows * labelsPerRow]}. */
    int label(int i) {
        return labels[i];
    }

    /** Rows {@code [from, to)} as views, no copy. */
    Tensor inputs(int from, int to) {
        return inputs.slice(0, from, to);
    }

    Tensor targets(int from, int to) {
        return targets.slice(0, from, to);
    }

    /**
     * Copies rows {@code order[from..to)} into the first rows of {@code x} and {@code y} (buffers
     * shaped like the inputs and targets with at least {@code to - from} rows), and their labels
     * into {@code labelsOut}: one bulk copy per row, straight between off-heap tensors.
     */
    void gather(int[] order, int from, int to, Tensor x, Tensor y, int[] labelsOut) {
        copyRows(inputs, x, order, from, to);
        copyRows(targets, y, order, from, to);
        if (labels != null) {
            for (int i = from; i < to; i++) {
                System.arraycopy(labels, order[i] * labelsPerRow, labelsOut, (i - from) * labelsPerRow, labelsPerRow);
            }
        }
    }

    private static void copyRows(Tensor src, Tensor dst, int[] order, int from, int to) {
        long rowBytes = src.numel() / src.dim(0) * Float.BYTES;
        MemorySegment s = src.segment(), d = dst.base();
        long dstStart = dst.offset() * Float.BYTES;
        for (int i = from; i < to; i++) {
            MemorySegment.copy(s, order[i] * rowBytes, d, dstStart + (i - from) * rowBytes, rowBytes);
        }
    }

    /** A zeroed buffer for {@code rows} rows shaped like {@code like}'s rows, in {@code scope}. */
    static Tensor rowsLike(Scope scope, Tensor like, int rows) {
        int[] shape = like.shape();
        shape[0] = rows;
        return Tensor.zeros(scope, shape);
    }

    @Override
    public void close() {
        scope.close();
    }

    @Override
    public String toString() {
        return name + " [" + rows() + " rows]";
    }
}
