package dev.gatun.backend.onednn;

/**
 * A matmul primitive: {@code batch} entries (0: plain rank 2), a is [B|1, M, K] (stored [K, M]
 * when transposed), b is [B|1, K, N] (stored [N, K] when transposed), a batch dim of 1 broadcast;
 * {@code alpha} scales the product; {@code operands} is the oneDNN data type of a and b
 * ({@code dnnl_f32}, or {@code dnnl_bf16} accumulating into a float32 c); with {@code bias} a
 * float32 [1, N] row added to every row of c (a Linear layer's product in one primitive).
 * Args: src, weights, [bias,] dst.
 */
record MatmulKey(long batch, boolean aBatched, boolean bBatched, long m, long n, long k, boolean transA, boolean transB,
                 float alpha, int operands, boolean bias) {
    PrimitiveKey writeTo(PrimitiveKey row) {
        return row.add(batch).add(aBatched).add(bBatched).add(m).add(n).add(k).add(transA).add(transB).add(alpha)
                .add(operands).add(bias);
    }

    static MatmulKey read(PrimitiveKey row) {
        PrimitiveKey.Reader r = row.reader();
        return new MatmulKey(r.nextLong(), r.nextBoolean(), r.nextBoolean(), r.nextLong(), r.nextLong(), r.nextLong(),
                r.nextBoolean(), r.nextBoolean(), r.nextFloat(), r.nextInt(), r.nextBoolean());
    }
}
