package dev.gatun.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** sbgemm: the Java implementations against the scalar oracle, the oracle against netlib's sgemm on widened inputs, and the checks. */
class SbgemmTest {
    @Test
    void javaMatchesTheScalarOracle() {
        SbgemmParity.check(Blas.get("java"), 1, 60);
    }

    /** The oracle itself, against an independent sgemm (netlib's, column-major) on the widened inputs. */
    @Test
    void scalarOracleMatchesNetlibSgemmOnWidenedInputs() {
        Random r = new Random(2);
        NetlibReference netlib = new NetlibReference();
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                SbgemmParity.run(netlib, Layout.COL_MAJOR, ta, tb, 17, 9, 33, 0.75f, -0.5f, 0, 2, r);
            }
        }
    }

    @Test
    void badArgumentsNameTheRoutineAndShapes() {
        Blas blas = Blas.get("java");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(6 * Short.BYTES), b = arena.allocate(6 * Short.BYTES);
            MemorySegment c = arena.allocate(4 * Float.BYTES);
            var e = assertThrows(IllegalArgumentException.class, () -> blas.sbgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS,
                    Transpose.NO_TRANS, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
            assertEquals("sbgemm: lda=2 < max(1, 3): A is stored 2 x 3 row-major", e.getMessage());
            var o = assertThrows(IndexOutOfBoundsException.class, () -> blas.sbgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS,
                    Transpose.NO_TRANS, 2, 2, 3, 1f, a, 1, 3, b, 0, 2, 0f, c, 0, 2));
            assertTrue(o.getMessage().startsWith("sbgemm: segment a too short: needs 6 elements from offset 1, has 6"), o.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> blas.sbgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS,
                    Transpose.NO_TRANS, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c.asReadOnly(), 0, 2));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            MemorySegment shared = arena.allocate(64);
            e = assertThrows(IllegalArgumentException.class, () -> blas.sbgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS,
                    Transpose.NO_TRANS, 2, 2, 3, 1f, shared, 0, 3, b, 0, 2, 0f, shared.asSlice(16), 0, 2));
            assertEquals("sbgemm: output segment c overlaps input segment a (m=2, n=2, k=3)", e.getMessage());
        }
    }
}
