package dev.gatun.backend.vector;

import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * bf16 matmul operands widened (exactly) to float32 in per-thread buffers that grow to the
 * largest operand and are then reused: a bf16 product allocates nothing per call once warm,
 * whichever scope the caller is in (a predictor's plan included). The Vector API has no bf16 dot
 * product, so the float32 kernel on the widened values computes what a bf16 kernel accumulating
 * in float32 would; what bf16 saves here is the operands' memory, not arithmetic.
 */
final class WidenedOperands {
    private WidenedOperands() {}

    /** Per thread: one buffer per operand slot (0: a, 1: b). */
    private static final ThreadLocal<MemorySegment[]> BUFFERS = ThreadLocal.withInitial(() -> new MemorySegment[2]);

    /** {@code t}'s data as float32: its own segment, or (bf16) a widened copy in this thread's buffer {@code slot}. */
    static MemorySegment floats(Tensor t, int slot) {
        if (t.dtype() == DataType.FLOAT32) {
            return t.segment();
        }
        long n = t.numel();
        MemorySegment[] buffers = BUFFERS.get();
        MemorySegment b = buffers[slot];
        if (b == null || b.byteSize() < n * Float.BYTES) {
            // auto arena: kernels' worker threads read it, and it goes with the thread's last reference
            buffers[slot] = b = Arena.ofAuto().allocate(Math.max(64, n * Float.BYTES), 64);
        }
        VectorBf16.toFloat(t.segment(), 0, b, 0, n);
        return b;
    }
}
