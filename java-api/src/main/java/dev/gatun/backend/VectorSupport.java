package dev.gatun.backend;

/** Whether the incubating Vector API can be used here, and if not, why (one line). */
public final class VectorSupport {
    private VectorSupport() {}

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
