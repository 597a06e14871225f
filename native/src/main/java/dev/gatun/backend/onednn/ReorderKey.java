package dev.gatun.backend.onednn;

import dev.gatun.tensor.Tensor;

/** A reorder (strided copy) of [dims] from one set of strides (elements) to another. Args: from, to. */
record ReorderKey(long[] dims, long[] srcStrides, long[] dstStrides) {
    static PrimitiveKey write(PrimitiveKey row, Tensor src, Tensor dst) {
        row.add(src.rank());
        Dims.write(row, src);
        Dims.writeStrides(row, src);
        return Dims.writeStrides(row, dst);
    }

    static ReorderKey read(PrimitiveKey row) {
        PrimitiveKey.Reader r = row.reader();
        int rank = r.nextInt();
        return new ReorderKey(r.nextLongs(rank), r.nextLongs(rank), r.nextLongs(rank));
    }
}
