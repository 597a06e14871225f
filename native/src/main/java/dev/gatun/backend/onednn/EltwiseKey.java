package dev.gatun.backend.onednn;

import dev.gatun.backend.EltwiseOp;

/**
 * An eltwise primitive (forward or backward) of oneDNN algorithm {@code alg} over {@code numel}
 * elements seen as one vector. Only the constants the op declares it reads
 * ({@link EltwiseOp#usesAlpha()}, {@link EltwiseOp#usesBeta()}) are kept, so every tanh shares a
 * primitive and two leaky ReLUs of different slopes never do. Args: src, dst (backward: src,
 * diff_dst, diff_src).
 */
record EltwiseKey(int alg, float alpha, float beta, long numel) {
    static EltwiseKey of(EltwiseOp op, int alg, float alpha, float beta, long numel) {
        return new EltwiseKey(alg, op.alphaOrZero(alpha), op.betaOrZero(beta), numel);
    }

    PrimitiveKey writeTo(PrimitiveKey row) {
        return row.add(alg).add(alpha).add(beta).add(numel);
    }

    static EltwiseKey read(PrimitiveKey row) {
        PrimitiveKey.Reader r = row.reader();
        return new EltwiseKey(r.nextInt(), r.nextFloat(), r.nextFloat(), r.nextLong());
    }
}
