package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gatun.ffi.dnnl.Dnnl;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Makes one {@link CachedPrimitive} the oneDNN way: memory descriptors, attributes, primitive
 * descriptor(s), primitive, memory objects, scratchpad. Used in a try-with-resources block: every
 * temporary handle (descriptors, attributes, post-ops) is destroyed on close, and on a failure
 * everything made so far is too, so nothing leaks on an exception path. Every status goes through
 * {@link Dnnl#check} with the primitive's description.
 */
final class PrimitiveBuilder implements AutoCloseable {
    private final Arena arena = Arena.ofConfined(); // out-parameters and dims arrays
    private final MemorySegment engine;
    private final String what;
    private final MemorySegment out;
    private final Deque<Runnable> temporaries = new ArrayDeque<>(); // destroyed on close
    private final Deque<Runnable> owned = new ArrayDeque<>(); // destroyed on close unless built
    private boolean built;

    PrimitiveBuilder(MemorySegment engine, String what) {
        this.engine = engine;
        this.what = what;
        this.out = arena.allocate(ADDRESS);
    }

    /** A plain f32 memory descriptor; {@code strides} in elements. */
    MemorySegment md(long[] dims, long[] strides) {
        return md(dims, strides, dnnl_f32);
    }

    /** A plain memory descriptor of {@code dataType} ({@code dnnl_f32}, {@code dnnl_bf16}); {@code strides} in elements. */
    MemorySegment md(long[] dims, long[] strides, int dataType) {
        MemorySegment d = arena.allocate(JAVA_LONG, DNNL_MAX_NDIMS);
        MemorySegment s = arena.allocate(JAVA_LONG, DNNL_MAX_NDIMS);
        for (int i = 0; i < dims.length; i++) {
            d.setAtIndex(JAVA_LONG, i, dims[i]);
            s.setAtIndex(JAVA_LONG, i, strides[i]);
        }
        check(dnnl_memory_desc_create_with_strides(out, dims.length, d, dataType, s), "dnnl_memory_desc_create_with_strides");
        MemorySegment md = out.get(ADDRESS, 0);
        temporaries.push(() -> dnnl_memory_desc_destroy(md));
        return md;
    }

    /** A dense row-major f32 memory descriptor. */
    MemorySegment md(long... dims) {
        return md(dims, denseStrides(dims));
    }

    /** A dense row-major memory descriptor of {@code dataType}. */
    MemorySegment md(long[] dims, int dataType) {
        return md(dims, denseStrides(dims), dataType);
    }

    /** An f32 memory descriptor with {@code format_tag any}: the primitive chooses the layout. */
    MemorySegment mdAny(long... dims) {
        return mdAny(dims, dnnl_f32);
    }

    /** A memory descriptor of {@code dataType} with {@code format_tag any}: the primitive chooses the layout. */
    MemorySegment mdAny(long[] dims, int dataType) {
        check(dnnl_memory_desc_create_with_tag(out, dims.length, dims(dims), dataType, dnnl_format_tag_any),
                "dnnl_memory_desc_create_with_tag");
        MemorySegment md = out.get(ADDRESS, 0);
        temporaries.push(() -> dnnl_memory_desc_destroy(md));
        return md;
    }

    /** A {@code dnnl_dims_t} holding {@code values} (strides, paddings, kernel sizes). */
    MemorySegment dims(long... values) {
        MemorySegment d = arena.allocate(JAVA_LONG, DNNL_MAX_NDIMS);
        for (int i = 0; i < values.length; i++) {
            d.setAtIndex(JAVA_LONG, i, values[i]);
        }
        return d;
    }

    static long[] denseStrides(long[] dims) {
        long[] s = new long[dims.length];
        long stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= Math.max(1, dims[i]);
        }
        return s;
    }

    /**
     * Attributes with a user-managed scratchpad (so that execute allocates nothing) and, when
     * {@code scale != 1}, an eltwise linear post-op multiplying the result by it.
     */
    MemorySegment attr(float scale) {
        MemorySegment attr = attr();
        if (scale != 1f) {
            postOp(attr, dnnl_eltwise_linear, scale);
        }
        return attr;
    }

    /** Attributes with a user-managed scratchpad. */
    MemorySegment attr() {
        check(dnnl_primitive_attr_create(out), "dnnl_primitive_attr_create");
        MemorySegment attr = out.get(ADDRESS, 0);
        temporaries.push(() -> dnnl_primitive_attr_destroy(attr));
        check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "dnnl_primitive_attr_set_scratchpad_mode");
        return attr;
    }

    /** Attributes with a user-managed scratchpad and a ReLU post-op (max(x, 0) on the finished result). */
    MemorySegment reluAttr() {
        MemorySegment attr = attr();
        postOp(attr, dnnl_eltwise_relu, 0f);
        return attr;
    }

    /** Sets {@code attr}'s post-ops to the one eltwise {@code algorithm} with {@code alpha}. */
    private void postOp(MemorySegment attr, int algorithm, float alpha) {
        check(dnnl_post_ops_create(out), "dnnl_post_ops_create");
        MemorySegment postOps = out.get(ADDRESS, 0);
        temporaries.push(() -> dnnl_post_ops_destroy(postOps));
        check(dnnl_post_ops_append_eltwise(postOps, algorithm, alpha, 0f), "dnnl_post_ops_append_eltwise");
        check(dnnl_primitive_attr_set_post_ops(attr, postOps), "dnnl_primitive_attr_set_post_ops");
    }

    /** The out-parameter a {@code dnnl_*_primitive_desc_create} call writes to; pass it, then {@link #pd}. */
    MemorySegment out() {
        return out;
    }

    /** Checks a primitive-descriptor creation and returns the descriptor (destroyed on close). */
    MemorySegment pd(int status, String function) {
        check(status, function);
        MemorySegment pd = out.get(ADDRESS, 0);
        temporaries.push(() -> dnnl_primitive_desc_destroy(pd));
        return pd;
    }

    /**
     * The primitive of {@code pd} with a memory object per argument ({@code kinds[i]} is a
     * {@code DNNL_ARG_*}, {@code mds[i]} its descriptor), its scratchpad, a stream, and
     * {@code auxBytes} of extra native memory for the op.
     */
    CachedPrimitive build(MemorySegment pd, int[] kinds, MemorySegment[] mds, long auxBytes) {
        check(dnnl_primitive_create(out, pd), "dnnl_primitive_create");
        MemorySegment primitive = out.get(ADDRESS, 0);
        owned.push(() -> dnnl_primitive_destroy(primitive));
        check(dnnl_stream_create(out, engine, dnnl_stream_default_flags), "dnnl_stream_create");
        MemorySegment stream = out.get(ADDRESS, 0);
        owned.push(() -> dnnl_stream_destroy(stream));
        MemorySegment[] memories = new MemorySegment[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            memories[i] = memory(mds[i], DNNL_MEMORY_NONE);
        }
        // Long-lived native memory of the entry goes to an automatic arena: passing it to a
        // downcall costs no arena acquire (unlike a shared arena), and the GC frees it.
        Arena keep = Arena.ofAuto();
        MemorySegment scratchpadMd = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
        long scratchpadBytes = scratchpadMd.equals(MemorySegment.NULL) ? 0 : dnnl_memory_desc_get_size(scratchpadMd);
        MemorySegment scratchpad = MemorySegment.NULL, scratchpadMemory = MemorySegment.NULL;
        if (scratchpadBytes > 0) {
            scratchpad = keep.allocate(scratchpadBytes, 64);
            scratchpadMemory = memory(scratchpadMd, scratchpad);
        }
        MemorySegment args = keep.allocate(CachedPrimitive.argsBytes(kinds.length), 8);
        MemorySegment aux = auxBytes > 0 ? keep.allocate(auxBytes, 64) : MemorySegment.NULL;
        CachedPrimitive p = new CachedPrimitive(what, primitive, stream, kinds, memories, scratchpadMemory, scratchpad, args, aux);
        built = true;
        return p;
    }

    private MemorySegment memory(MemorySegment md, MemorySegment buffer) {
        check(dnnl_memory_create(out, md, engine, buffer), "dnnl_memory_create");
        MemorySegment memory = out.get(ADDRESS, 0);
        owned.push(() -> dnnl_memory_destroy(memory));
        return memory;
    }

    void check(int status, String function) {
        Dnnl.check(status, function, what);
    }

    @Override
    public void close() {
        try {
            if (!built) {
                owned.forEach(Runnable::run);
            }
            temporaries.forEach(Runnable::run); // newest first: post-ops and descriptors after their users
        } finally {
            arena.close();
        }
    }
}
