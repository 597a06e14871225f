package dev.gatun.ffi.openblas;

import static dev.gatun.ffi.openblas.Cblas.*;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.*;

import dev.gatun.ffi.Matrices;
import dev.gatun.ffi.NativeLibrary;
import dev.gatun.ffi.NativeVersions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Calls through the OpenBLAS bindings agree with plain Java. */
class CblasSmokeTest {
    @BeforeAll
    static void loaded() {
        assertTrue(NativeLibrary.OPENBLAS.isAvailable(), NativeLibrary.OPENBLAS::failureReason);
    }

    @Test
    void sgemmMatchesTheTripleLoop() {
        for (int[] shape : Matrices.SHAPES) {
            int m = shape[0], k = shape[1], n = shape[2];
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment a = Matrices.random(arena, m, k, 1);
                MemorySegment b = Matrices.random(arena, k, n, 2);
                MemorySegment c = arena.allocate(JAVA_FLOAT, (long) m * n);
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1f, a, k, b, n, 0f, c, n);
                Matrices.assertClose(Matrices.multiply(a, b, m, k, n), c, k);
            }
        }
    }

    @Test
    void levelOneCallsThroughCriticalHandles() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocateFrom(JAVA_FLOAT, 3f, -4f, 0f);
            MemorySegment y = arena.allocateFrom(JAVA_FLOAT, 1f, 1f, 1f);
            assertEquals(-1f, cblas_sdot(3, x, 1, y, 1));       // 3 - 4 + 0
            assertEquals(5f, cblas_snrm2(3, x, 1), 1e-6f);     // sqrt(9 + 16)
            assertEquals(7f, cblas_sasum(3, x, 1));
            assertEquals(1L, cblas_isamax(3, x, 1));           // |-4| is largest, 0-based
            cblas_saxpy(3, 2f, x, 1, y, 1);                    // y = 2x + y
            assertArrayEquals(new float[] {7f, -7f, 1f}, y.toArray(JAVA_FLOAT));
        }
    }

    @Test
    void reportsItsBuild() {
        assertTrue(NativeVersions.openblas().startsWith("OpenBLAS 0.3."), NativeVersions.openblas());
        assertTrue(openblas_get_num_threads() >= 1);
    }
}
