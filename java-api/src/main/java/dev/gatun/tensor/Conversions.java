package dev.gatun.tensor;

import dev.gatun.backend.VectorSupport;
import dev.gatun.backend.vector.VectorBf16;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies between data types: float32 to bfloat16 rounds to nearest even ({@link BFloat16}),
 * bfloat16 to float32 widens exactly, the same type copies bits (integer codes too; between codes
 * and real numbers only {@code Ops.quantize} and {@code Ops.dequantize} convert, with a scale). The source may be any view; the
 * destination is contiguous and of the same shape (the callers check).
 */
final class Conversions {
    private Conversions() {}

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfShort BF16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    static void convert(Tensor src, Tensor dst) {
        if (src.dtype() != dst.dtype() && (src.dtype().isInteger() || dst.dtype().isInteger())) {
            throw new IllegalArgumentException("convert: " + src.dtype() + " " + Shapes.str(src.shape()) + " to " + dst.dtype()
                    + ": integer codes and real numbers convert only with a scale and zero point (Ops.quantize, Ops.dequantize)");
        }
        long n = src.numel();
        if (n == 0) {
            return;
        }
        MemorySegment out = dst.segment();
        if (src.isContiguous()) {
            dense(src.segment(), src.dtype(), out, dst.dtype(), n);
            return;
        }
        MemorySegment in = src.base();
        int[] shape = src.shape();
        int[] idx = new int[shape.length];
        for (long i = 0; i < n; i++) {
            long at = src.elementOffset(idx);
            if (src.dtype() == dst.dtype()) { // bits as they are: a NaN's payload survives a copy
                MemorySegment.copy(in, at * src.dtype().byteSize(), out, i * dst.dtype().byteSize(), dst.dtype().byteSize());
            } else {
                write(out, dst.dtype(), i, read(in, src.dtype(), at));
            }
            for (int d = shape.length - 1; d >= 0 && ++idx[d] == shape[d]; d--) {
                idx[d] = 0;
            }
        }
    }

    /** Whether the Vector API converts (chosen once; the scalar loops below are the fallback and the oracle). */
    private static final boolean VECTOR = VectorSupport.usable();

    /** {@code n} elements from {@code in} (of {@code from}) to {@code out} (of {@code to}), both dense. */
    static void dense(MemorySegment in, DataType from, MemorySegment out, DataType to, long n) {
        if (from == to) {
            MemorySegment.copy(in, 0, out, 0, n * from.byteSize());
        } else if (VECTOR) {
            if (to == DataType.BFLOAT16) {
                VectorBf16.toBf16(in, 0, out, 0, n);
            } else {
                VectorBf16.toFloat(in, 0, out, 0, n);
            }
        } else if (to == DataType.BFLOAT16) {
            for (long i = 0; i < n; i++) {
                out.setAtIndex(BF16, i, BFloat16.fromFloat(in.getAtIndex(F32, i)));
            }
        } else {
            for (long i = 0; i < n; i++) {
                out.setAtIndex(F32, i, BFloat16.toFloat(in.getAtIndex(BF16, i)));
            }
        }
    }

    private static float read(MemorySegment s, DataType t, long i) {
        return t == DataType.FLOAT32 ? s.getAtIndex(F32, i) : BFloat16.toFloat(s.getAtIndex(BF16, i)); // float types only
    }

    private static void write(MemorySegment s, DataType t, long i, float v) {
        if (t == DataType.FLOAT32) {
            s.setAtIndex(F32, i, v);
        } else {
            s.setAtIndex(BF16, i, BFloat16.fromFloat(v));
        }
    }
}
