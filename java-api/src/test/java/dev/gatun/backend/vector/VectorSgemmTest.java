package dev.gatun.backend.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** VectorSgemm against a double-precision triple loop, on the direct and the blocked path. */
class VectorSgemmTest {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /**
     * m, n, k: tiny, odd, vector +- 1, edges in every dimension; on the blocked path, several
     * k slices (KC = 512), column blocks (NC = 8 vectors) and row panels (MC = 1536).
     */
    private static final int[][] SIZES = {
        {1, 1, 1}, {7, 13, 5}, {3, 40, 50}, {1, 70, 300}, {33, 1, 257}, {1, 300, 1}, {257, 129, 65},
        {6, 32, 200}, {13, 17, 300}, {100, 70, 300}, {31, 33, 47}, {65, 257, 40},
        {150, 1030, 20}, {3, 1100, 64}, {20, 40, 530}, {40, 600, 530}, {1540, 40, 8},
        {0, 5, 3}, {5, 0, 3}, {4, 6, 0}, {40, 50, 0},
    };

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        float[][] alphaBeta = {{1f, 0f}, {0.5f, 2f}, {-1.5f, 1f}, {2f, -0.5f}};
        int i = 0;
        for (int[] s : SIZES) {
            for (int trans = 0; trans < 4; trans++) {
                for (int threads = 1; threads <= 2; threads++, i++) {
                    float[] ab = alphaBeta[i % alphaBeta.length];
                    all.add(Arguments.of(trans >= 2, (trans & 1) == 1, s[0], s[1], s[2], ab[0], ab[1], threads));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4} alpha={5} beta={6} threads={7}")
    @MethodSource("cases")
    void matchesDoubleTripleLoop(boolean transA, boolean transB, int m, int n, int k,
                                 float alpha, float beta, int threads) {
        check(transA, transB, m, n, k, alpha, beta, threads, 0, 0);
    }

    @Test
    void paddedLeadingDimensionsAndOffsets() {
        for (int[] s : new int[][] {{7, 13, 5}, {100, 70, 300}, {65, 257, 40}}) {
            for (int trans = 0; trans < 4; trans++) {
                check(trans >= 2, (trans & 1) == 1, s[0], s[1], s[2], 0.75f, 0.5f, 2, 5, 11);
            }
        }
    }

    @Test
    void alphaZeroOnlyScalesC() {
        check(false, false, 9, 40, 30, 0f, 3f, 1, 0, 0);
        check(true, true, 9, 40, 30, 0f, 0f, 2, 0, 0);
    }

    @Test
    void betaZeroIgnoresNanInC() {
        for (int[] s : new int[][] {{7, 13, 5}, {100, 70, 300}, {40, 50, 0}}) {
            check(false, false, s[0], s[1], s[2], 1f, 0f, 2, 3, 2, true);
            check(true, true, s[0], s[1], s[2], -2f, 0f, 1, 0, 0, true);
        }
    }

    @Test
    void concurrentCallersShareTheWorkers() throws Exception {
        // More callers than workers idle at any moment: parts that find none run on their caller.
        Thread[] callers = new Thread[4];
        Throwable[] failures = new Throwable[callers.length];
        for (int t = 0; t < callers.length; t++) {
            int id = t;
            callers[t] = new Thread(() -> {
                try {
                    for (int rep = 0; rep < 5; rep++) {
                        check(id % 2 == 0, id >= 2, 100 + id, 70, 300, 1f, 0.5f, 2, 0, 0);
                    }
                } catch (Throwable e) {
                    failures[id] = e;
                }
            });
            callers[t].start();
        }
        for (int t = 0; t < callers.length; t++) {
            callers[t].join();
            if (failures[t] != null) {
                throw new AssertionError("caller " + t + " failed", failures[t]);
            }
        }
    }

    @Test
    void confinedMemoryStaysOnTheCallingThread() {
        // Workers may not touch a confined arena's memory; asking for 2 threads must still work.
        try (Arena confined = Arena.ofConfined()) {
            check(confined, false, true, 100, 70, 300, 1f, 0.5f, 2, 0, 0, false);
        }
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                              int threads, int extraLd, int offset) {
        check(transA, transB, m, n, k, alpha, beta, threads, extraLd, offset, false);
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                              int threads, int extraLd, int offset, boolean nanInC) {
        try (Arena shared = Arena.ofShared()) {
            check(shared, transA, transB, m, n, k, alpha, beta, threads, extraLd, offset, nanInC);
        }
    }

    /**
     * Runs one product on buffers whose leading dimensions exceed the minimum by extraLd and whose
     * data starts offset elements in; C's bytes outside the m x n window start as {@code sentinel}
     * and must keep it. When {@code nanInC}, C starts as NaN everywhere (used with beta 0).
     */
    private static void check(Arena arena, boolean transA, boolean transB, int m, int n, int k, float alpha,
                              float beta, int threads, int extraLd, int offset, boolean nanInC) {
        Random rnd = new Random(31L * m + 17L * n + k + (transA ? 1 : 0) + (transB ? 2 : 0));
        int lda = (transA ? m : k) + extraLd;
        int ldb = (transB ? k : n) + extraLd;
        int ldc = n + extraLd;
        int aRows = transA ? k : m;
        int bRows = transB ? n : k;
        MemorySegment a = random(arena, offset + (long) aRows * Math.max(lda, 1), rnd);
        MemorySegment b = random(arena, offset + (long) bRows * Math.max(ldb, 1), rnd);
        long cLength = offset + (long) m * ldc + 3;
        MemorySegment c = arena.allocate(cLength * Float.BYTES, 64);
        float sentinel = 12345.5f;
        for (long i = 0; i < cLength; i++) {
            c.setAtIndex(F32, i, nanInC ? Float.NaN : sentinel);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (!nanInC) {
                    c.setAtIndex(F32, offset + (long) i * ldc + j, rnd.nextFloat() * 2 - 1);
                }
            }
        }
        float[] aValues = a.toArray(ValueLayout.JAVA_FLOAT);
        float[] bValues = b.toArray(ValueLayout.JAVA_FLOAT);
        double maxA = maxAbs(aValues), maxB = maxAbs(bValues), maxC = 0;
        double[] expected = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double aip = aValues[offset + (transA ? p * lda + i : i * lda + p)];
                    double bpj = bValues[offset + (transB ? j * ldb + p : p * ldb + j)];
                    sum += aip * bpj;
                }
                double old = beta == 0f ? 0 : c.getAtIndex(F32, offset + (long) i * ldc + j);
                maxC = Math.max(maxC, Math.abs(old));
                expected[i * n + j] = alpha * sum + beta * old;
            }
        }

        VectorSgemm.sgemm(transA, transB, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta,
                c, offset, ldc, threads);

        double tolerance = 1e-5 * (k * Math.abs(alpha) * maxA * maxB + Math.abs(beta) * maxC) + 1e-7;
        String where = (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m + "x" + n + "x" + k
                + " alpha=" + alpha + " beta=" + beta + " threads=" + threads;
        for (long at = 0; at < cLength; at++) {
            long rel = at - offset;
            int rowLength = Math.max(1, ldc); // ldc may be 0 when n == 0
            int i = (int) Math.floorDiv(rel, rowLength), j = (int) Math.floorMod(rel, rowLength);
            float got = c.getAtIndex(F32, at);
            if (rel >= 0 && i < m && j < n) {
                double want = expected[i * n + j];
                assertTrue(Math.abs(got - want) <= tolerance,
                        () -> where + ": C[" + i + "][" + j + "] = " + got + ", expected " + want);
            } else {
                float untouched = nanInC ? Float.NaN : sentinel;
                long element = at;
                assertEquals(untouched, got, () -> where + ": wrote outside C at element " + element);
            }
        }
    }

    private static MemorySegment random(Arena arena, long length, Random rnd) {
        MemorySegment s = arena.allocate(Math.max(1, length) * Float.BYTES, 64);
        for (long i = 0; i < length; i++) {
            s.setAtIndex(F32, i, rnd.nextFloat() * 2 - 1);
        }
        return s;
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
