package dev.gatun.backend.onednn;

import dev.gatun.tensor.Tensor;

/** A reduction primitive of oneDNN algorithm {@code alg}: src [dims] to dst [dims, 1 where reduced]. Args: src, dst. */
record ReduceKey(int alg, long[] src, long[] dst) {
    static PrimitiveKey write(PrimitiveKey row, int alg, Tensor src, Tensor dst) {
        row.add(alg).add(src.rank());
        Dims.write(row, src);
        return Dims.write(row, dst);
    }

    static ReduceKey read(PrimitiveKey row) {
        PrimitiveKey.Reader r = row.reader();
        int alg = r.nextInt(), rank = r.nextInt();
        return new ReduceKey(alg, r.nextLongs(rank), r.nextLongs(rank));
    }
}
