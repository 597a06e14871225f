package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.gatun.ffi.dnnl.Dnnl;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;

/**
 * One oneDNN primitive with everything a call needs, made once per {@link PrimitiveKey}:
 * a memory object per argument (created without a buffer and pointed at the caller's tensor
 * with {@code dnnl_memory_set_data_handle} before each execute, so tensor data is never copied),
 * the {@code dnnl_exec_arg_t} array, the user-mode scratchpad, an optional auxiliary buffer
 * and a stream of its own. A steady-state call allocates nothing on the Java heap.
 *
 * <p>Not thread-safe by itself: the memory objects are re-pointed on every call, so callers
 * hold this object's monitor from {@link #bind} to {@link #execute}, and the cache holds it
 * while it {@link #destroy}s an evicted entry. A caller that finds it {@link #isDestroyed}
 * looks it up again.
 */
final class CachedPrimitive {
    private static final long ARG_SIZE = dnnl_exec_arg_t.byteSize();
    private static final long ARG_MEMORY = dnnl_exec_arg_t.byteOffset(PathElement.groupElement("memory"));

    /** The op and shapes, for exception messages: "matmul [2, 3] x [3, 4]". */
    final String what;
    private final MemorySegment primitive;
    private final MemorySegment stream;
    private final MemorySegment[] memories; // one per bound argument, in slot order
    private final MemorySegment scratchpadMemory; // NULL when the primitive needs none
    private final MemorySegment scratchpad; // its buffer, referenced so the GC keeps it while the memory object lives
    private final MemorySegment args; // dnnl_exec_arg_t[nargs]: slots, then the scratchpad
    private final int nargs;
    private final MemorySegment aux; // op-specific native buffer (layer norm's variance), or NULL
    private Attachment attachment; // op-specific helpers destroyed with this primitive, or null
    private boolean destroyed;

    /** What an op keeps beside its primitive (a convolution's reorders and buffers); freed with it. */
    interface Attachment {
        void destroy();
    }

    CachedPrimitive(String what, MemorySegment primitive, MemorySegment stream, int[] argKinds, MemorySegment[] memories,
                    MemorySegment scratchpadMemory, MemorySegment scratchpad, MemorySegment args, MemorySegment aux) {
        this.what = what;
        this.primitive = primitive;
        this.stream = stream;
        this.memories = memories;
        this.scratchpadMemory = scratchpadMemory;
        this.scratchpad = scratchpad;
        this.args = args;
        this.aux = aux;
        int count = memories.length;
        for (int i = 0; i < memories.length; i++) {
            args.set(JAVA_INT, i * ARG_SIZE, argKinds[i]);
            args.set(ADDRESS, i * ARG_SIZE + ARG_MEMORY, memories[i]);
        }
        if (!scratchpadMemory.equals(MemorySegment.NULL)) {
            args.set(JAVA_INT, count * ARG_SIZE, DNNL_ARG_SCRATCHPAD);
            args.set(ADDRESS, count * ARG_SIZE + ARG_MEMORY, scratchpadMemory);
            count++;
        }
        this.nargs = count;
    }

    /** Bytes {@link #args} needs for {@code slots} arguments and a scratchpad. */
    static long argsBytes(int slots) {
        return (slots + 1) * ARG_SIZE;
    }

    /** Points argument {@code slot} at {@code data} (a tensor's memory) for the next execute. */
    void bind(int slot, MemorySegment data) {
        int status = dnnl_memory_set_data_handle(memories[slot], data);
        if (status != dnnl_success) {
            Dnnl.check(status, "dnnl_memory_set_data_handle", what);
        }
    }

    /** The auxiliary buffer the op asked for at creation. */
    MemorySegment aux() {
        return aux;
    }

    /** Attaches op-specific helpers, made with the primitive, that {@link #destroy} frees too. */
    void attach(Attachment a) {
        this.attachment = a;
    }

    Attachment attachment() {
        return attachment;
    }

    /** Runs the primitive on the bound memory and waits for it. */
    void execute() {
        int status = dnnl_primitive_execute(primitive, stream, nargs, args);
        if (status != dnnl_success) {
            Dnnl.check(status, "dnnl_primitive_execute", what);
        }
        status = dnnl_stream_wait(stream);
        if (status != dnnl_success) {
            Dnnl.check(status, "dnnl_stream_wait", what);
        }
    }

    boolean isDestroyed() {
        return destroyed;
    }

    /** Frees the native objects; the caller holds this object's monitor. Idempotent. */
    void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        if (attachment != null) {
            attachment.destroy();
        }
        for (MemorySegment m : memories) {
            dnnl_memory_destroy(m);
        }
        if (!scratchpadMemory.equals(MemorySegment.NULL)) {
            dnnl_memory_destroy(scratchpadMemory);
        }
        dnnl_primitive_destroy(primitive);
        dnnl_stream_destroy(stream);
        // args, aux and the scratchpad buffer are in an automatic arena: the GC frees them.
    }

    @Override
    public String toString() {
        return what + (destroyed ? " (destroyed)" : "");
    }
}
