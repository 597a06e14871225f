package dev.gatun.backend.onednn;

import java.util.Arrays;

/**
 * What identifies one oneDNN primitive: the op, the thread count it was made for, its
 * algorithm and flags, and every dim and stride, as a row of longs. Each thread fills one
 * reusable probe per lookup (no allocation); only a cache miss copies it into a key that is kept.
 *
 * <p>The layout of the row is the op's business ({@link OneDnnBackend} writes and reads it);
 * this class only compares and hashes it.
 */
final class PrimitiveKey {
    private long[] v;
    private int n;
    private int hash;

    PrimitiveKey(int capacity) {
        v = new long[capacity];
    }

    private PrimitiveKey(long[] v, int n, int hash) {
        this.v = v;
        this.n = n;
        this.hash = hash;
    }

    /** Starts a new key for {@code op}, reusing this probe. */
    PrimitiveKey reset(Op op, int threads) {
        n = 0;
        hash = 1;
        return add(op.ordinal()).add(threads);
    }

    PrimitiveKey add(long x) {
        if (n == v.length) {
            v = Arrays.copyOf(v, n * 2);
        }
        v[n++] = x;
        hash = 31 * hash + Long.hashCode(x);
        return this;
    }

    PrimitiveKey add(boolean x) {
        return add(x ? 1 : 0);
    }

    PrimitiveKey add(float x) {
        return add(Float.floatToRawIntBits(x));
    }

    /** Element {@code i} of the row (0: op, 1: threads, then what the op wrote). */
    long get(int i) {
        return v[i];
    }

    int intAt(int i) {
        return (int) v[i];
    }

    float floatAt(int i) {
        return Float.intBitsToFloat((int) v[i]);
    }

    int size() {
        return n;
    }

    Op op() {
        return Op.ALL[(int) v[0]];
    }

    int threads() {
        return (int) v[1];
    }

    /** An immutable copy to keep in the cache. */
    PrimitiveKey copy() {
        return new PrimitiveKey(Arrays.copyOf(v, n), n, hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrimitiveKey k && k.n == n && k.hash == hash && Arrays.equals(v, 0, n, k.v, 0, n);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return op() + Arrays.toString(Arrays.copyOfRange(v, 1, n));
    }

    /** The primitives the backend makes. */
    enum Op {
        MATMUL,
        BINARY,
        ELTWISE,
        ELTWISE_BACKWARD,
        REDUCE,
        SOFTMAX,
        SOFTMAX_BACKWARD,
        LAYER_NORM,
        LAYER_NORM_BACKWARD,
        REORDER,
        // convolution / pooling / batch norm: OneDnnConv writes the keys, ConvPrimitives reads them
        CONVOLUTION,
        CONVOLUTION_BACKWARD_DATA,
        CONVOLUTION_BACKWARD_WEIGHTS,
        POOLING,
        POOLING_BACKWARD,
        BATCH_NORM,
        BATCH_NORM_BACKWARD;

        static final Op[] ALL = values();
    }
}
