package dev.gatun.backend.vector;

import dev.gatun.tensor.BFloat16;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 to and from bfloat16 over dense segments with the Vector API, bit for bit what
 * {@link dev.gatun.tensor.BFloat16} does element by element (round to nearest even, NaN kept a
 * quiet NaN with its sign); the tails run those scalar conversions. Widening is a 16-bit shift of
 * each short into an int; narrowing adds {@code 0x7fff + lsb} before the shift (the usual
 * round-to-nearest-even trick) and takes NaNs aside, where the carry could reach the exponent.
 */
public final class VectorBf16 {
    private VectorBf16() {}

    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Shorts in half the bits: one short lane per int lane, so one conversion fills one vector. */
    private static final VectorSpecies<Short> S =
            VectorSpecies.of(short.class, VectorShape.forBitSize(I.vectorBitSize() / 2));
    private static final ByteOrder LE = ByteOrder.nativeOrder(); // as the tensors' float and short layouts

    /** {@code n} bf16 values at {@code src[srcOff..]} (elements) as float32 at {@code dst[dstOff..]}. */
    public static void toFloat(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, long n) {
        long i = 0;
        for (long end = n - I.length() + 1; i < end; i += I.length()) {
            ShortVector s = ShortVector.fromMemorySegment(S, src, (srcOff + i) * 2, LE);
            IntVector bits = ((IntVector) s.convertShape(VectorOperators.S2I, I, 0)).lanewise(VectorOperators.LSHL, 16);
            bits.intoMemorySegment(dst, (dstOff + i) * 4, LE);
        }
        for (; i < n; i++) {
            dst.set(ValueLayout.JAVA_INT_UNALIGNED, (dstOff + i) * 4,
                    (src.get(ValueLayout.JAVA_SHORT_UNALIGNED, (srcOff + i) * 2) & 0xffff) << 16);
        }
    }

    /** {@code n} float32 values at {@code src[srcOff..]} rounded to bf16 at {@code dst[dstOff..]}. */
    public static void toBf16(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, long n) {
        long i = 0;
        for (long end = n - I.length() + 1; i < end; i += I.length()) {
            IntVector bits = IntVector.fromMemorySegment(I, src, (srcOff + i) * 4, LE);
            IntVector high = bits.lanewise(VectorOperators.LSHR, 16);
            IntVector rounded = bits.add(high.and(1)).add(0x7fff).lanewise(VectorOperators.LSHR, 16);
            VectorMask<Integer> nan = bits.and(0x7fffffff).compare(VectorOperators.GT, 0x7f800000);
            IntVector out = rounded.blend(high.or(0x0040), nan);
            ((ShortVector) out.convertShape(VectorOperators.I2S, S, 0)).intoMemorySegment(dst, (dstOff + i) * 2, LE);
        }
        for (; i < n; i++) {
            float v = src.get(ValueLayout.JAVA_FLOAT_UNALIGNED, (srcOff + i) * 4);
            dst.set(ValueLayout.JAVA_SHORT_UNALIGNED, (dstOff + i) * 2, BFloat16.fromFloat(v));
        }
    }
}
