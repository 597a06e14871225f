package dev.gatun.blas;

/**
 * The reference BLAS of {@link BlasContract}: netlib's {@code JavaBLAS} when it is on the class
 * path (it is for gatun-api's tests), else our scalar loops, themselves checked against netlib
 * in gatun-api's own run.
 */
public final class References {
    private References() {}

    private static final Blas BEST = choose();

    public static Blas best() {
        return BEST;
    }

    private static Blas choose() {
        try {
            Class.forName("dev.ludovic.netlib.blas.JavaBLAS");
            return new NetlibReference();
        } catch (ClassNotFoundException e) {
            System.err.println("BlasContract: netlib is not on the class path; the reference is gatun's ScalarBlas");
            return new ScalarBlas();
        }
    }
}
