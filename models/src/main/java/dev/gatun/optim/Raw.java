package dev.gatun.optim;

import java.lang.foreign.MemorySegment;

/**
 * The update kernels' one check per tensor and call: native, big enough, writable where
 * written. After it, the vector body reads and writes by absolute address through
 * {@link VectorUpdateKernels}'s all-of-memory segment, and the scalar one copies blocks.
 *
 * <p>Why absolute addresses: C2's profiled loop predicates hoist the per-access checks of each
 * segment (bounds, liveness, alignment) to the loop entry, speculating from the profile of
 * earlier calls. The update kernels see a different segment with a different size and address
 * on every call (one per parameter), and those speculations failed again and again: `gatun
 * train mlp` deoptimized the kernels at their loop heads for the whole run
 * ({@code -XX:-UseProfiledLoopPredicate} removed every one), each time falling back to the
 * interpreter, where the Vector API runs its slow Java fallback. Through one constant segment the
 * only per-call values in the loop are base addresses and nothing is left to mispredict.
 */
final class Raw {
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
