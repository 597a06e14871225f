package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;

import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** The onednn backend's copies: dense to dense is a memory copy, strided views go through a {@link ReorderKey} primitive. */
record OneDnnReorder(PrimitiveCache cache, Keys keys) {
    /** Copies {@code src} into {@code dst} (same shape); false for what a reorder cannot read (the caller's fallback copies it). */
    boolean copy(Tensor src, Tensor dst) {
        int rank = src.rank();
        if (src.numel() == 0) {
            return true;
        }
        if (src.isContiguous() && dst.isContiguous()) {
            MemorySegment.copy(src.segment(), 0, dst.segment(), 0, src.numel() * Float.BYTES);
            return true;
        }
        if (rank > DNNL_MAX_NDIMS || isBroadcast(src)) {
            return false; // a reorder cannot read a stride-0 view
        }
        MemorySegment from = src.fromFirstElement(), to = dst.fromFirstElement();
        PrimitiveKey key = ReorderKey.write(keys.key(Op.REORDER, src.numel()), src, dst);
        cache.execute(key, key.args().add(from).add(to));
        return true;
    }

    private static boolean isBroadcast(Tensor t) {
        for (int i = 0; i < t.rank(); i++) {
            if (t.stride(i) == 0 && t.dim(i) > 1) {
                return true;
            }
        }
        return false;
    }

    /** The primitive of a {@link ReorderKey}. Args: from, to. */
    static CachedPrimitive primitive(MemorySegment engine, PrimitiveKey key) {
        ReorderKey ok = ReorderKey.read(key);
        long[] d = ok.dims(), ss = ok.srcStrides(), ds = ok.dstStrides();
        String what = "reorder " + Arrays.toString(d) + " strides " + Arrays.toString(ss) + " -> strides " + Arrays.toString(ds);
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            MemorySegment src = b.md(d, ss), dst = b.md(d, ds);
            MemorySegment attr = b.attr();
            MemorySegment pd = b.pd(dnnl_reorder_primitive_desc_create(b.out(), src, engine, dst, engine, attr),
                    "dnnl_reorder_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, new MemorySegment[] {src, dst}, 0);
        }
    }
}
