package dev.gatun.tensor;

/**
 * What a tensor's elements are. Every op takes float32; matrix products also take bfloat16
 * operands (accumulating and writing float32, as oneDNN and PyTorch's autocast do), and a
 * tensor converts with {@link Tensor#to}. Quantized integer types (with their scales) come
 * here as further constants.
 */
public enum DataType {
    FLOAT32(4),
    /** The upper half of a float32: float32's range, 8 bits of precision ({@link BFloat16}). */
    BFLOAT16(2);

    private final int byteSize;

    DataType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The name PyTorch prints ({@code float32}, {@code bfloat16}), used in messages. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
