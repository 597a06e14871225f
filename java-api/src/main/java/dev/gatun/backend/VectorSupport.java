package dev.gatun.backend;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the incubating Vector API can be used here, and if not, why (one line).
 *
 * <p>Every piece of Java code with a vector and a scalar version (the java backend, the java BLAS,
 * the RNN gates, the optimizers' updates) asks {@link #usable()}; the first that falls back logs
 * the one INFO line that says so, the others stay silent.
 */
public final class VectorSupport {
    private static final System.Logger LOG = System.getLogger("dev.gatun.backend");
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private VectorSupport() {}

    /** Whether the Vector API code may be used; when not, logs why (once per JVM). */
    public static boolean usable() {
        String why = unavailableReason();
        if (why != null) {
            logFallback(why);
        }
        return why == null;
    }

    /**
     * Logs, the first time only, that Gatun's Java code runs scalar loops and why: the module is
     * absent, or (from a caller) the vector code failed to start.
     */
    public static void logFallback(String why) {
        if (FALLBACK_LOGGED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "gatun: Java code runs scalar loops, no Vector API (" + why + ")");
        }
    }

    /** Null when usable, else the reason. */
    public static String unavailableReason() {
        if (Runtime.version().feature() < 25) {
            return "Java " + Runtime.version().feature() + " < 25";
        }
        if (Boolean.getBoolean("gatun.vector.disable")) {
            return "disabled by -Dgatun.vector.disable=true";
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "module jdk.incubator.vector not enabled (run with --add-modules jdk.incubator.vector)";
        }
        return null;
    }

    /** Bit size of the preferred float species (256 on AVX2, 512 on AVX-512), or 0 when unavailable. */
    public static int preferredFloatBits() {
        if (unavailableReason() != null) {
            return 0;
        }
        try {
            // Reflective so that this class links without the incubator module.
            Object species = Class.forName("jdk.incubator.vector.FloatVector").getField("SPECIES_PREFERRED").get(null);
            // Through the public interface: the species' own class is not exported.
            return (int) Class.forName("jdk.incubator.vector.VectorSpecies").getMethod("vectorBitSize").invoke(species);
        } catch (ReflectiveOperationException | LinkageError e) {
            return 0;
        }
    }
}
