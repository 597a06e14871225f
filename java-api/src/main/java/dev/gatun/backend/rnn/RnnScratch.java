package dev.gatun.backend.rnn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Per-thread scratch memory for the recurrent driver, kept between calls and grown when too
 * small, so a steady stream of same-shaped inferences allocates nothing. Automatic-arena memory,
 * so gemm threads may share it; freed by the GC with its thread's entry.
 */
final class RnnScratch {
    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(() -> MemorySegment.NULL);

    private RnnScratch() {}

    /** At least {@code floats} floats, 64-byte aligned; the content is garbage. */
    static MemorySegment get(long floats) {
        MemorySegment s = SCRATCH.get();
        if (s.byteSize() < floats * Float.BYTES) {
            s = Arena.ofAuto().allocate(Math.max(floats * Float.BYTES, 2 * s.byteSize()), 64);
            SCRATCH.set(s);
        }
        return s;
    }
}
