package dev.gatun.blas;

/**
 * A native {@link Blas} offered through {@link java.util.ServiceLoader} (gatun-native registers
 * the OpenBLAS one), so that {@code gatun-api} never depends on native code.
 */
public interface BlasProvider {
    /** Short name, the value of {@code -Dgatun.blas=}: e.g. {@code openblas}. */
    String name();

    /** Higher wins when several load. */
    default int priority() {
        return 100;
    }

    /**
     * Creates the implementation, or throws with a one-line reason why it cannot run here (the
     * native library did not load, a symbol is missing).
     */
    Blas create();
}
