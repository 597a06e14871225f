package dev.gatun.ffi;

/**
 * A native library (or one symbol of it) could not be loaded. The message is the reason the
 * loader kept, e.g. {@code OpenBLAS not loaded: gatun.openblas.path=/x/y.so: file does not exist};
 * every later use of the same library reports the same message.
 *
 * <p>Unchecked: callers either probed {@link NativeLibrary#isAvailable()} first (backends do) or
 * cannot recover anyway.
 */
public final class NativeLibraryUnavailableException extends RuntimeException {
    public NativeLibraryUnavailableException(String reason) {
        super(reason);
    }

    public NativeLibraryUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
