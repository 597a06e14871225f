package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.VectorSgemmKernel.LANES;
import static dev.gatun.backend.vector.VectorSgemmKernel.MR;
import static dev.gatun.backend.vector.VectorSgemmKernel.NR;
import static dev.gatun.backend.vector.VectorSgemmKernel.SPECIES;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Packing for {@link VectorSgemm}: copies a block of op(A) or op(B) into a heap float[] in the
 * order the micro-kernel reads it, so the kernel walks memory strictly forward. Strips that run
 * past the matrix edge are padded with zeros, which lets the kernel always compute full
 * MR x NR tiles.
 *
 * <p>Two of the four cases are vector copies (op(A) stored transposed, op(B) stored as is); the
 * other two transpose with scalar code, 0.3 to 0.7 ns per element here. Staging the rows on the
 * heap and transposing with vector gathers was measured slower on AVX-512 (Zen), where gathers
 * cost about as much as the scalar loads they replace.
 */
final class VectorSgemmPack {
    private VectorSgemmPack() {}

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /**
     * Packs op(A)[0:mc, 0:kc] into ap as MR-row strips: strip s holds rows s*MR.. and element
     * (p, i) of the strip sits at ap[s*MR*kc + p*MR + i]. op(A)(i, p) is a[aOff + i*lda + p], or
     * a[aOff + p*lda + i] when transA.
     */
    static void packA(boolean transA, MemorySegment a, long aOff, long lda, int mc, int kc, float[] ap) {
        for (int i0 = 0, dst = 0; i0 < mc; i0 += MR, dst += MR * kc) {
            int rows = Math.min(MR, mc - i0);
            if (transA) {
                // A stored kc x mc: the MR values of one p are adjacent; copy them, pad with zeros.
                for (int p = 0; p < kc; p++) {
                    long src = (aOff + p * lda + i0) * Float.BYTES;
                    for (int i = 0; i < MR; i += LANES) {
                        FloatVector.fromMemorySegment(SPECIES, a, src + (long) i * Float.BYTES, ORDER,
                                        SPECIES.indexInRange(i, rows))
                                .intoArray(ap, dst + p * MR + i, SPECIES.indexInRange(i, MR));
                    }
                }
            } else {
                // A stored mc x kc: a transpose; read each row forward, write it with stride MR.
                if (rows < MR) {
                    Arrays.fill(ap, dst, dst + MR * kc, 0f);
                }
                for (int i = 0; i < rows; i++) {
                    long src = aOff + (i0 + i) * lda;
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * MR + i] = a.getAtIndex(F32, src + p);
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[0:kc, 0:nc] into bp as NR-column strips: strip t holds columns t*NR.. and
     * element (p, j) of the strip sits at bp[t*NR*kc + p*NR + j]. op(B)(p, j) is
     * b[bOff + p*ldb + j], or b[bOff + j*ldb + p] when transB.
     */
    static void packB(boolean transB, MemorySegment b, long bOff, long ldb, int kc, int nc, float[] bp) {
        for (int j0 = 0, dst = 0; j0 < nc; j0 += NR, dst += NR * kc) {
            int cols = Math.min(NR, nc - j0);
            if (transB) {
                // B stored nc x kc: a transpose; read each column of op(B) forward, write it with stride NR.
                if (cols < NR) {
                    Arrays.fill(bp, dst, dst + NR * kc, 0f);
                }
                for (int j = 0; j < cols; j++) {
                    long src = bOff + (j0 + j) * ldb;
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * NR + j] = b.getAtIndex(F32, src + p);
                    }
                }
            } else if (cols == NR) {
                // B stored kc x nc: each p contributes NR adjacent values, two vectors.
                for (int p = 0; p < kc; p++) {
                    long src = (bOff + p * ldb + j0) * Float.BYTES;
                    FloatVector.fromMemorySegment(SPECIES, b, src, ORDER).intoArray(bp, dst + p * NR);
                    FloatVector.fromMemorySegment(SPECIES, b, src + (long) LANES * Float.BYTES, ORDER)
                            .intoArray(bp, dst + p * NR + LANES);
                }
            } else {
                Arrays.fill(bp, dst, dst + NR * kc, 0f);
                for (int p = 0; p < kc; p++) {
                    long src = bOff + p * ldb + j0;
                    for (int j = 0; j < cols; j++) {
                        bp[dst + p * NR + j] = b.getAtIndex(F32, src + j);
                    }
                }
            }
        }
    }
}
