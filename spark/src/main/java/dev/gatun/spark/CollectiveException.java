package dev.gatun.spark;

/** A collective operation across the workers (the gradient ring, a checksum) failed: a peer died, stalled or fell out of step. */
public class CollectiveException extends RuntimeException {
    public CollectiveException(String message, Throwable cause) {
        super(message, cause);
    }

    public CollectiveException(String message) {
        super(message);
    }
}
