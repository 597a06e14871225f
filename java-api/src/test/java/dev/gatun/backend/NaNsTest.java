package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class NaNsTest {
    @Test
    void findsEveryKindOfNaNAnywhereAndNothingElse() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 3000;
            MemorySegment s = arena.allocate(n * 4L);
            float[] others = {0f, -0f, 1f, -1f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE,
                    Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
            for (int i = 0; i < n; i++) {
                s.setAtIndex(ValueLayout.JAVA_FLOAT, i, others[i % others.length]);
            }
            assertFalse(NaNs.any(s));
            int[] nans = {0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fffffff, 0xffffffff};
            for (int at : new int[] {0, 1023, 1024, 2999}) {
                for (int bits : nans) {
                    float before = s.getAtIndex(ValueLayout.JAVA_FLOAT, at);
                    s.setAtIndex(ValueLayout.JAVA_INT, at, bits);
                    assertTrue(NaNs.any(s), "NaN 0x" + Integer.toHexString(bits) + " at " + at);
                    assertFalse(NaNs.any(s.asSlice(0, at * 4L)), "before " + at);
                    s.setAtIndex(ValueLayout.JAVA_FLOAT, at, before);
                }
            }
            assertFalse(NaNs.any(s));
            assertTrue(NaNs.anyNonFinite(s)); // the infinities
            assertFalse(NaNs.anyNonFinite(s.asSlice(0, 7 * 4L)));
        }
    }
}
