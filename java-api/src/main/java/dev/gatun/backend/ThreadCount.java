package dev.gatun.backend;

/**
 * The one rule for thread counts, wherever they come from ({@code Backends.setThreads}, the
 * {@code gatun.threads} property, {@code $GATUN_THREADS}, the command line's {@code --threads}).
 *
 * <p>The bound: at least 1, at most {@code max(64, 4 × availableProcessors)}. A compute pool larger
 * than the cores only adds contention; four times the cores leaves room for containers whose CPU
 * quota hides cores and for oversubscription experiments, and 64 (the bundled OpenBLAS's
 * {@code MAX_THREADS}) keeps small machines from being cut below what the libraries are built for.
 * Counts in the thousands are never useful and not safe: 8192 and 10000 kill the JVM with SIGSEGV
 * in the bundled libgomp under oneDNN's matmul.
 */
final class ThreadCount {
    private ThreadCount() {}

    static int max() {
        return Math.max(64, 4 * Runtime.getRuntime().availableProcessors());
    }

    /** Returns {@code n} when it is within bounds, else throws naming {@code source} and the bound. */
    static int check(String source, long n) {
        if (n < 1 || n > max()) {
            throw new IllegalArgumentException(source + ": thread count must be between 1 and " + max()
                    + " (4 x " + Runtime.getRuntime().availableProcessors() + " processors, at least 64), got " + n);
        }
        return (int) n;
    }

    /** The starting count: a setting's value, else the processors; a bad setting is kept as a failure. */
    record Initial(int count, String failure) {}

    static Initial initial() {
        return Holder.INITIAL;
    }

    private static final class Holder {
        static final Initial INITIAL = read(System.getProperty("gatun.threads"), System.getenv("GATUN_THREADS"));
    }

    /** {@code property} wins over {@code env}; blank means unset. */
    static Initial read(String property, String env) {
        int processors = Runtime.getRuntime().availableProcessors();
        String source = property != null && !property.isBlank() ? "gatun.threads" : env != null && !env.isBlank() ? "GATUN_THREADS" : null;
        if (source == null) {
            return new Initial(processors, null);
        }
        String value = (source.equals("gatun.threads") ? property : env).strip();
        try {
            return new Initial(check(source + "=" + value, Long.parseLong(value)), null);
        } catch (NumberFormatException e) {
            return new Initial(processors, source + "=" + value + ": thread count must be a whole number between 1 and " + max());
        } catch (IllegalArgumentException e) {
            return new Initial(processors, e.getMessage());
        }
    }
}
