package dev.gatun.backend.onednn;

import dev.gatun.tensor.Tensor;

/**
 * A binary primitive of oneDNN algorithm {@code alg}: src0 [dims], src1 [dims, 1 where broadcast],
 * dst [dims], all of one rank. Written straight from the tensors (no arrays per call). Args:
 * src0, src1, dst.
 */
record BinaryKey(int alg, long[] src0, long[] src1, long[] dst) {
    static PrimitiveKey write(PrimitiveKey row, int alg, Tensor src0, Tensor src1, Tensor dst) {
        row.add(alg).add(Math.max(dst.rank(), 1));
        Dims.write(row, src0);
        Dims.write(row, src1);
        return Dims.write(row, dst);
    }

    static BinaryKey read(PrimitiveKey row) {
        PrimitiveKey.Reader r = row.reader();
        int alg = r.nextInt(), rank = r.nextInt();
        return new BinaryKey(alg, r.nextLongs(rank), r.nextLongs(rank), r.nextLongs(rank));
    }
}
