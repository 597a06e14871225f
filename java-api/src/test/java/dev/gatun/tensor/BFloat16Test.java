package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BFloat16Test {

    @Test
    void exactValuesRoundTrip() {
        for (float v : new float[] {0f, -0f, 1f, -2f, 0.5f, 3f, 1e-40f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float r = BFloat16.round(v);
            assertEquals(Float.floatToRawIntBits(v) & 0xffff0000, Float.floatToRawIntBits(r), "value " + v);
        }
    }

    @Test
    void roundsToNearestTiesToEven() {
        // 1 + 2^-8 lies halfway between bf16 1.0 and 1 + 2^-7: the tie goes to the even mantissa, 1.0
        assertEquals(1f, BFloat16.round(1f + 0x1p-8f));
        // 1 + 3*2^-8 lies halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even)
        assertEquals(1f + 0x1p-6f, BFloat16.round(1f + 3 * 0x1p-8f));
        // just above half goes up, just below goes down
        assertEquals(1f + 0x1p-7f, BFloat16.round(Math.nextUp(1f + 0x1p-8f)));
        assertEquals(1f, BFloat16.round(Math.nextDown(1f + 0x1p-8f)));
        // the largest float rounds up to infinity, as in PyTorch
        assertEquals(Float.POSITIVE_INFINITY, BFloat16.round(Float.MAX_VALUE));
        assertEquals((short) 0x3f80, BFloat16.fromFloat(1f));
        assertEquals((short) 0xc000, BFloat16.fromFloat(-2f));
    }

    @Test
    void nanStaysNaNWhateverItsPayload() {
        for (int bits : new int[] {0x7fc00000, 0x7f800001, 0x7fffffff, 0xffffffff, 0x7f80ffff}) {
            float nan = Float.intBitsToFloat(bits);
            assertTrue(Float.isNaN(BFloat16.round(nan)), Integer.toHexString(bits));
            assertEquals(bits < 0, (BFloat16.fromFloat(nan) & 0x8000) != 0, "sign of " + Integer.toHexString(bits));
        }
    }

    @Test
    void relativeErrorIsWithinHalfAnUlp() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            float v = (float) ((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(-100, 100)));
            float b = BFloat16.round(v);
            assertTrue(Math.abs(b - v) <= Math.abs(v) * BFloat16.EPSILON, v + " -> " + b);
            assertEquals(0, Float.floatToRawIntBits(b) & 0xffff, "low bits of " + b);
        }
    }
}
