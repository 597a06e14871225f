package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.Lanes.get;
import static dev.gatun.backend.vector.Lanes.load;
import static dev.gatun.backend.vector.Lanes.set;
import static dev.gatun.backend.vector.Lanes.store;

import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@code dst = a op b} with broadcasting, as runs of vector work. The trailing dims where each
 * operand either walks along with {@code dst} or stays put (broadcast) form one contiguous
 * block; the leading dims step from block to block. So same-shape operands are one long
 * block, a bias add [N,C] + [1,C] is N blocks of C with b re-read each time, a column
 * broadcast [N,C] * [N,1] is N blocks of C with b one scalar per block.
 */
final class VectorBinary {
    /** Blocks are cut into pieces of at most this many elements, the unit of parallel work. */
    private static final int PIECE = 1 << 14;

    private VectorBinary() {}

    /**
     * a, b and dst have dst's rank (Ops broadcasts the shapes first). Shapes and strides are read
     * from the tensors, not copied: this runs per call on inference paths, which allocate nothing.
     */
    static void run(BinaryOp op, Tensor aT, Tensor bT, Tensor dstT, Workers workers) {
        MemorySegment a = aT.segment(), b = bT.segment(), dst = dstT.segment();
        int rank = dstT.rank();
        // find where the block starts: trailing dims that share one (a walks?, b walks?) pattern
        int split = rank;
        int pattern = -1;
        for (int d = rank - 1; d >= 0; d--) {
            if (dstT.dim(d) == 1) {
                split = d;
                continue;
            }
            int p = (aT.dim(d) != 1 ? 1 : 0) | (bT.dim(d) != 1 ? 2 : 0);
            if (pattern >= 0 && p != pattern) {
                break;
            }
            pattern = p;
            split = d;
        }
        long inner = 1;
        for (int d = split; d < rank; d++) {
            inner *= dstT.dim(d);
        }
        long outer = 1;
        for (int d = 0; d < split; d++) {
            outer *= dstT.dim(d);
        }
        if (inner == 0 || outer == 0) {
            return;
        }
        boolean aWalks = (pattern & 1) != 0, bWalks = (pattern & 2) != 0;
        long pieces = (inner + PIECE - 1) / PIECE;
        long blockLen = inner;
        int outerRank = split;
        workers.forRows(outer * pieces, Math.min(inner, PIECE), Workers.shareable(a, b, dst), (from, to) -> {
            for (long t = from; t < to; t++) {
                long o = t / pieces, p = t % pieces;
                long start = p * PIECE, end = Math.min(blockLen, start + PIECE);
                long ao = 0, bo = 0, rem = o, aStride = blockStride(aT, outerRank), bStride = blockStride(bT, outerRank);
                for (int d = outerRank - 1; d >= 0; d--) { // offsets of block o in a and b
                    int size = dstT.dim(d);
                    long i = rem % size;
                    rem /= size;
                    // a dim of size 1 broadcasts: stride 0
                    ao += aT.dim(d) == 1 ? 0 : i * aStride;
                    bo += bT.dim(d) == 1 ? 0 : i * bStride;
                    aStride *= aT.dim(d);
                    bStride *= bT.dim(d);
                }
                long dOff = o * blockLen;
                block(op, a, aWalks ? ao + start : ao, aWalks, b, bWalks ? bo + start : bo, bWalks,
                        dst, dOff + start, end - start);
            }
        });
    }

    /** len elements; an operand that does not walk is one value broadcast over the block. */
    private static void block(BinaryOp op, MemorySegment a, long ao, boolean aWalks, MemorySegment b, long bo,
                              boolean bWalks, MemorySegment dst, long d0, long len) {
        if (!aWalks && !bWalks) {
            float v = ScalarBackend.apply(op, get(a, ao), get(b, bo));
            for (long i = 0; i < len; i++) {
                set(dst, d0 + i, v);
            }
            return;
        }
        FloatVector av = aWalks ? null : FloatVector.broadcast(Lanes.S, get(a, ao));
        FloatVector bv = bWalks ? null : FloatVector.broadcast(Lanes.S, get(b, bo));
        long i = 0;
        for (long bound = Lanes.loopBound(len); i < bound; i += Lanes.N) {
            FloatVector x = aWalks ? load(a, ao + i) : av;
            FloatVector y = bWalks ? load(b, bo + i) : bv;
            store(apply(op, x, y), dst, d0 + i);
        }
        for (; i < len; i++) {
            set(dst, d0 + i, ScalarBackend.apply(op, get(a, aWalks ? ao + i : ao), get(b, bWalks ? bo + i : bo)));
        }
    }

    private static FloatVector apply(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case MAX -> x.lanewise(VectorOperators.MAX, y); // Math.max per lane: NaN propagates
            case MIN -> x.lanewise(VectorOperators.MIN, y);
            case GE -> x.broadcast(0f).blend(1f, x.compare(VectorOperators.GE, y));
            case EQ -> x.broadcast(0f).blend(1f, x.compare(VectorOperators.EQ, y));
        };
    }

    /** Elements of {@code t} in its dims from {@code from} on: the row-major stride of dim from - 1. */
    private static long blockStride(Tensor t, int from) {
        long s = 1;
        for (int d = from; d < t.rank(); d++) {
            s *= t.dim(d);
        }
        return s;
    }
}
