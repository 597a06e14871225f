package dev.gatun.backend;

/**
 * A source of one backend, found through {@link java.util.ServiceLoader} so that
 * {@code gatun-api} never depends on the native module: adding {@code gatun-native} to the
 * class path makes its backends appear with no code change.
 */
public interface BackendProvider {

    /** The name users pass to {@code -Dgatun.backend=}. */
    String name();

    /** Higher is preferred when nothing is forced (onednn 300, openblas 200, java 100, scalar 0). */
    int priority();

    /**
     * Creates the backend, or throws an exception whose message says in one line why it cannot
     * run here (library missing, module absent, ...).
     *
     * @param fallback the pure-Java backend, for ops this one does not accelerate
     */
    Backend create(Backend fallback) throws Exception;
}
