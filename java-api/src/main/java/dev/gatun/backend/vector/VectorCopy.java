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
        int[] shape = src.shape();
        int rank = shape.length;
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
        long[] ss = src.strides(), ds = dst.strides();
        int rows = shape[rank - 2], cols = shape[rank - 1];
        long outer = n / ((long) rows * cols);
        boolean share = Workers.shareable(s, d);
        boolean rowsDense = cols == 1 || (ss[rank - 1] == 1 && ds[rank - 1] == 1);
        boolean rowBroadcast = cols > 1 && ss[rank - 1] == 0 && ds[rank - 1] == 1;
        boolean transposed = rows > 1 && cols > 1 && ss[rank - 2] == 1 && ds[rank - 1] == 1
                && ds[rank - 2] == cols;
        if (!rowsDense && !rowBroadcast && !transposed) {
            return false;
        }
        workers.forRows(outer, (long) rows * cols, share, (from, to) -> {
            for (long o = from; o < to; o++) {
                long sBase = so + offsetOf(o, shape, ss, rank - 2), dBase = dOff + offsetOf(o, shape, ds, rank - 2);
                if (transposed) {
                    transposeTiles(s, sBase, ss[rank - 1], d, dBase, rows, cols);
                    continue;
                }
                for (int r = 0; r < rows; r++) {
                    long sRow = sBase + r * ss[rank - 2], dRow = dBase + r * ds[rank - 2];
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
        });
        return true;
    }

    /** Offset of the o-th index over the first {@code dims} dims (row-major order), by {@code strides}. */
    private static long offsetOf(long o, int[] shape, long[] strides, int dims) {
        long at = 0;
        for (int d = dims - 1; d >= 0; d--) {
            at += (o % shape[d]) * strides[d];
            o /= shape[d];
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
