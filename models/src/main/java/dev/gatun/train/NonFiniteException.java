package dev.gatun.train;

/**
 * Training met a NaN or an infinity; thrown by {@link NonFiniteGuard} at the first step where
 * one appeared, naming that step and where the value was found.
 */
public final class NonFiniteException extends ArithmeticException {
    private final long step;
    private final String where;

    NonFiniteException(long step, int epoch, String where, String what) {
        super("non-finite value at step " + step + " (epoch " + epoch + "): " + where + " " + what);
        this.step = step;
        this.where = where;
    }

    /** The 1-based optimizer step (counted over the whole run) where the value appeared. */
    public long step() {
        return step;
    }

    /** The layer or parameter it was found in, e.g. {@code layer '2' (Linear) output}. */
    public String where() {
        return where;
    }
}
