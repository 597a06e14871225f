package dev.gatun.backend;

import java.util.Map;
import java.util.ServiceLoader;

/**
 * A section of {@code gatun info}, contributed through {@link ServiceLoader} by modules that
 * know things {@code gatun-api} cannot (the native module: library versions, load paths, ISA,
 * thread pools). Implementations must not throw: a library that failed to load reports why.
 */
public interface DiagnosticsProvider {

    /** Section title, e.g. "OpenBLAS". */
    String section();

    /** Ordered key/value lines, e.g. "version" -> "0.3.31". */
    Map<String, String> entries();
}
