package dev.gatun.backend;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Finds NaN in float data, for backends whose native kernel drops NaN where PyTorch keeps it
 * (oneDNN's ReLU, max pooling, max/min/compare): they run the kernel only on NaN-free data and
 * give data with a NaN (or, for some, an infinity) to a NaN-correct kernel. One read pass; plain Java (no incubator module),
 * written as a branch-free OR over blocks so the JIT can vectorize it.
 */
public final class NaNs {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final int BLOCK = 1024;

    private NaNs() {}

    /** True when any of the {@code byteSize / 4} floats of {@code floats} is NaN. */
    public static boolean any(MemorySegment floats) {
        return anyAbove(floats, 0x7f800000);
    }

    /** True when any float of {@code floats} is NaN or infinite. */
    public static boolean anyNonFinite(MemorySegment floats) {
        return anyAbove(floats, 0x7f7fffff);
    }

    /** True when the magnitude bits of some float exceed {@code limit} (a non-negative float's bits). */
    private static boolean anyAbove(MemorySegment floats, int limit) {
        long n = floats.byteSize() / Float.BYTES;
        for (long start = 0; start < n; start += BLOCK) {
            long end = Math.min(n, start + BLOCK);
            int nan = 0;
            for (long i = start; i < end; i++) {
                // NaN: exponent all ones and a non-zero mantissa, i.e. |bits| > the bits of infinity;
                // limit - |bits| is negative exactly when |bits| > limit, so the sign bit collects hits
                nan |= limit - (floats.getAtIndex(I32, i) & 0x7fffffff);
            }
            if (nan < 0) {
                return true;
            }
        }
        return false;
    }
}
