package dev.gatun.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory that a loop of steps reuses: each {@link #open()} starts a confined {@link Scope}
 * whose tensors are carved from slabs kept between steps, so a training step reuses the same
 * addresses (warm in cache and TLB) instead of allocating and freeing every activation and
 * gradient. The slabs grow until one step fits in them, then stay.
 *
 * <pre>{@code
 * try (StepMemory memory = StepMemory.confined()) {
 *     for (Batch b : batches) {
 *         try (Scope step = memory.open()) {   // like Scope.confined(), on reused memory
 *             ...
 *         }                                    // its tensors are closed here; the memory stays
 *     }
 * }                                            // the memory is freed here
 * }</pre>
 *
 * <p>A tensor of a closed step throws on use like any closed scope's, never reads the next
 * step's data. One step at a time: opening a step while the previous one is open throws. All of
 * it belongs to the thread that created it.
 */
public final class StepMemory implements AutoCloseable {
    private static final long FIRST_SLAB = 1L << 20;

    private final Arena arena = Arena.ofConfined();
    private final List<MemorySegment> slabs = new ArrayList<>();
    private int slab; // the slab being carved
    private long used; // bytes of it handed out
    private Scope open;
    private boolean closed;

    private StepMemory() {}

    /** Step memory for the calling thread. */
    public static StepMemory confined() {
        return new StepMemory();
    }

    /** Starts a step: a confined scope, current on this thread, allocating from this memory. */
    public Scope open() {
        if (closed) {
            throw new IllegalStateException("StepMemory.open: the step memory is closed");
        }
        if (open != null && open.isAlive()) {
            throw new IllegalStateException("StepMemory.open: the previous step's scope is still open; close it first");
        }
        slab = 0;
        used = 0;
        open = Scope.confinedOn(this);
        return open;
    }

    /**
     * 64-byte-aligned memory for one tensor of the open step: zeroed when {@code zero}, else
     * holding whatever an earlier step of this memory left there (for outputs a kernel writes
     * entirely: zeroing them would be a second pass over the same bytes).
     */
    MemorySegment allocate(long bytes, boolean zero) {
        long size = Math.max(Scope.ALIGNMENT, (bytes + Scope.ALIGNMENT - 1) & -Scope.ALIGNMENT);
        while (slab < slabs.size() && used + size > slabs.get(slab).byteSize()) {
            slab++;
            used = 0;
        }
        if (slab == slabs.size()) {
            long last = slabs.isEmpty() ? FIRST_SLAB / 2 : slabs.getLast().byteSize();
            slabs.add(arena.allocate(Math.max(size, 2 * last), Scope.ALIGNMENT));
            used = 0;
        }
        MemorySegment s = slabs.get(slab).asSlice(used, size);
        if (zero) {
            s.fill((byte) 0);
        }
        used += size;
        return s.asSlice(0, Math.max(bytes, Float.BYTES));
    }

    /** Bytes held for steps (for tests and diagnostics). */
    public long reservedBytes() {
        return slabs.stream().mapToLong(MemorySegment::byteSize).sum();
    }

    /** Frees the memory; a step still open is closed first. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (open != null) {
            open.close();
        }
        closed = true;
        arena.close();
    }
}
