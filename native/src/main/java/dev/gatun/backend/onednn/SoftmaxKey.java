package dev.gatun.backend.onednn;

/** A softmax (or log-softmax) primitive over axis 1 of [rows, cols]. Args: src, dst (backward: dst, diff_dst, diff_src). */
record SoftmaxKey(boolean log, long rows, long cols) {
    PrimitiveKey writeTo(PrimitiveKey row) {
        return row.add(log).add(rows).add(cols);
    }

    static SoftmaxKey read(PrimitiveKey row) {
        PrimitiveKey.Reader r = row.reader();
        return new SoftmaxKey(r.nextBoolean(), r.nextLong(), r.nextLong());
    }
}
