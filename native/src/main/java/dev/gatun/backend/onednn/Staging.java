package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The reorders around a primitive that runs on layouts oneDNN chose ({@code format_tag any},
 * usually blocked): each argument slot of the main primitive is bound to the user's NCHW
 * memory directly when the chosen layout is that one, or to an internal buffer that a reorder
 * fills from the user's memory before the primitive runs ({@link Kind#IN}), fills only when the
 * user's memory changed since the last call ({@link Kind#CACHED_IN}: weights, reordered once per
 * update), or empties into the user's memory after it ran ({@link Kind#OUT}).
 *
 * <p>{@link Kind#CACHED_IN} keeps a plain copy of what it last reordered and compares it with
 * the user's memory on every call ({@link MemorySegment#mismatch}, a vectorized compare of the
 * weights, far cheaper than the reorder and the convolution): correct whatever wrote the
 * weights, with no version counter to forget.
 *
 * <p>A {@linkplain dev.gatun.tensor.Tensor#constant constant} (a predictor's weights) never
 * changes while it lives: its slot keeps a reference to the last one it reordered (so that memory
 * cannot be freed and its address reused) and reorders again only for another address, with no
 * compare at all; for the int8 weights of a fully connected layer the compare was measured at
 * three times the product itself.
 *
 * <p>Attached to the main primitive's cache entry and used under its monitor, so it needs no
 * lock of its own; destroyed with it.
 */
final class Staging implements CachedPrimitive.Attachment {
    enum Kind { DIRECT, IN, CACHED_IN, OUT }

    private final Kind[] kinds;
    private final CachedPrimitive[] reorders; // per slot, null for DIRECT
    private final MemorySegment[] buffers; // per slot, the internal memory in the chosen layout
    private final MemorySegment[] copies; // per CACHED_IN slot, the user memory last reordered
    private final boolean[] valid;
    private final MemorySegment[] constants; // per CACHED_IN slot, the constant last reordered (held: its address stays its own)

    private Staging(Kind[] kinds, CachedPrimitive[] reorders, MemorySegment[] buffers, MemorySegment[] copies) {
        this.kinds = kinds;
        this.reorders = reorders;
        this.buffers = buffers;
        this.copies = copies;
        this.valid = new boolean[kinds.length];
        this.constants = new MemorySegment[kinds.length];
    }

    /** Collects, slot by slot, how a primitive's arguments meet the user's memory. */
    static final class Builder {
        private final MemorySegment engine;
        private final String what;
        private final Kind[] kinds;
        private final CachedPrimitive[] reorders;
        private final MemorySegment[] buffers;
        private final MemorySegment[] copies;
        private final MemorySegment[] mds; // the layout the main primitive is made with, per slot

        Builder(MemorySegment engine, String what, int slots) {
            this.engine = engine;
            this.what = what;
            this.kinds = new Kind[slots];
            this.reorders = new CachedPrimitive[slots];
            this.buffers = new MemorySegment[slots];
            this.copies = new MemorySegment[slots];
            this.mds = new MemorySegment[slots];
        }

        /**
         * Slot {@code slot}: the user's memory has layout {@code user}, the primitive wants
         * {@code chosen} (queried from its descriptor); {@code kind} says the direction when the
         * two differ. Both descriptors must outlive this call only.
         */
        Builder slot(int slot, MemorySegment user, MemorySegment chosen, Kind kind) {
            if (sameLayout(user, chosen)) {
                kinds[slot] = Kind.DIRECT;
                mds[slot] = user;
                return this;
            }
            kinds[slot] = kind;
            mds[slot] = chosen;
            boolean in = kind != Kind.OUT;
            String name = what + (in ? ", reorder in of argument " : ", reorder out of argument ") + slot;
            try (PrimitiveBuilder b = new PrimitiveBuilder(engine, name)) {
                MemorySegment from = in ? user : chosen, to = in ? chosen : user;
                MemorySegment attr = b.attr();
                MemorySegment pd = b.pd(dnnl_reorder_primitive_desc_create(b.out(), from, engine, to, engine, attr),
                        "dnnl_reorder_primitive_desc_create");
                reorders[slot] = b.build(pd, new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, new MemorySegment[] {from, to}, 0);
            }
            Arena keep = Arena.ofAuto(); // freed by the GC with this object, like a primitive's scratchpad
            buffers[slot] = keep.allocate(Math.max(1, dnnl_memory_desc_get_size(chosen)), 64);
            if (kind == Kind.CACHED_IN) {
                copies[slot] = keep.allocate(Math.max(1, dnnl_memory_desc_get_size(user)), 64);
            }
            return this;
        }

        /** A slot always bound straight to the user's memory (a bias vector). */
        Builder direct(int slot, MemorySegment md) {
            kinds[slot] = Kind.DIRECT;
            mds[slot] = md;
            return this;
        }

        /** The descriptors to make the main primitive with. */
        MemorySegment[] mds() {
            return mds;
        }

        Staging build() {
            return new Staging(kinds, reorders, buffers, copies);
        }

        /** Frees the reorders made so far (the main primitive failed). */
        void abandon() {
            for (CachedPrimitive r : reorders) {
                if (r != null) {
                    r.destroy();
                }
            }
        }
    }

    /**
     * Runs {@code main} on the user's memory, one segment per argument slot in the main
     * primitive's order ({@code a3} null when it has three): reorders in, execute, reorders out.
     * The caller holds {@code main}'s monitor. Arguments come one by one rather than as an array,
     * so that a steady-state call allocates nothing on the heap.
     */
    void run(CachedPrimitive main, MemorySegment a0, MemorySegment a1, MemorySegment a2, MemorySegment a3) {
        run(main, a0, a1, a2, a3, false);
    }

    /** As {@link #run(CachedPrimitive, MemorySegment, MemorySegment, MemorySegment, MemorySegment)}; {@code constant}: the CACHED_IN arguments are constants. */
    void run(CachedPrimitive main, MemorySegment a0, MemorySegment a1, MemorySegment a2, MemorySegment a3, boolean constant) {
        for (int i = 0; i < kinds.length; i++) {
            MemorySegment user = i == 0 ? a0 : i == 1 ? a1 : i == 2 ? a2 : a3;
            switch (kinds[i]) {
                case DIRECT -> main.bind(i, user);
                case IN -> {
                    reorder(i, user, buffers[i]);
                    main.bind(i, buffers[i]);
                }
                case CACHED_IN -> {
                    long bytes = user.byteSize();
                    MemorySegment kept = constants[i];
                    boolean same = valid[i] && (constant
                            ? kept != null && kept.address() == user.address() && kept.byteSize() == bytes
                            : kept == null && MemorySegment.mismatch(copies[i], 0, bytes, user, 0, bytes) == -1);
                    if (!same) {
                        valid[i] = false; // stays false if the reorder fails
                        constants[i] = null;
                        if (!constant) {
                            MemorySegment.copy(user, 0, copies[i], 0, bytes);
                        }
                        reorder(i, user, buffers[i]);
                        constants[i] = constant ? user : null;
                        valid[i] = true;
                    }
                    main.bind(i, buffers[i]);
                }
                case OUT -> main.bind(i, buffers[i]);
            }
        }
        main.execute();
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == Kind.OUT) {
                reorder(i, buffers[i], i == 0 ? a0 : i == 1 ? a1 : i == 2 ? a2 : a3);
            }
        }
    }

    private void reorder(int slot, MemorySegment from, MemorySegment to) {
        CachedPrimitive r = reorders[slot];
        r.bind(0, from);
        r.bind(1, to);
        r.execute();
    }

    @Override
    public void destroy() {
        for (CachedPrimitive r : reorders) {
            if (r != null) {
                r.destroy();
            }
        }
    }

    /**
     * Whether {@code chosen} is the plain row-major layout of {@code user} (a plain descriptor):
     * no inner blocks and the same strides.
     */
    static boolean sameLayout(MemorySegment user, MemorySegment chosen) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment kind = a.allocate(JAVA_INT);
            if (dnnl_memory_desc_query(chosen, dnnl_query_format_kind, kind) != dnnl_success
                    || kind.get(JAVA_INT, 0) != dnnl_blocked) {
                return false;
            }
            MemorySegment blocks = a.allocate(JAVA_INT);
            if (dnnl_memory_desc_query(chosen, dnnl_query_inner_nblks_s32, blocks) != dnnl_success
                    || blocks.get(JAVA_INT, 0) != 0) {
                return false;
            }
            MemorySegment nd = a.allocate(JAVA_INT);
            if (dnnl_memory_desc_query(user, dnnl_query_ndims_s32, nd) != dnnl_success) {
                return false;
            }
            int ndims = nd.get(JAVA_INT, 0);
            MemorySegment[] strides = new MemorySegment[2];
            MemorySegment[] mds = {user, chosen};
            for (int k = 0; k < 2; k++) {
                MemorySegment ptr = a.allocate(ADDRESS);
                if (dnnl_memory_desc_query(mds[k], dnnl_query_strides, ptr) != dnnl_success) {
                    return false;
                }
                strides[k] = ptr.get(ADDRESS, 0).reinterpret((long) DNNL_MAX_NDIMS * Long.BYTES);
            }
            for (int i = 0; i < ndims; i++) {
                if (strides[0].getAtIndex(JAVA_LONG, i) != strides[1].getAtIndex(JAVA_LONG, i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
