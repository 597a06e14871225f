package dev.gatun.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.tensor.BFloat16;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * sbgemm of any implementation against the scalar oracle ({@link ScalarLevel3#sbgemmRow}) on random
 * shapes: both layouts, all four transposes, odd sizes, padded leading dimensions, offsets, beta
 * != 0. Public for gatun-native's tests (OpenBLAS, oneDNN).
 *
 * <p>The bound: bf16 inputs are exact in float32, so two implementations differ only in how they
 * round and order the k products and the beta term. Each result is a float32 sum of k + 1 terms;
 * with unit roundoff u = 2^-24, either implementation is within (k + 2) u S of the exact value
 * (S = sum of |terms|, +2 for rounding alpha * a * b as two products or one FMA), so they are within
 * {@code 2 (k + 2) u S} of each other. S is computed in double from the same inputs.
 */
public final class SbgemmParity {
    public static final ValueLayout.OfShort BF16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final Blas ORACLE = new ScalarBlas();

    private SbgemmParity() {}

    /** Random problems on {@code blas} against the scalar oracle, asserting the bound above per element. */
    public static void check(Blas blas, long seed, int cases) {
        Random r = new Random(seed);
        int[] sizes = {1, 2, 3, 7, 16, 17, 31, 33, 64, 65, 100};
        for (int t = 0; t < cases; t++) {
            Layout layout = r.nextBoolean() ? Layout.ROW_MAJOR : Layout.COL_MAJOR;
            Transpose ta = r.nextBoolean() ? Transpose.TRANS : Transpose.NO_TRANS;
            Transpose tb = r.nextBoolean() ? Transpose.TRANS : Transpose.NO_TRANS;
            int m = sizes[r.nextInt(sizes.length)], n = sizes[r.nextInt(sizes.length)], k = sizes[r.nextInt(sizes.length)];
            float alpha = t % 5 == 0 ? 1f : (float) (r.nextDouble() * 2 - 1);
            float beta = t % 3 == 0 ? 0f : (float) (r.nextDouble() * 2 - 1);
            run(blas, layout, ta, tb, m, n, k, alpha, beta, r.nextInt(3), r.nextInt(4), r);
        }
        // The sizes the blocked float kernels split at (k slices of 512, wide n).
        run(blas, Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, 70, 300, 530, 0.5f, 2f, 1, 3, r);
        run(blas, Layout.COL_MAJOR, Transpose.TRANS, Transpose.TRANS, 129, 65, 257, 1f, -1f, 2, 1, r);
    }

    static void run(Blas blas, Layout layout, Transpose ta, Transpose tb, int m, int n, int k, float alpha, float beta,
                    int off, int pad, Random r) {
        boolean row = layout == Layout.ROW_MAJOR;
        int aRows = ta.transposed() ? k : m, aCols = ta.transposed() ? m : k;
        int bRows = tb.transposed() ? n : k, bCols = tb.transposed() ? k : n;
        int lda = (row ? aCols : aRows) + pad, ldb = (row ? bCols : bRows) + pad, ldc = (row ? n : m) + pad;
        long aLen = off + (long) (row ? aRows : aCols) * lda, bLen = off + (long) (row ? bRows : bCols) * ldb;
        long cLen = off + (long) (row ? m : n) * ldc;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = bf16(arena, aLen, r), b = bf16(arena, bLen, r);
            MemorySegment want = arena.allocate(cLen * Float.BYTES), got = arena.allocate(cLen * Float.BYTES);
            for (long i = 0; i < cLen; i++) {
                float v = (float) (r.nextDouble() * 2 - 1);
                want.setAtIndex(F32, i, v);
                got.setAtIndex(F32, i, v);
            }
            MemorySegment c0 = arena.allocate(cLen * Float.BYTES);
            c0.copyFrom(want);
            ORACLE.sbgemm(layout, ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, want, off, ldc);
            blas.sbgemm(layout, ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, got, off, ldc);
            String what = blas.name() + " " + layout + " " + ta + " " + tb + " m=" + m + " n=" + n + " k=" + k
                    + " alpha=" + alpha + " beta=" + beta + " off=" + off + " pad=" + pad;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long ci = off + (row ? (long) i * ldc + j : (long) j * ldc + i);
                    double s = Math.abs((double) beta * c0.getAtIndex(F32, ci));
                    for (int p = 0; p < k; p++) {
                        long ai = off + (row ^ ta.transposed() ? (long) i * lda + p : (long) p * lda + i);
                        long bi = off + (row ^ tb.transposed() ? (long) p * ldb + j : (long) j * ldb + p);
                        s += Math.abs((double) alpha * BFloat16.toFloat(a.getAtIndex(BF16, ai)) * BFloat16.toFloat(b.getAtIndex(BF16, bi)));
                    }
                    double bound = 2.0 * (k + 2) * 0x1p-24 * s;
                    assertEquals(want.getAtIndex(F32, ci), got.getAtIndex(F32, ci), bound, what + " C(" + i + "," + j + ")");
                }
            }
            // Padding and the gap before the offset are untouched.
            for (long i = 0; i < cLen; i++) {
                long col = (i - off) % ldc; // position along the stored minor dimension
                boolean inside = i >= off && col < (row ? n : m);
                if (!inside) {
                    assertEquals(c0.getAtIndex(F32, i), got.getAtIndex(F32, i), what + " padding element " + i);
                }
            }
        }
    }

    /** Random bf16 values in [-1, 1), rounded from float32 by the oracle. */
    public static MemorySegment bf16(Arena arena, long n, Random r) {
        MemorySegment s = arena.allocate(Math.max(1, n) * Short.BYTES);
        for (long i = 0; i < n; i++) {
            s.setAtIndex(BF16, i, BFloat16.fromFloat((float) (r.nextDouble() * 2 - 1)));
        }
        return s;
    }
}
