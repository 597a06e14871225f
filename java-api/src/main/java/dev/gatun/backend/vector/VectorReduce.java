package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.Lanes.get;
import static dev.gatun.backend.vector.Lanes.load;
import static dev.gatun.backend.vector.Lanes.set;
import static dev.gatun.backend.vector.Lanes.store;

import dev.gatun.backend.ReduceOp;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Reductions whose reduced axes form one run of adjacent dims: src seen as [outer, mid, inner]
 * reduces over mid into dst [outer, inner]. inner == 1 is the last-axis case (a vector sum along
 * each row); outer == 1 the leading-axis case (rows added into one row, vector over inner, as
 * for a bias gradient). Other patterns return false and go to the scalar code.
 */
final class VectorReduce {
    private static final int PIECE = 1 << 12;

    private VectorReduce() {}

    /** Reduces and returns true, or returns false when the reduced dims are not one adjacent run. */
    static boolean run(ReduceOp op, int[] srcShape, MemorySegment src, int[] dstShape, MemorySegment dst,
                       Workers workers) {
        int first = -1, last = -1;
        for (int d = 0; d < srcShape.length; d++) {
            if (dstShape[d] != srcShape[d]) {
                if (first >= 0 && last < d - 1 && hasKeptDimBetween(srcShape, dstShape, last, d)) {
                    return false;
                }
                first = first < 0 ? d : first;
                last = d;
            }
        }
        long outer = 1, mid = 1, inner = 1;
        for (int d = 0; d < srcShape.length; d++) {
            if (first >= 0 && d >= first && d <= last) {
                mid *= srcShape[d];
            } else if (first >= 0 && d > last) {
                inner *= srcShape[d];
            } else {
                outer *= srcShape[d];
            }
        }
        long rows = outer, cols = inner, count = mid;
        if (rows * cols == 0) {
            return true;
        }
        boolean share = Workers.shareable(src, dst);
        if (cols == 1) {
            workers.forRows(rows, count, share, (from, to) -> {
                for (long r = from; r < to; r++) {
                    set(dst, r, finish(op, reduceRow(op, src, r * count, count), count));
                }
            });
        } else {
            long pieces = (cols + PIECE - 1) / PIECE;
            workers.forRows(rows * pieces, count * Math.min(cols, PIECE), share, (from, to) -> {
                for (long t = from; t < to; t++) {
                    long r = t / pieces, start = (t % pieces) * PIECE, len = Math.min(PIECE, cols - start);
                    reduceColumns(op, src, r * count * cols + start, cols, count, dst, r * cols + start, len);
                }
            });
        }
        return true;
    }

    /** A kept dim of size > 1 between two reduced ones splits the run. */
    private static boolean hasKeptDimBetween(int[] srcShape, int[] dstShape, int after, int before) {
        for (int d = after + 1; d < before; d++) {
            if (srcShape[d] != 1) {
                return true;
            }
        }
        return false;
    }

    /** sum or max of n contiguous floats from src[at]. */
    private static float reduceRow(ReduceOp op, MemorySegment src, long at, long n) {
        boolean max = op == ReduceOp.MAX;
        FloatVector acc = FloatVector.broadcast(Lanes.S, max ? Float.NEGATIVE_INFINITY : 0f);
        long i = 0;
        for (long bound = Lanes.loopBound(n); i < bound; i += Lanes.N) {
            FloatVector x = load(src, at + i);
            acc = max ? acc.lanewise(VectorOperators.MAX, x) : acc.add(x);
        }
        float r = max ? acc.reduceLanes(VectorOperators.MAX) : Lanes.sum(acc);
        for (; i < n; i++) {
            r = max ? Math.max(r, get(src, at + i)) : r + get(src, at + i);
        }
        return r;
    }

    /**
     * dst[j] = reduce over m of src[at + m*stride + j], j in [0, len): rows added into one row,
     * with the vector running along the row.
     */
    private static void reduceColumns(ReduceOp op, MemorySegment src, long at, long stride, long count,
                                      MemorySegment dst, long dstAt, long len) {
        boolean max = op == ReduceOp.MAX;
        long j = 0;
        for (long bound = Lanes.loopBound(len); j < bound; j += Lanes.N) {
            FloatVector acc = FloatVector.broadcast(Lanes.S, max ? Float.NEGATIVE_INFINITY : 0f);
            for (long m = 0; m < count; m++) {
                FloatVector x = load(src, at + m * stride + j);
                acc = max ? acc.lanewise(VectorOperators.MAX, x) : acc.add(x);
            }
            store(op == ReduceOp.MEAN ? acc.div((float) count) : acc, dst, dstAt + j);
        }
        for (; j < len; j++) {
            float r = max ? Float.NEGATIVE_INFINITY : 0f;
            for (long m = 0; m < count; m++) {
                float x = get(src, at + m * stride + j);
                r = max ? Math.max(r, x) : r + x;
            }
            set(dst, dstAt + j, finish(op, r, count));
        }
    }

    private static float finish(ReduceOp op, float r, long count) {
        return op == ReduceOp.MEAN ? r / count : r; // the mean of nothing is 0/0 = NaN
    }
}
