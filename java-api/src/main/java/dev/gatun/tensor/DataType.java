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
    BFLOAT16(2),
    /** Signed 8-bit codes, -128..127: quantized weights (symmetric, zero point 0). */
    INT8(1),
    /** Unsigned 8-bit codes, 0..255: quantized activations (with a zero point). */
    UINT8(1);

    private final int byteSize;

    DataType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether the elements are codes (an integer type) rather than real numbers. */
    public boolean isInteger() {
        return this == INT8 || this == UINT8;
    }

    /** The smallest code of an integer type (-128 or 0). */
    public int minCode() {
        return switch (this) {
            case INT8 -> Byte.MIN_VALUE;
            case UINT8 -> 0;
            default -> throw new IllegalStateException(this + " has no integer codes");
        };
    }

    /** The largest code of an integer type (127 or 255). */
    public int maxCode() {
        return switch (this) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            default -> throw new IllegalStateException(this + " has no integer codes");
        };
    }

    /** The name PyTorch prints ({@code float32}, {@code bfloat16}), used in messages. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
