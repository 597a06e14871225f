package dev.gatun.checkpoint;

import dev.gatun.tensor.DataType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The safetensors element types Gatun reads: F32 and BF16 as Gatun's float32 and bfloat16
 * tensors (in place from the mapping, or converted to the other), F16 exactly and F64 rounded to
 * nearest as float32, and I64 (PyTorch's {@code num_batches_tracked}) when it fits a float
 * exactly. I8 and U8 hold quantized codes (Gatun's int8 and uint8 tensors, read in place; as
 * float32 a code reads as its integer value). Gatun writes F32, BF16, I8 and U8.
 */
public enum DType {
    F32(4),
    F64(8),
    F16(2),
    BF16(2),
    I64(8),
    I8(1),
    U8(1);

    private static final ValueLayout.OfFloat LE_F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble LE_F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int byteSize() {
        return bytes;
    }

    /** How a tensor of {@code type} is stored. */
    public static DType of(DataType type) {
        return switch (type) {
            case FLOAT32 -> F32;
            case BFLOAT16 -> BF16;
            case INT8 -> I8;
            case UINT8 -> U8;
        };
    }

    /** The dtype named {@code name} in a header, or null when Gatun does not read it. */
    static DType parse(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** Element {@code i} of little-endian {@code src} as a float (I64 values must fit exactly, see {@link #exact}). */
    float read(MemorySegment src, long i) {
        return switch (this) {
            case F32 -> src.get(LE_F32, i * 4);
            case F64 -> (float) src.get(LE_F64, i * 8);
            case F16 -> Float.float16ToFloat(src.get(LE_I16, i * 2));
            case BF16 -> Float.intBitsToFloat((src.get(LE_I16, i * 2) & 0xffff) << 16);
            case I64 -> (float) src.get(LE_I64, i * 8);
            case I8 -> src.get(ValueLayout.JAVA_BYTE, i);
            case U8 -> Byte.toUnsignedInt(src.get(ValueLayout.JAVA_BYTE, i));
        };
    }

    /** Whether element {@code i} becomes a float without losing its value (always, except large I64). */
    boolean exact(MemorySegment src, long i) {
        if (this != I64) {
            return true;
        }
        long v = src.get(LE_I64, i * 8);
        return (long) (float) v == v;
    }
}
