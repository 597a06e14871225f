package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.Lanes.get;
import static dev.gatun.backend.vector.Lanes.set;

import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * Reorders. Both sides dense: one bulk {@link MemorySegment#copy}. Rows contiguous on both
 * sides (slices, concatenation): one bulk copy per row. A transpose of the last two axes into
 * a contiguous dst: tiles of {@value #TILE} x {@value #TILE}, so reads and writes both stay
 * within a few cache lines. A broadcast row (stride 0): a fill. Returns false for other
 * layouts, which the scalar strided loop handles.
 */
final class VectorCopy {
    private static final int TILE = 32;

    private VectorCopy() {}

    static boolean run(Tensor src, Tensor dst, Workers workers) {
        int rank = src.rank();
        long n = src.numel();
        if (n == 0) {
            return true;
        }
        MemorySegment s = src.base(), d = dst.base();
        long so = src.offset(), dOff = dst.offset();
        if (src.isContiguous() && dst.isContiguous()) {
            MemorySegment.copy(s, so * Float.BYTES, d, dOff * Float.BYTES, n * Float.BYTES);
            return true;
        }
        if (rank < 2) {
            return false;
        }
        // sizes and strides read one at a time (shape() and strides() copy their arrays: a served call allocates nothing)
        int rows = src.dim(rank - 2), cols = src.dim(rank - 1);
        long sRowStride = src.stride(rank - 2), sColStride = src.stride(rank - 1);
        long dRowStride = dst.stride(rank - 2), dColStride = dst.stride(rank - 1);
        long outer = n / ((long) rows * cols);
        boolean rowsDense = cols == 1 || (sColStride == 1 && dColStride == 1);
        boolean rowBroadcast = cols > 1 && sColStride == 0 && dColStride == 1;
        boolean transposed = rows > 1 && cols > 1 && sRowStride == 1 && dColStride == 1 && dRowStride == cols;
        if (!rowsDense && !rowBroadcast && !transposed) {
            return false;
        }
        if (workers.serial(outer, (long) rows * cols, Workers.shareable(s, d))) {
            copyRange(src, dst, s, d, rowsDense, transposed, 0, outer); // no task to capture
        } else {
            workers.forRows(outer, (long) rows * cols, true,
                    (from, to) -> copyRange(src, dst, s, d, rowsDense, transposed, from, to));
        }
        return true;
    }

    /** The [rows, cols] matrices {@code [from, to)} of the copy: dense rows, a broadcast row, or a transpose. */
    private static void copyRange(Tensor src, Tensor dst, MemorySegment s, MemorySegment d, boolean rowsDense,
                                  boolean transposed, long from, long to) {
        int rank = src.rank(), rows = src.dim(rank - 2), cols = src.dim(rank - 1);
        long sRowStride = src.stride(rank - 2), dRowStride = dst.stride(rank - 2);
        for (long o = from; o < to; o++) {
            long sBase = src.offset() + offsetOf(o, src, rank - 2), dBase = dst.offset() + offsetOf(o, dst, rank - 2);
            if (transposed) {
                transposeTiles(s, sBase, src.stride(rank - 1), d, dBase, rows, cols);
                continue;
            }
            for (int r = 0; r < rows; r++) {
                long sRow = sBase + r * sRowStride, dRow = dBase + r * dRowStride;
                if (rowsDense) {
                    MemorySegment.copy(s, sRow * Float.BYTES, d, dRow * Float.BYTES, (long) cols * Float.BYTES);
                } else {
                    float v = get(s, sRow);
                    for (int c = 0; c < cols; c++) {
                        set(d, dRow + c, v);
                    }
                }
            }
        }
    }

    /** Offset of the o-th index over the first {@code dims} dims of {@code t} (row-major order), by its strides. */
    private static long offsetOf(long o, Tensor t, int dims) {
        long at = 0;
        for (int d = dims - 1; d >= 0; d--) {
            at += (o % t.dim(d)) * t.stride(d);
            o /= t.dim(d);
        }
        return at;
    }

    /** dst[r][c] = src[r + c * colStride] for a [rows, cols] matrix; dst rows contiguous. */
    private static void transposeTiles(MemorySegment s, long sBase, long colStride, MemorySegment d, long dBase,
                                       int rows, int cols) {
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int c = c0; c < c1; c++) {
                    long sCol = sBase + c * colStride;
                    for (int r = r0; r < r1; r++) {
                        set(d, dBase + (long) r * cols + c, get(s, sCol + r));
                    }
                }
            }
        }
    }
}
