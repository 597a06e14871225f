package dev.gatun.backend.onednn;

/**
 * A matmul primitive: {@code batch} entries (0: plain rank 2), a is [B|1, M, K] (stored [K, M]
 * when transposed), b is [B|1, K, N] (stored [N, K] when transposed), a batch dim of 1 broadcast;
 * {@code alpha} scales the product. Args: src, weights, dst.
 */
record MatmulKey(long batch, boolean aBatched, boolean bBatched, long m, long n, long k, boolean transA, boolean transB,
                 float alpha) {
    PrimitiveKey writeTo(PrimitiveKey row) {
        return row.add(batch).add(aBatched).add(bBatched).add(m).add(n).add(k).add(transA).add(transB).add(alpha);
    }

    static MatmulKey read(PrimitiveKey row) {
        PrimitiveKey.Reader r = row.reader();
        return new MatmulKey(r.nextLong(), r.nextBoolean(), r.nextBoolean(), r.nextLong(), r.nextLong(), r.nextLong(),
                r.nextBoolean(), r.nextBoolean(), r.nextFloat());
    }
}
