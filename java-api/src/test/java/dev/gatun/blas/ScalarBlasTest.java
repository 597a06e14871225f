package dev.gatun.blas;

/** The plain-loop implementation (the {@code java} one where the Vector API is absent) against netlib. */
class ScalarBlasTest extends BlasContract {
    private static final Blas BLAS = new ScalarBlas();

    @Override
    protected Blas blas() {
        return BLAS;
    }
}
