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
}
