package dev.gatun.blas.vector;

import static dev.gatun.blas.vector.JavaBlas.F64;
import static dev.gatun.blas.vector.VectorLevel1.DS;
import static dev.gatun.blas.vector.VectorLevel1.ORDER;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;

/**
 * Double-precision gemm, row-major, on the Vector API: the GotoBLAS loop nest, simpler than the
 * float kernel ({@code VectorSgemm}) and single-threaded.
 *
 * <pre>
 *   C = beta C                                   (once; beta == 0 writes zeros unread)
 *   for jc in n by NC:                           B block: op(B)[pc:pc+kc][jc:jc+nc]
 *     for pc in k by KC:                         packed in NR-wide column panels (L3-sized)
 *       for ic in m by MC:                       alpha op(A)[ic:ic+mc][pc:pc+kc]
 *         pack A in MR-tall row panels           (L2-sized)
 *         for each MR x NR tile: C_tile += A_panel B_panel   (micro-kernel, registers)
 * </pre>
 * The micro-kernel keeps an MR x NR tile of C (MR = 4 rows, NR = 2 vectors) in 8 vector
 * registers and does 8 FMAs per step of p against 2 loads of B and 4 broadcasts of A. Panels
 * are zero-padded, so the kernel never branches on edges; only its store to C is masked.
 * Packing buffers are per thread and reused.
 */
final class VectorDgemm {
    private VectorDgemm() {}

    private static final int L = DS.length();
    static final int MR = 4;
    static final int NR = 2 * L;
    private static final int KC = 256;
    private static final int MC = 128;
    private static final int NC = 1024;

    /** Packing buffers of one thread: A block MC x KC, B block KC x NC (each padded). */
    private static final ThreadLocal<double[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new double[][] {new double[MC * KC], new double[KC * roundUp(NC, NR)]});

    static int roundUp(int v, int to) {
        return (v + to - 1) / to * to;
    }

    /** C[m][n] = alpha op(A)[m][k] op(B)[k][n] + beta C, row-major; m, n > 0. */
    static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                      double beta, MemorySegment c, long cOff, int ldc) {
        scale(m, n, beta, c, cOff, ldc);
        if (alpha == 0d || k == 0) {
            return;
        }
        double[][] buffers = BUFFERS.get();
        double[] ap = buffers[0], bp = buffers[1];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, alpha, a, aOff, lda, ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        for (int ir = 0; ir < mc; ir += MR) {
                            kernel(kc, ap, ir * kc, bp, jr * kc, c, cOff + (long) (ic + ir) * ldc + jc + jr, ldc,
                                    Math.min(MR, mc - ir), Math.min(NR, nc - jr));
                        }
                    }
                }
            }
        }
    }

    /** ap[ir*kc + p*MR + r] = alpha op(A)[ic+ir+r][pc+p]; rows past mc are zero. */
    private static void packA(boolean trans, double alpha, MemorySegment a, long aOff, int lda,
                              int ic, int mc, int pc, int kc, double[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int base = ir * kc;
            for (int r = 0; r < MR; r++) {
                int i = ic + ir + r;
                if (ir + r >= mc) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = 0d;
                    }
                } else if (trans) { // op(A)[i][p] = A[p][i]
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = alpha * a.getAtIndex(F64, aOff + (long) (pc + p) * lda + i);
                    }
                } else {
                    long row = aOff + (long) i * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = alpha * a.getAtIndex(F64, row + p);
                    }
                }
            }
        }
    }

    /** bp[jr*kc + p*NR + j] = op(B)[pc+p][jc+jr+j]; columns past nc are zero. */
    private static void packB(boolean trans, MemorySegment b, long bOff, int ldb, int pc, int kc, int jc, int nc, double[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int base = jr * kc;
            int cols = Math.min(NR, nc - jr);
            for (int p = 0; p < kc; p++) {
                int at = base + p * NR;
                if (!trans && cols == NR) { // a row of B as stored: two vector copies
                    long src = (bOff + (long) (pc + p) * ldb + jc + jr) * Double.BYTES;
                    DoubleVector.fromMemorySegment(DS, b, src, ORDER).intoArray(bp, at);
                    DoubleVector.fromMemorySegment(DS, b, src + (long) L * Double.BYTES, ORDER).intoArray(bp, at + L);
                    continue;
                }
                for (int j = 0; j < NR; j++) {
                    int col = jc + jr + j;
                    bp[at + j] = j >= cols ? 0d
                            : trans ? b.getAtIndex(F64, bOff + (long) col * ldb + pc + p)
                            : b.getAtIndex(F64, bOff + (long) (pc + p) * ldb + col);
                }
            }
        }
    }

    /** C tile (rows x cols, at most MR x NR) += A panel (MR x kc) B panel (kc x NR). */
    private static void kernel(int kc, double[] ap, int aAt, double[] bp, int bAt,
                               MemorySegment c, long cAt, int ldc, int rows, int cols) {
        DoubleVector c00 = DoubleVector.zero(DS), c01 = c00, c10 = c00, c11 = c00;
        DoubleVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bAt + p * NR);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bAt + p * NR + L);
            int at = aAt + p * MR;
            DoubleVector a0 = DoubleVector.broadcast(DS, ap[at]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            DoubleVector a1 = DoubleVector.broadcast(DS, ap[at + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            DoubleVector a2 = DoubleVector.broadcast(DS, ap[at + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            DoubleVector a3 = DoubleVector.broadcast(DS, ap[at + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
        }
        addRow(c00, c01, c, cAt, cols);
        if (rows > 1) {
            addRow(c10, c11, c, cAt + ldc, cols);
        }
        if (rows > 2) {
            addRow(c20, c21, c, cAt + 2L * ldc, cols);
        }
        if (rows > 3) {
            addRow(c30, c31, c, cAt + 3L * ldc, cols);
        }
    }

    /** C[at .. at+cols) += (v0, v1); lanes past cols are neither read nor written. */
    private static void addRow(DoubleVector v0, DoubleVector v1, MemorySegment c, long at, int cols) {
        long bytes = at * Double.BYTES, bytes1 = bytes + (long) L * Double.BYTES;
        if (cols == NR) {
            v0.add(DoubleVector.fromMemorySegment(DS, c, bytes, ORDER)).intoMemorySegment(c, bytes, ORDER);
            v1.add(DoubleVector.fromMemorySegment(DS, c, bytes1, ORDER)).intoMemorySegment(c, bytes1, ORDER);
            return;
        }
        VectorMask<Double> m0 = DS.indexInRange(0, cols);
        VectorMask<Double> m1 = DS.indexInRange(L, cols);
        v0.add(DoubleVector.fromMemorySegment(DS, c, bytes, ORDER, m0)).intoMemorySegment(c, bytes, ORDER, m0);
        if (cols > L) {
            v1.add(DoubleVector.fromMemorySegment(DS, c, bytes1, ORDER, m1)).intoMemorySegment(c, bytes1, ORDER, m1);
        }
    }

    /** C = beta C; beta == 0 writes zeros without reading C. */
    private static void scale(int m, int n, double beta, MemorySegment c, long cOff, int ldc) {
        if (beta == 1d) {
            return;
        }
        for (int i = 0; i < m; i++) {
            long row = cOff + (long) i * ldc;
            if (beta == 0d) {
                c.asSlice(row * Double.BYTES, (long) n * Double.BYTES).fill((byte) 0);
            } else {
                VectorLevel1.dscal(n, beta, c, row);
            }
        }
    }
}
