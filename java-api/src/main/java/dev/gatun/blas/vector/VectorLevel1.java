package dev.gatun.blas.vector;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Level-1 kernels on contiguous vectors (unit stride), float and double: a vector loop (four
 * independent accumulators where a reduction would otherwise wait on one register's latency)
 * and a scalar tail. Offsets count elements. {@link JavaBlas} routes strided calls elsewhere.
 */
final class VectorLevel1 {
    private VectorLevel1() {}

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int FL = FS.length();
    private static final int DL = DS.length();

    static FloatVector loadF(MemorySegment s, long index) {
        return FloatVector.fromMemorySegment(FS, s, index * Float.BYTES, ORDER);
    }

    static DoubleVector loadD(MemorySegment s, long index) {
        return DoubleVector.fromMemorySegment(DS, s, index * Double.BYTES, ORDER);
    }

    static void store(FloatVector v, MemorySegment s, long index) {
        v.intoMemorySegment(s, index * Float.BYTES, ORDER);
    }

    static void store(DoubleVector v, MemorySegment s, long index) {
        v.intoMemorySegment(s, index * Double.BYTES, ORDER);
    }

    // ---------------------------------------------------------------- dot

    static float sdot(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        FloatVector s0 = FloatVector.zero(FS), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int bound = n - 4 * FL; i <= bound; i += 4 * FL) {
            s0 = loadF(x, xOff + i).fma(loadF(y, yOff + i), s0);
            s1 = loadF(x, xOff + i + FL).fma(loadF(y, yOff + i + FL), s1);
            s2 = loadF(x, xOff + i + 2 * FL).fma(loadF(y, yOff + i + 2 * FL), s2);
            s3 = loadF(x, xOff + i + 3 * FL).fma(loadF(y, yOff + i + 3 * FL), s3);
        }
        for (int bound = n - FL; i <= bound; i += FL) {
            s0 = loadF(x, xOff + i).fma(loadF(y, yOff + i), s0);
        }
        float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        return sum + dotTailF(i, n, x, xOff, y, yOff);
    }

    /** The scalar tail, out of line: it keeps the dot kernel under C2's inlining size (325 bytes). */
    private static float dotTailF(int i, int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        float sum = 0;
        for (; i < n; i++) {
            sum += x.getAtIndex(JavaBlas.F32, xOff + i) * y.getAtIndex(JavaBlas.F32, yOff + i);
        }
        return sum;
    }

    static double ddot(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        DoubleVector s0 = DoubleVector.zero(DS), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int bound = n - 4 * DL; i <= bound; i += 4 * DL) {
            s0 = loadD(x, xOff + i).fma(loadD(y, yOff + i), s0);
            s1 = loadD(x, xOff + i + DL).fma(loadD(y, yOff + i + DL), s1);
            s2 = loadD(x, xOff + i + 2 * DL).fma(loadD(y, yOff + i + 2 * DL), s2);
            s3 = loadD(x, xOff + i + 3 * DL).fma(loadD(y, yOff + i + 3 * DL), s3);
        }
        for (int bound = n - DL; i <= bound; i += DL) {
            s0 = loadD(x, xOff + i).fma(loadD(y, yOff + i), s0);
        }
        double sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        return sum + dotTailD(i, n, x, xOff, y, yOff);
    }

    /** The scalar tail, out of line: it keeps the dot kernel under C2's inlining size (325 bytes). */
    private static double dotTailD(int i, int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        double sum = 0;
        for (; i < n; i++) {
            sum += x.getAtIndex(JavaBlas.F64, xOff + i) * y.getAtIndex(JavaBlas.F64, yOff + i);
        }
        return sum;
    }

    // ---------------------------------------------------------------- sum of squares (nrm2), asum

    /** sum x_i^2 in float lanes; the caller rescales if it over- or underflowed. */
    static float sumSquares(int n, MemorySegment x, long xOff) {
        return sdot(n, x, xOff, x, xOff);
    }

    static double sumSquaresD(int n, MemorySegment x, long xOff) {
        return ddot(n, x, xOff, x, xOff);
    }

    static float sasum(int n, MemorySegment x, long xOff) {
        FloatVector s0 = FloatVector.zero(FS), s1 = s0;
        int i = 0;
        for (int bound = n - 2 * FL; i <= bound; i += 2 * FL) {
            s0 = s0.add(loadF(x, xOff + i).abs());
            s1 = s1.add(loadF(x, xOff + i + FL).abs());
        }
        for (int bound = n - FL; i <= bound; i += FL) {
            s0 = s0.add(loadF(x, xOff + i).abs());
        }
        float sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += Math.abs(x.getAtIndex(JavaBlas.F32, xOff + i));
        }
        return sum;
    }

    static double dasum(int n, MemorySegment x, long xOff) {
        DoubleVector s0 = DoubleVector.zero(DS), s1 = s0;
        int i = 0;
        for (int bound = n - 2 * DL; i <= bound; i += 2 * DL) {
            s0 = s0.add(loadD(x, xOff + i).abs());
            s1 = s1.add(loadD(x, xOff + i + DL).abs());
        }
        for (int bound = n - DL; i <= bound; i += DL) {
            s0 = s0.add(loadD(x, xOff + i).abs());
        }
        double sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += Math.abs(x.getAtIndex(JavaBlas.F64, xOff + i));
        }
        return sum;
    }

    // ---------------------------------------------------------------- axpy, scal, swap

    /** y = alpha x + y. */
    static void saxpy(int n, float alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        FloatVector av = FloatVector.broadcast(FS, alpha);
        int i = 0;
        for (int bound = n - FL; i <= bound; i += FL) {
            store(loadF(x, xOff + i).fma(av, loadF(y, yOff + i)), y, yOff + i);
        }
        for (; i < n; i++) {
            y.setAtIndex(JavaBlas.F32, yOff + i, y.getAtIndex(JavaBlas.F32, yOff + i) + alpha * x.getAtIndex(JavaBlas.F32, xOff + i));
        }
    }

    static void daxpy(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        DoubleVector av = DoubleVector.broadcast(DS, alpha);
        int i = 0;
        for (int bound = n - DL; i <= bound; i += DL) {
            store(loadD(x, xOff + i).fma(av, loadD(y, yOff + i)), y, yOff + i);
        }
        for (; i < n; i++) {
            y.setAtIndex(JavaBlas.F64, yOff + i, y.getAtIndex(JavaBlas.F64, yOff + i) + alpha * x.getAtIndex(JavaBlas.F64, xOff + i));
        }
    }

    static void sscal(int n, float alpha, MemorySegment x, long xOff) {
        int i = 0;
        for (int bound = n - FL; i <= bound; i += FL) {
            store(loadF(x, xOff + i).mul(alpha), x, xOff + i);
        }
        for (; i < n; i++) {
            x.setAtIndex(JavaBlas.F32, xOff + i, alpha * x.getAtIndex(JavaBlas.F32, xOff + i));
        }
    }

    static void dscal(int n, double alpha, MemorySegment x, long xOff) {
        int i = 0;
        for (int bound = n - DL; i <= bound; i += DL) {
            store(loadD(x, xOff + i).mul(alpha), x, xOff + i);
        }
        for (; i < n; i++) {
            x.setAtIndex(JavaBlas.F64, xOff + i, alpha * x.getAtIndex(JavaBlas.F64, xOff + i));
        }
    }

    static void sswap(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        int i = 0;
        for (int bound = n - FL; i <= bound; i += FL) {
            FloatVector t = loadF(x, xOff + i);
            store(loadF(y, yOff + i), x, xOff + i);
            store(t, y, yOff + i);
        }
        for (; i < n; i++) {
            float t = x.getAtIndex(JavaBlas.F32, xOff + i);
            x.setAtIndex(JavaBlas.F32, xOff + i, y.getAtIndex(JavaBlas.F32, yOff + i));
            y.setAtIndex(JavaBlas.F32, yOff + i, t);
        }
    }

    static void dswap(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        int i = 0;
        for (int bound = n - DL; i <= bound; i += DL) {
            DoubleVector t = loadD(x, xOff + i);
            store(loadD(y, yOff + i), x, xOff + i);
            store(t, y, yOff + i);
        }
        for (; i < n; i++) {
            double t = x.getAtIndex(JavaBlas.F64, xOff + i);
            x.setAtIndex(JavaBlas.F64, xOff + i, y.getAtIndex(JavaBlas.F64, yOff + i));
            y.setAtIndex(JavaBlas.F64, yOff + i, t);
        }
    }
}
