package dev.gatun.blas.openblas;

import dev.gatun.blas.Blas;
import dev.gatun.blas.netlib.GatunNetlibBlas;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Main class of {@link TwoOpenblasTest}'s child JVMs: the system's OpenBLAS (through netlib's JNI,
 * which opens {@code libblas.so.3} with {@code RTLD_GLOBAL}) and Gatun's in one process, loaded in
 * the order given by {@code args[0]} ({@code system-first} or {@code gatun-first}); both answer the
 * same four calls, checked after both are loaded. Prints one line per side, the mapped OpenBLAS
 * files, and {@code OK} last when every answer is right.
 */
public final class TwoOpenblasChild {
    private TwoOpenblasChild() {}

    public static void main(String[] args) throws IOException {
        boolean systemFirst = args[0].equals("system-first");
        BLAS first = systemFirst ? NativeBLAS.getInstance() : gatun();
        check("warm-up", first); // loads the first library before the second exists
        BLAS second = systemFirst ? gatun() : NativeBLAS.getInstance();
        List<String> wrong = new ArrayList<>();
        wrong.addAll(check(systemFirst ? "system" : "gatun", first));
        wrong.addAll(check(systemFirst ? "gatun" : "system", second));
        Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .map(l -> l.substring(l.indexOf('/') < 0 ? l.length() : l.indexOf('/')))
                .filter(f -> f.contains("openblas") || f.contains("libblas") || f.contains("quadmath") || f.contains("gfortran"))
                .distinct().forEach(f -> System.out.println("mapped " + f));
        System.out.println(wrong.isEmpty() ? "OK" : "WRONG " + wrong);
        System.exit(wrong.isEmpty() ? 0 : 1);
    }

    private static BLAS gatun() {
        if (!Blas.getInstance().name().equals("openblas")) {
            throw new AssertionError("Gatun's BLAS is " + Blas.getInstance().name() + ", not openblas");
        }
        return GatunNetlibBlas.getInstance();
    }

    /** ddot, idamax, dnrm2 and dgemm with answers worked by hand; returns what came out wrong. */
    private static List<String> check(String side, BLAS blas) {
        List<String> wrong = new ArrayList<>();
        double dot = blas.ddot(3, new double[] {1, 2, 3}, 1, new double[] {4, 5, 6}, 1); // 4 + 10 + 18
        int imax = blas.idamax(3, new double[] {1, -7, 3}, 1); // |-7| is largest; 0-based in netlib's Java API
        double nrm = blas.dnrm2(2, new double[] {3, 4}, 1); // sqrt(9 + 16)
        double[] c = new double[4];
        // column-major A = [1 3; 2 4], B = [5 7; 6 8]: A*B = [23 31; 34 46], stored 23 34 31 46
        blas.dgemm("N", "N", 2, 2, 2, 1.0, new double[] {1, 2, 3, 4}, 2, new double[] {5, 6, 7, 8}, 2, 0.0, c, 2);
        if (dot != 32) wrong.add(side + " ddot=" + dot);
        if (imax != 1) wrong.add(side + " idamax=" + imax);
        if (nrm != 5) wrong.add(side + " dnrm2=" + nrm);
        if (!java.util.Arrays.equals(c, new double[] {23, 34, 31, 46})) wrong.add(side + " dgemm=" + java.util.Arrays.toString(c));
        System.out.println(side + " (" + blas.getClass().getSimpleName() + "): ddot=" + dot + " idamax=" + imax + " dnrm2=" + nrm
                + " dgemm=" + java.util.Arrays.toString(c));
        return wrong;
    }
}
