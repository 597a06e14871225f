package dev.gatun.backend.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** The vector shape every kernel of this backend uses, and float loads and stores by element index. */
final class Lanes {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int N = S.length();
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private Lanes() {}

    static FloatVector load(MemorySegment s, long index) {
        return FloatVector.fromMemorySegment(S, s, index * Float.BYTES, ORDER);
    }

    static void store(FloatVector v, MemorySegment s, long index) {
        v.intoMemorySegment(s, index * Float.BYTES, ORDER);
    }

    static float get(MemorySegment s, long index) {
        return s.getAtIndex(F32, index);
    }

    static void set(MemorySegment s, long index, float v) {
        s.setAtIndex(F32, index, v);
    }

    /**
     * Sum of the lanes in a fixed order (a halving tree of exact lanewise adds).
     * {@code reduceLanes(ADD)} leaves the order open, and the interpreter and C2 do pick
     * different ones, so the same seed would not give the same loss curve from run to run.
     * Each level adds the lanes {@code half} apart through one constant permutation, written
     * out (N is a constant, so the tests fold): a loop carried its vector boxed, and
     * {@code slice} grew callers past C2's node budget, boxing every vector they touched.
     */
    static float sum(FloatVector v) {
        if (N >= 64) {
            v = v.add(v.rearrange(SWAP_32));
        }
        if (N >= 32) {
            v = v.add(v.rearrange(SWAP_16));
        }
        if (N >= 16) {
            v = v.add(v.rearrange(SWAP_8));
        }
        if (N >= 8) {
            v = v.add(v.rearrange(SWAP_4));
        }
        if (N >= 4) {
            v = v.add(v.rearrange(SWAP_2));
        }
        if (N >= 2) {
            v = v.add(v.rearrange(SWAP_1));
        }
        return v.lane(0);
    }

    // SWAP_h exchanges the lanes h apart (lane i to lane i ^ h); separate constants, since C2
    // trusts a static final field but not the elements of a static final array.
    private static final VectorShuffle<Float> SWAP_1 = swap(1), SWAP_2 = swap(2), SWAP_4 = swap(4),
            SWAP_8 = swap(8), SWAP_16 = swap(16), SWAP_32 = swap(32);

    private static VectorShuffle<Float> swap(int half) {
        return VectorShuffle.fromOp(S, i -> (i ^ half) % N);
    }

    /** The largest multiple of the vector length not above {@code n}. */
    static long loopBound(long n) {
        return n - n % N;
    }
}
