package dev.gatun.optim;

import java.lang.foreign.MemorySegment;

/**
 * The update kernels' checks of their segments, and absolute-address access for the vector body
 * after those checks.
 *
 * <p>Why: C2's profiled loop predicates hoist the per-access checks of each segment (bounds,
 * liveness, alignment) to the loop entry, speculating from the profile of earlier calls. The
 * update kernels see a different segment with a different size and address on every call (one
 * per parameter), and those speculations failed again and again: {@code gatun train mlp}
 * deoptimized the kernels at their loop heads for the whole run ({@code -XX:-UseProfiledLoopPredicate}
 * removed every one), each time falling back to the interpreter, where the Vector API runs its
 * slow Java fallback. Through the one constant segment below, the only per-call values in the
 * loop are base addresses, and the checks left are constant, so nothing is left to mispredict.
 */
final class Raw {
    /** All of memory, as one native segment of the global scope: a compile-time constant. */
    static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private Raw() {}

    /** The address of {@code s}, checked to hold {@code floats} floats. */
    static long readable(MemorySegment s, long floats) {
        if (!s.isNative() || s.byteSize() < floats * Float.BYTES) {
            throw new IllegalArgumentException("optimizer update: " + describe(s) + " cannot hold " + floats + " floats");
        }
        return s.address();
    }

    /** The address of {@code s}, checked to hold {@code floats} floats and to be writable. */
    static long writable(MemorySegment s, long floats) {
        if (s.isReadOnly()) {
            throw new IllegalArgumentException("optimizer update: " + describe(s) + " is read-only");
        }
        return readable(s, floats);
    }

    private static String describe(MemorySegment s) {
        return (s.isNative() ? "native" : "heap") + " segment of " + s.byteSize() + " bytes";
    }
}
