package dev.gatun.backend;

/** Main class of {@link BackendSelectionTest}'s child JVMs: prints the default backend, or the failure and exit 1. */
public final class SelectionChild {
    private SelectionChild() {}

    public static void main(String[] args) {
        try {
            System.out.println("default=" + Backends.defaultBackend().name());
        } catch (Throwable e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            System.out.println("FAILED " + cause);
            System.exit(1);
        }
    }
}
