package dev.gatun.backend;

import dev.gatun.backend.vector.VectorBf16;
import dev.gatun.tensor.BFloat16;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * bf16 operands of a matrix product or convolution widened (exactly) to float32, for a backend
 * whose kernels have no bf16 arithmetic to gain from: the Java backends (the Vector API has no
 * bf16 dot product) and oneDNN on CPUs without bf16 instructions, where its bf16 kernels emulate
 * and were measured 3 to 5 times slower than float32. A float32 kernel on the widened values
 * computes what a bf16 kernel accumulating in float32 would, since every product of two bf16
 * values is exact in float32.
 *
 * <p>The widened copy lives in a per-thread buffer per operand slot, grown to the largest operand
 * and reused, with its tensor kept while the shape repeats: a call allocates nothing once warm,
 * in whatever scope it runs (a predictor's plan included). Use it only for operands that the
 * same call reads (the next call on the thread overwrites the buffer).
 */
public final class Bf16Operands {
    private Bf16Operands() {}

    private static final boolean VECTOR = VectorSupport.usable();

    /** Per thread and slot: the buffer and the last tensor made over it. */
    private static final class Slot {
        MemorySegment buffer;
        Tensor view;
    }

    private static final ThreadLocal<Slot[]> SLOTS = ThreadLocal.withInitial(() -> new Slot[] {new Slot(), new Slot()});

    /** Operand slots: the two operands of one product. */
    public static final int FIRST = 0, SECOND = 1;

    /** {@code t} itself when float32, else its float32 widening in this thread's buffer {@code slot}. */
    public static Tensor widened(Tensor t, int slot) {
        if (t.dtype() == DataType.FLOAT32) {
            return t;
        }
        Slot s = SLOTS.get()[slot];
        long n = t.numel();
        if (s.buffer == null || s.buffer.byteSize() < n * Float.BYTES) {
            // auto arena: a kernel's worker threads read it, and it goes with the thread's last reference
            s.buffer = Arena.ofAuto().allocate(Math.max(64, n * Float.BYTES), 64);
            s.view = null;
        }
        if (s.view == null || !sameShape(s.view, t)) {
            s.view = Tensor.wrap(Scope.auto(), s.buffer, t.shape());
        }
        MemorySegment src = t.segment(); // the callers pass contiguous operands (Ops makes them so)
        if (VECTOR) {
            VectorBf16.toFloat(src, 0, s.buffer, 0, n);
        } else {
            for (long i = 0; i < n; i++) {
                s.buffer.setAtIndex(ValueLayout.JAVA_FLOAT, i, BFloat16.toFloat(src.getAtIndex(ValueLayout.JAVA_SHORT, i)));
            }
        }
        return s.view;
    }

    /** Same shape, read without the copies {@code shape()} makes. */
    private static boolean sameShape(Tensor a, Tensor b) {
        if (a.rank() != b.rank()) {
            return false;
        }
        for (int i = 0; i < a.rank(); i++) {
            if (a.dim(i) != b.dim(i)) {
                return false;
            }
        }
        return true;
    }
}
