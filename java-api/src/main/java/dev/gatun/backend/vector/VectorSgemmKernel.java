package dev.gatun.backend.vector;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel of {@link VectorSgemm}: one MR x NR tile of C from an
 * MR-row strip of packed A and an NR-column strip of packed B.
 *
 * <p>MR = 6 rows by NR = 2 vectors keeps 12 accumulators, 2 B vectors and 1 broadcast A value in
 * registers (15 of 16 on AVX2, comfortable on AVX-512), and issues 12 independent FMAs per k
 * step: enough to cover the FMA latency on two pipes. The accumulators are written out as named
 * locals because C2 keeps locals in registers but not array elements.
 */
final class VectorSgemmKernel {
    private VectorSgemmKernel() {}

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    static final int MR = 6;
    static final int NR = 2 * LANES;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /**
     * C[0:MR, 0:NR] = alpha * (Ap x Bp) + beta * C, where Ap is kc x MR (ap[aOff + p*MR + i]) and
     * Bp is kc x NR (bp[bOff + p*NR + j]). beta == 0 never reads C. C is row-major with leading
     * dimension ldc, all in elements; the whole tile must lie inside c.
     */
    static void tile(int kc, float[] ap, int aOff, float[] bp, int bOff,
                     MemorySegment c, long cOff, long ldc, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
            FloatVector a = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        store(c, cOff, c00, c01, alpha, beta);
        store(c, cOff + ldc, c10, c11, alpha, beta);
        store(c, cOff + 2 * ldc, c20, c21, alpha, beta);
        store(c, cOff + 3 * ldc, c30, c31, alpha, beta);
        store(c, cOff + 4 * ldc, c40, c41, alpha, beta);
        store(c, cOff + 5 * ldc, c50, c51, alpha, beta);
    }

    /** One row of the tile: c[row, 0:NR] = alpha * (acc0 | acc1) + beta * c[row, 0:NR]. */
    private static void store(MemorySegment c, long rowOff, FloatVector acc0, FloatVector acc1,
                              float alpha, float beta) {
        long at0 = rowOff * Float.BYTES;
        long at1 = at0 + (long) LANES * Float.BYTES;
        if (beta == 0f) {
            acc0.mul(alpha).intoMemorySegment(c, at0, ORDER);
            acc1.mul(alpha).intoMemorySegment(c, at1, ORDER);
        } else {
            FloatVector old0 = FloatVector.fromMemorySegment(SPECIES, c, at0, ORDER);
            FloatVector old1 = FloatVector.fromMemorySegment(SPECIES, c, at1, ORDER);
            FloatVector alphas = FloatVector.broadcast(SPECIES, alpha);
            acc0.fma(alphas, old0.mul(beta)).intoMemorySegment(c, at0, ORDER);
            acc1.fma(alphas, old1.mul(beta)).intoMemorySegment(c, at1, ORDER);
        }
    }
}
