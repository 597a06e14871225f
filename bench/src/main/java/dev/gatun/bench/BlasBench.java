package dev.gatun.bench;

import dev.gatun.blas.Blas;
import dev.gatun.blas.Layout;
import dev.gatun.blas.Transpose;
import dev.gatun.ffi.openblas.Cblas;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@link Blas} facade beside its peers, per routine and size, in one run. Names read
 * {@code routine_implementation}:
 * <ul>
 *   <li>{@code gatunOpenblas}: {@code Blas.get("openblas")} on Java arrays (critical heap access;
 *       level-3 calls above {@code gatun.blas.criticalMaxWork} are staged through an off-heap
 *       copy); {@code gatunOpenblasSeg}: the same on off-heap segments;
 *   <li>{@code ffm}: OpenBLAS straight through the bindings ({@code Cblas.cblas_*}) on off-heap
 *       segments, no checks: the floor for the facade's overhead;
 *   <li>{@code gatunJava}: {@code Blas.get("java")} (Vector API) on arrays;
 *   <li>{@code netlib}: netlib's {@code JavaBLAS.getInstance()} ({@code VectorBLAS} with the
 *       incubator module) on arrays, column-major (it computes the transposed product: same work);
 *   <li>{@code javacpp}: OpenBLAS through JavaCPP's JNI on JavaCPP pointers (off-heap, its fastest
 *       form), a second copy of the same OpenBLAS build.
 * </ul>
 * Sizes: {@code n} is the vector length (dot, axpy) or the square matrix order (gemm, gemv).
 * Pick with {@code -p n=...}; for example the short pass:
 * <pre>
 * ./mvnw -q -B -o -pl bench -am package -DskipTests
 * java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main BlasBench.sdot -p n=16,1000000 -f 1 -wi 1 -i 3
 * </pre>
 * Critical heap access against copying, for one gemm: add
 * {@code -jvmArgsAppend -Dgatun.blas.criticalMaxWork=0} (always copy) and compare.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class BlasBench {
    private static final Blas OPENBLAS = Blas.get("openblas");
    private static final Blas JAVA = Blas.get("java");
    private static final JavaBLAS NETLIB = JavaBLAS.getInstance();

    /** Operands on the heap, off-heap and in JavaCPP pointers, filled once per trial. */
    public abstract static class Data {
        Arena arena;
        /** Row-major matrices (netlib reads them column-major) and vectors. */
        float[] xf, yf, af, bf, cf;
        double[] ad, bd, cd;
        MemorySegment xs, ys, as, bs, cs, ads, bds, cds;
        FloatPointer xp, yp, ap, bp, cp;
        DoublePointer adp, bdp, cdp;

        abstract int n();

        /** Vectors of n elements; matrices n x n when {@link #matrices}. */
        abstract boolean matrices();

        @Setup(Level.Trial)
        public void fill() {
            Loader.load(openblas.class);
            openblas.blas_set_num_threads(Runtime.getRuntime().availableProcessors()); // as many as ours
            Random r = new Random(42);
            int n = n();
            int matrix = matrices() ? n * n : 1;
            int len = Math.max(n, matrix);
            xf = randomF(r, len);
            yf = randomF(r, len);
            af = randomF(r, matrix);
            bf = randomF(r, matrix);
            cf = new float[matrix];
            ad = randomD(r, matrix);
            bd = randomD(r, matrix);
            cd = new double[matrix];
            arena = Arena.ofShared();
            xs = copy(xf);
            ys = copy(yf);
            as = copy(af);
            bs = copy(bf);
            cs = copy(cf);
            ads = copy(ad);
            bds = copy(bd);
            cds = copy(cd);
            xp = new FloatPointer(xf);
            yp = new FloatPointer(yf);
            ap = new FloatPointer(af);
            bp = new FloatPointer(bf);
            cp = new FloatPointer(cf);
            adp = new DoublePointer(ad);
            bdp = new DoublePointer(bd);
            cdp = new DoublePointer(cd);
        }

        @TearDown(Level.Trial)
        public void free() {
            arena.close();
            for (var p : new org.bytedeco.javacpp.Pointer[] {xp, yp, ap, bp, cp, adp, bdp, cdp}) {
                p.close();
            }
        }

        private MemorySegment copy(float[] v) {
            return arena.allocateFrom(ValueLayout.JAVA_FLOAT, v);
        }

        private MemorySegment copy(double[] v) {
            return arena.allocateFrom(ValueLayout.JAVA_DOUBLE, v);
        }

        private static float[] randomF(Random r, int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextFloat() - 0.5f;
            }
            return v;
        }

        private static double[] randomD(Random r, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextDouble() - 0.5;
            }
            return v;
        }

    }

    /** dot and axpy: n is the vector length. */
    @State(Scope.Thread)
    public static class Vectors extends Data {
        @Param({"4", "16", "1000000"})
        public int n;

        @Override
        int n() {
            return n;
        }

        @Override
        boolean matrices() {
            return false;
        }
    }

    /** gemv and gemm: n is the order of the square matrices. */
    @State(Scope.Thread)
    public static class Matrices extends Data {
        @Param({"4", "16", "256", "1024"})
        public int n;

        @Override
        int n() {
            return n;
        }

        @Override
        boolean matrices() {
            return true;
        }
    }

    // ---------------------------------------------------------------- sdot (n = vector length)

    @Benchmark
    public float sdot_gatunOpenblas(Vectors d) {
        return OPENBLAS.sdot(d.n, d.xf, 0, 1, d.yf, 0, 1);
    }

    @Benchmark
    public float sdot_gatunOpenblasSeg(Vectors d) {
        return OPENBLAS.sdot(d.n, d.xs, 0, 1, d.ys, 0, 1);
    }

    @Benchmark
    public float sdot_ffm(Vectors d) {
        return Cblas.cblas_sdot(d.n, d.xs, 1, d.ys, 1);
    }

    @Benchmark
    public float sdot_gatunJava(Vectors d) {
        return JAVA.sdot(d.n, d.xf, 0, 1, d.yf, 0, 1);
    }

    @Benchmark
    public float sdot_netlib(Vectors d) {
        return NETLIB.sdot(d.n, d.xf, 0, 1, d.yf, 0, 1);
    }

    @Benchmark
    public float sdot_javacpp(Vectors d) {
        return openblas.cblas_sdot(d.n, d.xp, 1, d.yp, 1);
    }

    // ---------------------------------------------------------------- saxpy

    @Benchmark
    public float[] saxpy_gatunOpenblas(Vectors d) {
        OPENBLAS.saxpy(d.n, 1e-6f, d.xf, 0, 1, d.yf, 0, 1);
        return d.yf;
    }

    @Benchmark
    public MemorySegment saxpy_ffm(Vectors d) {
        Cblas.cblas_saxpy(d.n, 1e-6f, d.xs, 1, d.ys, 1);
        return d.ys;
    }

    @Benchmark
    public float[] saxpy_gatunJava(Vectors d) {
        JAVA.saxpy(d.n, 1e-6f, d.xf, 0, 1, d.yf, 0, 1);
        return d.yf;
    }

    @Benchmark
    public float[] saxpy_netlib(Vectors d) {
        NETLIB.saxpy(d.n, 1e-6f, d.xf, 0, 1, d.yf, 0, 1);
        return d.yf;
    }

    @Benchmark
    public FloatPointer saxpy_javacpp(Vectors d) {
        openblas.cblas_saxpy(d.n, 1e-6f, d.xp, 1, d.yp, 1);
        return d.yp;
    }

    // ---------------------------------------------------------------- sgemv (A d.n x d.n)

    @Benchmark
    public float[] sgemv_gatunOpenblas(Matrices d) {
        OPENBLAS.sgemv(Layout.ROW_MAJOR, Transpose.NO_TRANS, d.n, d.n, 1f, d.af, 0, d.n, d.xf, 0, 1, 0f, d.yf, 0, 1);
        return d.yf;
    }

    @Benchmark
    public float[] sgemv_gatunJava(Matrices d) {
        JAVA.sgemv(Layout.ROW_MAJOR, Transpose.NO_TRANS, d.n, d.n, 1f, d.af, 0, d.n, d.xf, 0, 1, 0f, d.yf, 0, 1);
        return d.yf;
    }

    /** Row-major A x is column-major A^T x: netlib's "T". */
    @Benchmark
    public float[] sgemv_netlib(Matrices d) {
        NETLIB.sgemv("T", d.n, d.n, 1f, d.af, 0, d.n, d.xf, 0, 1, 0f, d.yf, 0, 1);
        return d.yf;
    }

    @Benchmark
    public FloatPointer sgemv_javacpp(Matrices d) {
        openblas.cblas_sgemv(openblas.CblasRowMajor, openblas.CblasNoTrans, d.n, d.n, 1f, d.ap, d.n, d.xp, 1, 0f, d.yp, 1);
        return d.yp;
    }

    // ---------------------------------------------------------------- sgemm (d.n x d.n x d.n)

    @Benchmark
    public float[] sgemm_gatunOpenblas(Matrices d) {
        OPENBLAS.sgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, d.n, d.n, d.n, 1f, d.af, 0, d.n, d.bf, 0, d.n, 0f, d.cf, 0, d.n);
        return d.cf;
    }

    @Benchmark
    public MemorySegment sgemm_gatunOpenblasSeg(Matrices d) {
        OPENBLAS.sgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, d.n, d.n, d.n, 1f, d.as, 0, d.n, d.bs, 0, d.n, 0f, d.cs, 0, d.n);
        return d.cs;
    }

    @Benchmark
    public MemorySegment sgemm_ffm(Matrices d) {
        Cblas.cblas_sgemm(Cblas.CblasRowMajor, Cblas.CblasNoTrans, Cblas.CblasNoTrans, d.n, d.n, d.n, 1f, d.as, d.n, d.bs, d.n, 0f, d.cs, d.n);
        return d.cs;
    }

    @Benchmark
    public float[] sgemm_gatunJava(Matrices d) {
        JAVA.sgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, d.n, d.n, d.n, 1f, d.af, 0, d.n, d.bf, 0, d.n, 0f, d.cf, 0, d.n);
        return d.cf;
    }

    @Benchmark
    public float[] sgemm_netlib(Matrices d) {
        NETLIB.sgemm("N", "N", d.n, d.n, d.n, 1f, d.bf, 0, d.n, d.af, 0, d.n, 0f, d.cf, 0, d.n);
        return d.cf;
    }

    @Benchmark
    public FloatPointer sgemm_javacpp(Matrices d) {
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, d.n, d.n, d.n, 1f, d.ap, d.n, d.bp, d.n, 0f, d.cp, d.n);
        return d.cp;
    }

    // ---------------------------------------------------------------- dgemm (d.n x d.n x d.n)

    @Benchmark
    public double[] dgemm_gatunOpenblas(Matrices d) {
        OPENBLAS.dgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, d.n, d.n, d.n, 1, d.ad, 0, d.n, d.bd, 0, d.n, 0, d.cd, 0, d.n);
        return d.cd;
    }

    @Benchmark
    public MemorySegment dgemm_ffm(Matrices d) {
        Cblas.cblas_dgemm(Cblas.CblasRowMajor, Cblas.CblasNoTrans, Cblas.CblasNoTrans, d.n, d.n, d.n, 1, d.ads, d.n, d.bds, d.n, 0, d.cds, d.n);
        return d.cds;
    }

    @Benchmark
    public double[] dgemm_gatunJava(Matrices d) {
        JAVA.dgemm(Layout.ROW_MAJOR, Transpose.NO_TRANS, Transpose.NO_TRANS, d.n, d.n, d.n, 1, d.ad, 0, d.n, d.bd, 0, d.n, 0, d.cd, 0, d.n);
        return d.cd;
    }

    @Benchmark
    public double[] dgemm_netlib(Matrices d) {
        NETLIB.dgemm("N", "N", d.n, d.n, d.n, 1, d.bd, 0, d.n, d.ad, 0, d.n, 0, d.cd, 0, d.n);
        return d.cd;
    }

    @Benchmark
    public DoublePointer dgemm_javacpp(Matrices d) {
        openblas.cblas_dgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, d.n, d.n, d.n, 1, d.adp, d.n, d.bdp, d.n, 0, d.cdp, d.n);
        return d.cdp;
    }
}
