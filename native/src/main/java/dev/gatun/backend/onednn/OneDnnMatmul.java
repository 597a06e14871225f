package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;

import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.ffi.dnnl.Dnnl;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.LongToIntFunction;

/**
 * The onednn backend's matmul: a {@link MatmulKey} primitive per shape and operand type (float32,
 * or bf16 operands with a float32 result), transposed operands as strided memory descriptors (no
 * copies). beta != 0 (accumulating into c) runs as
 * {@code dnnl_sgemm} per batch entry: the bindings have no sum post-op, and a binary post-op
 * reading dst while writing it is not defined behaviour in oneDNN; {@code team} sizes the calling
 * thread's OpenMP team for it, as {@link Keys} does for a primitive.
 */
record OneDnnMatmul(PrimitiveCache cache, Keys keys, LongToIntFunction team) {
    /** {@code c = alpha op(a) op(b) + beta c}; false when oneDNN has nothing to do (the caller's fallback runs it). */
    boolean run(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
        int m = c.dim(-2), n = c.dim(-1);
        int k = transA ? a.dim(-2) : a.dim(-1);
        if (c.numel() == 0 || k == 0) { // an empty batch too: oneDNN has nothing to write, and a key batch of 0 means rank 2
            return false;
        }
        boolean bf16 = a.dtype() == DataType.BFLOAT16;
        if (bf16 && beta != 0f) {
            return false; // oneDNN's C API has no bf16 gemm and the bindings no sum post-op: the fallback accumulates
        }
        MemorySegment as = a.segment(), bs = b.segment(), cs = c.segment();
        if (beta != 0f) {
            sgemm(as, a.rank() == 3, transA, bs, b.rank() == 3, transB, cs, c.rank() == 3 ? c.dim(0) : 1, m, n, k, alpha, beta);
            return true;
        }
        PrimitiveKey key = new MatmulKey(c.rank() == 3 ? c.dim(0) : 0, a.rank() == 3, b.rank() == 3, m, n, k, transA, transB,
                alpha, bf16 ? dnnl_bf16 : dnnl_f32, false).writeTo(keys.key(Op.MATMUL, (c.rank() == 3 ? (long) c.dim(0) : 1L) * m * n * k));
        if (bf16) {
            cache.execute(key, key.args().add(as).add(bs).add(cs), b.isConstant() ? STAGED_CONSTANT : STAGED);
        } else {
            cache.execute(key, key.args().add(as).add(bs).add(cs));
        }
        return true;
    }

    /**
     * A Linear layer's product {@code y = x w^T + bias} with x [M,K] and w [N,K] float32 and bias
     * [1,N] as one primitive (the bias its argument); false for what it leaves to the caller
     * (bf16 operands, no bias, empty products). The ReLU stays a call of its own: oneDNN's ReLU
     * post-op computes {@code max(x, 0)}, which turns a NaN into 0 where Gatun's ReLU keeps it.
     */
    boolean linearWithBias(Tensor x, Tensor w, Tensor bias, Tensor y) {
        int m = y.dim(0), n = y.dim(1), k = x.dim(1);
        if (y.numel() == 0 || k == 0 || bias == null || x.dtype() != DataType.FLOAT32) {
            return false;
        }
        PrimitiveKey key = new MatmulKey(0, false, false, m, n, k, false, true, 1f, dnnl_f32, true)
                .writeTo(keys.key(Op.MATMUL, (long) m * n * k));
        cache.execute(key, key.args().add(x.segment()).add(w.segment()).add(bias.segment()).add(y.segment()));
        return true;
    }

    /** A bf16 product runs through its staging: b reordered into the layout oneDNN chose when b changed. */
    private static final PrimitiveCache.Run STAGED =
            (c, a) -> ((Staging) c.attachment()).run(c, a.get(0), a.get(1), a.get(2), null),
            STAGED_CONSTANT = (c, a) -> ((Staging) c.attachment()).run(c, a.get(0), a.get(1), a.get(2), null, true);

