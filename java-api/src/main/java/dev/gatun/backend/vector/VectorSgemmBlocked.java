package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.VectorSgemmKernel.MR;
import static dev.gatun.backend.vector.VectorSgemmKernel.NR;

import java.lang.foreign.MemorySegment;

/**
 * The single-threaded GotoBLAS/BLIS loop nest of {@link VectorSgemm}:
 *
 * <pre>
 * for ic in m by MC:
 *   for pc in k by KC:
 *     pack op(A)[ic:ic+mc, pc:pc+kc]        A panel  mc x kc, in L3, packed once for all of n
 *     for jc in n by NC:
 *       pack op(B)[pc:pc+kc, jc:jc+nc]      B block  kc x nc, stays in L2
 *       for ir in mc by MR:                 A strip  MR x kc, stays in L1 while
 *         for jr in nc by NR:               B strips stream from L2 past it
 *           micro-kernel: C[ic+ir : +MR, jc+jr : +NR] (+)= A strip x B strip
 * </pre>
 *
 * The micro-kernel broadcasts A and loads B as vectors, so the A strip is the operand reused
 * from L1 on every step: this is BLIS's order with the roles of A and B mirrored, because C is
 * row-major here. Each A strip serves nc / NR tiles and each B block mc / MR tiles, which keeps
 * packing (about a third of a nanosecond per element) a few percent of the work. The first kc
 * slice applies beta; later slices add onto C (beta = 1).
 */
final class VectorSgemmBlocked {
    private VectorSgemmBlocked() {}

    /** Depth of a packed slice: an A strip is MR * KC floats (24 KiB), half of L1. */
    static final int KC = 512;
    /** Columns of a packed B block, a multiple of NR: KC * NC floats = 512 KiB, half of L2. */
    static final int NC = 8 * NR;
    /** Rows of a packed A panel, a multiple of MR: MC * KC floats = 3 MiB, in L3. */
    static final int MC = 128 * MR;

    /** Packing buffers and the kernel's tile, one set per thread, grown on demand and then reused. */
    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];

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
        float[] tile = buffers.tile;
        for (int ic = 0; ic < m; ic += MC) {
            int mc = Math.min(MC, m - ic);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float betaNow = pc == 0 ? beta : 1f;
                VectorSgemmPack.packA(transA, a, aOff + (transA ? pc * lda + ic : ic * lda + pc), lda, mc, kc, ap);
                for (int jc = 0; jc < n; jc += NC) {
                    int nc = Math.min(NC, n - jc);
                    VectorSgemmPack.packB(transB, b, bOff + (transB ? jc * ldb + pc : pc * ldb + jc), ldb, kc, nc, bp);
                    macroKernel(mc, nc, kc, ap, bp, alpha, betaNow, c, cOff + ic * ldc + jc, ldc, tile);
                }
            }
        }
    }

    /** C[0:mc, 0:nc] = alpha * packed A panel x packed B block + beta * C, tile by tile. */
    private static void macroKernel(int mc, int nc, int kc, float[] ap, float[] bp, float alpha, float beta,
                                    MemorySegment c, long cOff, long ldc, float[] tile) {
        for (int ir = 0; ir < mc; ir += MR) {
            // Past an edge the packed strips are zero-padded: compute full tiles, keep what exists.
            int rows = Math.min(MR, mc - ir);
            for (int jr = 0; jr < nc; jr += NR) {
                VectorSgemmKernel.multiply(kc, ap, ir * kc, bp, jr * kc, tile);
                VectorSgemmKernel.update(rows, Math.min(NR, nc - jr), tile, alpha, beta, c, cOff + ir * ldc + jr, ldc);
            }
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
