package dev.gatun.backend.onednn;

import dev.gatun.tensor.Tensor;

/** A tensor's dims and strides as the key records write them, straight into a probe (no arrays per call). */
final class Dims {
    private Dims() {}

    /** The dims; a scalar is a one-element vector to oneDNN. */
    static PrimitiveKey write(PrimitiveKey row, Tensor t) {
        if (t.rank() == 0) {
            row.add(1);
        }
        for (int i = 0; i < t.rank(); i++) {
            row.add(t.dim(i));
        }
        return row;
    }

    /**
     * The strides (elements), each size-1 dim given the outermost stride: its stride never moves,
     * but oneDNN checks that the strides of a descriptor do not overlap, and views leave 0 or any
     * value there.
     */
    static PrimitiveKey writeStrides(PrimitiveKey row, Tensor t) {
        int rank = t.rank(); // read stride by stride: strides() copies, and this runs per call
        if (rank == 0) {
            return row.add(1);
        }
        long outer = 1;
        for (int i = 0; i < rank; i++) {
            outer = Math.max(outer, t.stride(i) * t.dim(i));
        }
        for (int i = 0; i < rank; i++) {
            row.add(t.dim(i) == 1 ? outer : t.stride(i));
        }
        return row;
    }
}