    /** c = alpha op(a) op(b) + beta c with {@code dnnl_sgemm} (row major), one call per batch entry. */
    private void sgemm(MemorySegment a, boolean aBatched, boolean transA, MemorySegment b, boolean bBatched, boolean transB,
                       MemorySegment c, int batch, int m, int n, int k, float alpha, float beta) {
        team.applyAsInt((long) batch * m * n * k);
        long aStep = aBatched ? (long) m * k * Float.BYTES : 0, bStep = bBatched ? (long) k * n * Float.BYTES : 0;
        long cStep = (long) m * n * Float.BYTES;
        byte ta = (byte) (transA ? 'T' : 'N'), tb = (byte) (transB ? 'T' : 'N');
        for (int i = 0; i < batch; i++) {
            int status = dnnl_sgemm(ta, tb, m, n, k, alpha, batch == 1 ? a : a.asSlice(i * aStep), transA ? m : k,
                    batch == 1 ? b : b.asSlice(i * bStep), transB ? k : n, beta, batch == 1 ? c : c.asSlice(i * cStep), n);
            if (status != dnnl_success) {
                Dnnl.check(status, "dnnl_sgemm", "matmul " + m + "x" + k + " x " + k + "x" + n + " (transA=" + transA
                        + ", transB=" + transB + "), batch entry " + i + " of " + batch);
            }
        }
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c} on floats of segments from offsets, row major, with
     * leading dimensions: an {@code RnnGemm} for the recurrent driver. The driver's shapes come
     * from an {@code RnnParams} that {@code Ops} has checked against the tensors.
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               MemorySegment a, long aOffset, int lda, MemorySegment b, long bOffset, int ldb,
               float beta, MemorySegment c, long cOffset, int ldc) {
        team.applyAsInt((long) m * n * k);
        int status = dnnl_sgemm((byte) (transA ? 'T' : 'N'), (byte) (transB ? 'T' : 'N'), m, n, k, alpha,
                a.asSlice(aOffset * Float.BYTES), lda, b.asSlice(bOffset * Float.BYTES), ldb, beta,
                c.asSlice(cOffset * Float.BYTES), ldc);
        if (status != dnnl_success) {
            Dnnl.check(status, "dnnl_sgemm", "recurrent step gemm " + m + "x" + k + " x " + k + "x" + n);
        }
    }

    /**
     * The primitive of a {@link MatmulKey}: a is [B|1, M, K] (stored [K, M] when transposed: strides
     * swapped), b is [B|1, K, N] (stored [N, K] when transposed); a batch dim of 1 is broadcast.
     * Args: src, weights, dst.
     */
    static CachedPrimitive primitive(MemorySegment engine, PrimitiveKey key) {
        MatmulKey mk = MatmulKey.read(key);
        long batch = mk.batch(), m = mk.m(), n = mk.n(), k = mk.k();
        boolean aBatched = mk.aBatched(), bBatched = mk.bBatched(), transA = mk.transA(), transB = mk.transB();
        float alpha = mk.alpha();
        int operands = mk.operands();
        long[] aDims = {m, k}, aStrides = transA ? new long[] {1, m} : new long[] {k, 1};
        long[] bDims = {k, n}, bStrides = transB ? new long[] {1, k} : new long[] {n, 1};
        long[] cDims = {m, n};
        if (batch > 0) {
            aDims = new long[] {aBatched ? batch : 1, m, k};
            aStrides = new long[] {m * k, aStrides[0], aStrides[1]};
            bDims = new long[] {bBatched ? batch : 1, k, n};
            bStrides = new long[] {k * n, bStrides[0], bStrides[1]};
            cDims = new long[] {batch, m, n};
        }
        String what = "matmul " + Arrays.toString(aDims) + (transA ? " (a transposed)" : "") + " x " + Arrays.toString(bDims)
                + (transB ? " (b transposed)" : "") + " -> " + Arrays.toString(cDims) + (alpha != 1f ? ", alpha " + alpha : "")
                + (operands == dnnl_bf16 ? ", bf16 operands" : "") + (mk.bias() ? ", bias" : "");
        try (PrimitiveBuilder b = new PrimitiveBuilder(engine, what)) {
            if (operands == dnnl_bf16) {
                return bf16(engine, b, what, aDims, aStrides, bDims, bStrides, cDims, alpha);
            }
            MemorySegment src = b.md(aDims, aStrides, operands), weights = b.md(bDims, bStrides, operands), dst = b.md(cDims);
            MemorySegment attr = b.attr(alpha);
            if (mk.bias()) {
                MemorySegment bias = b.md(1, n);
                MemorySegment pd = b.pd(dnnl_matmul_primitive_desc_create(b.out(), engine, src, weights, bias, dst, attr),
                        "dnnl_matmul_primitive_desc_create");
                return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST},
                        new MemorySegment[] {src, weights, bias, dst}, 0);
            }
            MemorySegment pd = b.pd(dnnl_matmul_primitive_desc_create(b.out(), engine, src, weights, MemorySegment.NULL, dst, attr),
                    "dnnl_matmul_primitive_desc_create");
            return b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
                    new MemorySegment[] {src, weights, dst}, 0);
        }
    }

    /**
     * A bf16 x bf16 -> float32 product whose weights (b) take the layout oneDNN chooses, as its
     * documentation advises for weights: CPUs with bf16 dot-product instructions run blocked
     * weights through brgemm kernels. b is reordered into that layout through a {@link Staging}
     * slot only when its bytes changed (a weight between updates is reordered once); where oneDNN
     * keeps the plain layout (on CPUs without bf16 instructions it chose {@code ab} and its
     * emulating bf16 gemm, at about a fifth of the float32 matmul's GFLOPS) the slot binds b directly.
     */
    private static CachedPrimitive bf16(MemorySegment engine, PrimitiveBuilder b, String what, long[] aDims, long[] aStrides,
                                        long[] bDims, long[] bStrides, long[] cDims, float alpha) {
        MemorySegment src = b.md(aDims, aStrides, dnnl_bf16), dst = b.md(cDims);
        MemorySegment pd = b.pd(dnnl_matmul_primitive_desc_create(b.out(), engine, src, b.mdAny(bDims, dnnl_bf16),
                MemorySegment.NULL, dst, b.attr(alpha)), "dnnl_matmul_primitive_desc_create");
        Staging.Builder s = new Staging.Builder(engine, what, 3);
        try {
            s.direct(0, src);
            s.slot(1, b.md(bDims, bStrides, dnnl_bf16), dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0),
                    Staging.Kind.CACHED_IN);
            s.direct(2, dst);
            CachedPrimitive p = b.build(pd, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, s.mds(), 0);
            p.attach(s.build());
            return p;
        } catch (RuntimeException | Error e) {
            s.abandon();
            throw e;
        }
    }
}
