package dev.gatun.tensor;

/**
 * bfloat16, the upper 16 bits of a float32 (1 sign, 8 exponent, 7 mantissa bits): the same range
 * as float32 with 8 bits of precision, so a conversion never overflows and the relative rounding
 * error is at most 2^-8 = 0.39%. These scalar conversions are the oracle every vector kernel is
 * checked against; they follow PyTorch's {@code c10::BFloat16} and oneDNN bit for bit.
 */
public final class BFloat16 {
    private BFloat16() {}

    /** Relative error bound of one rounding to bf16 (half a unit in the last place, 2^-8). */
    public static final float EPSILON = 0x1p-8f;

    /** bf16 bits of a float32, rounded to nearest, ties to even; NaN stays a (quiet) NaN. */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7fffffff) > 0x7f800000) { // NaN: keep the sign, force a quiet NaN (rounding could carry to infinity)
            return (short) ((bits >>> 16) | 0x0040);
        }
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7fff + lsb) >>> 16);
    }

    /** The float32 a bf16 value stands for: exact (bf16 is float32 with the low 16 bits zero). */
    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** {@code value} rounded to the nearest bf16 and back: the float32 a bf16 tensor would hold. */
    public static float round(float value) {
        return toFloat(fromFloat(value));
    }
}
