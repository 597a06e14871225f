package dev.gatun.backend.onednn;

import java.util.Arrays;

/**
 * What identifies one oneDNN primitive: the op, the thread count it was made for, its
 * algorithm and flags, and every dim and stride, as a row of longs. Each thread fills one
 * reusable probe per lookup (no allocation); only a cache miss copies it into a key that is kept.
 *
 * <p>The order of the row after the kind and threads is one key record's business: each
 * primitive family's record ({@link MatmulKey}, {@link EltwiseKey}, {@link ConvPrimitives.Conv},
 * {@link RnnPrimitives.Key}, ...) writes it and reads it back with a {@link Reader}, so no index
 * is written in one file and read in another. The data type is in every key: a bf16 or int8
 * variant of a primitive is another key value.
 */
final class PrimitiveKey {
    private long[] v;
    private int n;
    private int hash;
    private final PrimitiveCache.Args args; // a probe's call arguments; null in a kept key

    PrimitiveKey(int capacity) {
        v = new long[capacity];
        args = new PrimitiveCache.Args();
    }

    private PrimitiveKey(long[] v, int n, int hash) {
        this.v = v;
        this.n = n;
        this.hash = hash;
        this.args = null;
    }

    /** Starts a new key for {@code op} on float32 data, reusing this probe and its arguments. */
    PrimitiveKey reset(Op op, int threads) {
        return reset(op, DataType.F32, threads);
    }

    /** Starts a new key for {@code op} on {@code type} data, reusing this probe and its arguments. */
    PrimitiveKey reset(Op op, DataType type, int threads) {
        n = 0;
        hash = 1;
        args.clear();
        return add(op.ordinal() | (long) type.ordinal() << 16).add(threads); // the kind: op and data type in one element
    }

    /** The arguments of the call this probe looks up, empty after {@link #reset}. */
    PrimitiveCache.Args args() {
        return args;
    }

    /** The data type of the tensors the primitive runs on: part of every key. */
    DataType dataType() {
        return DataType.ALL[(int) (v[0] >>> 16)];
    }

    /** Element data types a primitive may be made for; only F32 has kernels now. */
    enum DataType {
        F32,
        BF16,
        S8;

        static final DataType[] ALL = values();
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

    int size() {
        return n;
    }

    Op op() {
        return Op.ALL[(int) (v[0] & 0xFFFF)];
    }

    int threads() {
        return (int) v[1];
    }

    /** Reads the op's part of the row back in the order it was added (after the kind and threads). */
    Reader reader() {
        return new Reader();
    }

    /** A cursor over a row, for the key records' {@code read}: the same order as their {@code write}. */
    final class Reader {
        private int at = 2;

        long nextLong() {
            return v[at++];
        }

        int nextInt() {
            return (int) v[at++];
        }

        boolean nextBoolean() {
            return v[at++] != 0;
        }

        float nextFloat() {
            return Float.intBitsToFloat((int) v[at++]);
        }

        long[] nextLongs(int count) {
            long[] out = Arrays.copyOfRange(v, at, at + count);
            at += count;
            return out;
        }
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
        return op() + " " + dataType() + Arrays.toString(Arrays.copyOfRange(v, 1, n));
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
        BATCH_NORM_BACKWARD,
        /** One layer of a recurrent stack: {@link RnnPrimitives.Key} writes and reads it. */
        RNN,
        /** uint8 x int8 products dequantized to float32: {@link OneDnnQuantized} writes and reads their keys. */
        QUANTIZED_MATMUL,
        QUANTIZED_CONVOLUTION;

        static final Op[] ALL = values();
    }
}
