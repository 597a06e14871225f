package dev.gatun.blas.openblas;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Per-thread off-heap scratch for the calls that should not hold a critical region for long:
 * heap operands are copied in, OpenBLAS runs on the copies through the ordinary (non-critical)
 * handles, and written operands are copied back. The buffer grows by doubling and is reused; it
 * comes from an automatic arena, so it is freed with its thread's {@link ThreadLocal}.
 *
 * <p>Use: {@code begin(totalBytes)}, then one {@link #in} per operand, then {@link #back} for
 * each written one. Not reentrant, which is fine: BLAS calls never call back into Java.
 */
final class HeapStaging {
    private static final ThreadLocal<HeapStaging> PER_THREAD = ThreadLocal.withInitial(HeapStaging::new);
    private static final long ALIGN = 64;

    private MemorySegment scratch = MemorySegment.NULL;
    private long used;

    static HeapStaging begin(long bytes) {
        HeapStaging s = PER_THREAD.get();
        long needed = bytes + 4 * ALIGN; // room to align up to four operands
        if (s.scratch.byteSize() < needed) {
            s.scratch = Arena.ofAuto().allocate(Math.max(needed, 2 * s.scratch.byteSize()), ALIGN);
        }
        s.used = 0;
        return s;
    }

    /** A native copy of {@code elements} elements of {@code from} starting at element {@code off}. */
    MemorySegment in(MemorySegment from, long off, long elements, int elementBytes) {
        long bytes = elements * elementBytes;
        MemorySegment to = scratch.asSlice(used, bytes);
        used = (used + bytes + ALIGN - 1) / ALIGN * ALIGN;
        MemorySegment.copy(from, off * elementBytes, to, 0, bytes);
        return to;
    }

    /** Copies a staged operand back to where it came from. */
    static void back(MemorySegment staged, MemorySegment to, long off, int elementBytes) {
        MemorySegment.copy(staged, 0, to, off * elementBytes, staged.byteSize());
    }
}
