package dev.gatun.backend.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.tensor.BFloat16;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vector conversions give the scalar oracle's bits for every kind of input, at every length (tails included). */
class VectorBf16Test {

    /** Random bit patterns (any exponent, NaN payloads, subnormals), then the edge cases, for widths around the lanes. */
    private static int[] patterns(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] edges = {0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffffffff, 0x7f7fffff, 0x00000001,
            0x3f808000, 0x3f818000, 0x3f80ffff, 0x3f807fff, 0x7f7f8000, 0x007fffff};
        int[] bits = new int[n];
        for (int i = 0; i < n; i++) {
            bits[i] = i < edges.length ? edges[i] : r.nextInt();
        }
        return bits;
    }

    @Test
    void narrowingRoundsLikeTheOracle() {
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 31, 33, 1000}) {
            try (Arena arena = Arena.ofConfined()) {
                int[] bits = patterns(n, n);
                MemorySegment src = arena.allocate(4L * n + 4), dst = arena.allocate(2L * n + 2);
                for (int i = 0; i < n; i++) {
                    src.setAtIndex(ValueLayout.JAVA_INT, i, bits[i]);
                }
                VectorBf16.toBf16(src, 0, dst, 0, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(BFloat16.fromFloat(Float.intBitsToFloat(bits[i])), dst.getAtIndex(ValueLayout.JAVA_SHORT, i),
                            "n=" + n + ", float bits " + Integer.toHexString(bits[i]));
                }
            }
        }
    }

    @Test
    void wideningIsExactAtAnyOffset() {
        for (int n : new int[] {1, 15, 16, 17, 100}) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment src = arena.allocate(2L * (n + 3)), dst = arena.allocate(4L * (n + 5));
                SplittableRandom r = new SplittableRandom(n);
                for (int i = 0; i < n + 3; i++) {
                    src.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) r.nextInt());
                }
                VectorBf16.toFloat(src, 3, dst, 5, n); // offsets off the vector alignment
                for (int i = 0; i < n; i++) {
                    short b = src.getAtIndex(ValueLayout.JAVA_SHORT, 3 + i);
                    assertEquals(Float.floatToRawIntBits(BFloat16.toFloat(b)), dst.getAtIndex(ValueLayout.JAVA_INT, 5 + i),
                            "n=" + n + ", bf16 bits " + Integer.toHexString(b & 0xffff));
                }
            }
        }
    }
}
