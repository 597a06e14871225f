package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.VectorSgemmKernel.MR;
import static dev.gatun.backend.vector.VectorSgemmKernel.NR;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The single-threaded GotoBLAS/BLIS loop nest of {@link VectorSgemm}:
 *
 * <pre>
 * for jc in n by NC:                 B panel  kc x nc   packed once, reused by every A block
 *   for pc in k by KC:
 *     pack op(B)[pc:pc+kc, jc:jc+nc]
 *     for ic in m by MC:             A block  mc x kc   packed, stays in L2
 *       pack op(A)[ic:ic+mc, pc:pc+kc]
 *       for jr in nc by NR:          B strip  kc x NR   stays in L1 while
 *         for ir in mc by MR:        A strips stream past it
 *           micro-kernel: C[ic+ir : +MR, jc+jr : +NR] (+)= A strip x B strip
 * </pre>
 *
 * The first kc slice applies beta; later slices add onto C (beta = 1).
 */
final class VectorSgemmBlocked {
    private VectorSgemmBlocked() {}

    /** Depth of a packed slice: an NR-wide B strip is KC * NR floats (32 KiB at 16 lanes). */
    static final int KC = 256;
    /** Rows of a packed A block, a multiple of MR: MC * KC floats = 144 KiB, in L2. */
    static final int MC = 24 * MR;
    /** Columns of a packed B panel, a multiple of NR. */
    static final int NC = 32 * NR;

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** Packing buffers and the edge tile, one set per thread, grown on demand and then reused. */
    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        final MemorySegment edge = Arena.ofAuto().allocate((long) MR * NR * Float.BYTES, 64);

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** C = alpha * op(A) op(B) + beta * C for k > 0, on the calling thread; see VectorSgemm. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     MemorySegment a, long aOff, long lda, MemorySegment b, long bOff, long ldb,
                     float beta, MemorySegment c, long cOff, long ldc) {
        assert k > 0;
        Buffers buffers = BUFFERS.get();
        int kcMax = Math.min(KC, k);
        float[] ap = buffers.a(roundUp(Math.min(MC, m), MR) * kcMax);
        float[] bp = buffers.b(roundUp(Math.min(NC, n), NR) * kcMax);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float betaNow = pc == 0 ? beta : 1f;
                long bAt = bOff + (transB ? jc * ldb + pc : pc * ldb + jc);
                VectorSgemmPack.packB(transB, b, bAt, ldb, kc, nc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    long aAt = aOff + (transA ? pc * lda + ic : ic * lda + pc);
                    VectorSgemmPack.packA(transA, a, aAt, lda, mc, kc, ap);
                    macroKernel(mc, nc, kc, ap, bp, alpha, betaNow, c, cOff + ic * ldc + jc, ldc, buffers.edge);
                }
            }
        }
    }

    /** C[0:mc, 0:nc] (+)= alpha * packed A block x packed B panel, tile by tile. */
    private static void macroKernel(int mc, int nc, int kc, float[] ap, float[] bp, float alpha, float beta,
                                    MemorySegment c, long cOff, long ldc, MemorySegment edge) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                long tileAt = cOff + ir * ldc + jr;
                if (rows == MR && cols == NR) {
                    VectorSgemmKernel.tile(kc, ap, ir * kc, bp, jr * kc, c, tileAt, ldc, alpha, beta);
                } else {
                    // Past an edge: compute the full padded tile into scratch, copy back what exists.
                    VectorSgemmKernel.tile(kc, ap, ir * kc, bp, jr * kc, edge, 0, NR, alpha, 0f);
                    mergeEdge(rows, cols, edge, beta, c, tileAt, ldc);
                }
            }
        }
    }

    /** C[0:rows, 0:cols] = edge[0:rows, 0:cols] + beta * C (C unread when beta == 0). */
    private static void mergeEdge(int rows, int cols, MemorySegment edge, float beta,
                                  MemorySegment c, long cOff, long ldc) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float v = edge.getAtIndex(F32, (long) i * NR + j);
                long at = cOff + i * ldc + j;
                c.setAtIndex(F32, at, beta == 0f ? v : v + beta * c.getAtIndex(F32, at));
            }
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
