package dev.gatun.backend.onednn;

/**
 * A layer normalization primitive over axis 1 of [rows, cols]; {@code flags} are oneDNN's
 * use_scale | use_shift; {@code eps} is 0 in a backward key (see Primitives.layerNormBackward).
 */
record LayerNormKey(int flags, long rows, long cols, float eps) {
    PrimitiveKey writeTo(PrimitiveKey row) {
        return row.add(flags).add(rows).add(cols).add(eps);
    }

    static LayerNormKey read(PrimitiveKey row) {
        PrimitiveKey.Reader r = row.reader();
        return new LayerNormKey(r.nextInt(), r.nextLong(), r.nextLong(), r.nextFloat());
    }
}
