package dev.gatun.backend.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
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
     */
    static float sum(FloatVector v) {
        // Written out, not a loop: C2 did not unroll the loop, and a vector carried around a loop
        // is boxed: lane(0) then ran its Java fallback, 65% of a batch-1 LSTM call on this backend.
        // N is a constant, so the tests fold away; each step adds lane i + half to lane i (zeros
        // shifted in above).
        if (N >= 64) {
            v = v.add(v.slice(32));
        }
        if (N >= 32) {
            v = v.add(v.slice(16));
        }
        if (N >= 16) {
            v = v.add(v.slice(8));
        }
        if (N >= 8) {
            v = v.add(v.slice(4));
        }
        if (N >= 4) {
            v = v.add(v.slice(2));
        }
        if (N >= 2) {
            v = v.add(v.slice(1));
        }
        return v.lane(0);
    }

    /** The largest multiple of the vector length not above {@code n}. */
    static long loopBound(long n) {
        return n - n % N;
    }
}
