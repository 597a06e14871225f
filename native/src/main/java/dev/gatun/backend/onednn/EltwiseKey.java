package dev.gatun.backend.onednn;

import dev.gatun.backend.EltwiseOp;

/**
 * An eltwise primitive (forward or backward) of {@code op} over {@code numel} elements seen as
 * one vector; {@link OneDnnEltwise#alg} gives its oneDNN algorithm. Only the constants the op
 * declares it reads ({@link EltwiseOp#usesAlpha()}, {@link EltwiseOp#usesBeta()}) are kept, so
 * every tanh shares a primitive and two leaky ReLUs of different slopes never do. Args: src, dst
 * (backward: src, diff_dst, diff_src).
 */
record EltwiseKey(EltwiseOp op, float alpha, float beta, long numel) {
    private static final EltwiseOp[] OPS = EltwiseOp.values();

    static EltwiseKey of(EltwiseOp op, float alpha, float beta, long numel) {
        return new EltwiseKey(op, op.alphaOrZero(alpha), op.betaOrZero(beta), numel);
    }

    PrimitiveKey writeTo(PrimitiveKey row) {
        return row.add(op.ordinal()).add(alpha).add(beta).add(numel);
    }

    static EltwiseKey read(PrimitiveKey row) {
        PrimitiveKey.Reader r = row.reader();
        return new EltwiseKey(OPS[r.nextInt()], r.nextFloat(), r.nextFloat(), r.nextLong());
    }
}
