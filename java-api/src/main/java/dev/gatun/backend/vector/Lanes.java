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

    /** The largest multiple of the vector length not above {@code n}. */
    static long loopBound(long n) {
        return n - n % N;
    }
}
