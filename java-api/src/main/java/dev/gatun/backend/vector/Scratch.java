package dev.gatun.backend.vector;

import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One thread's scratch memory for one role in a kernel, with a tensor over it for each of the
 * last few shapes asked for: a plan's layers take turns on the same thread with their own shapes,
 * and once each has come by a call allocates nothing. The memory grows to the largest size asked
 * for and is then reused (freed by the garbage collector with its owner).
 */
final class Scratch {
    private static final int SHAPES = 8;

    private MemorySegment memory = Arena.ofAuto().allocate(64, 64);
    private final Tensor[] views = new Tensor[SHAPES];
    private int next; // the slot the next new shape takes, round robin

    /** A contiguous tensor of {@code type} with {@code like}'s shape over this scratch memory (its content is garbage). */
    Tensor view(DataType type, Tensor like) {
        long bytes = like.numel() * type.byteSize();
        if (memory.byteSize() < bytes) {
            memory = Arena.ofAuto().allocate(bytes, 64);
            java.util.Arrays.fill(views, null);
        }
        for (Tensor v : views) {
            if (v != null && v.dtype() == type && v.sameShape(like)) {
                return v;
            }
        }
        Tensor v = Tensor.wrap(Scope.auto(), type, memory, like.shape());
        views[next] = v;
        next = (next + 1) % SHAPES;
        return v;
    }
}
