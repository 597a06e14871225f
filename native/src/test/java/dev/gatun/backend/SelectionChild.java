package dev.gatun.backend;

/** Main class of {@link BackendSelectionTest}'s child JVMs: prints the default backend, or the failure and exit 1. */
public final class SelectionChild {
    private SelectionChild() {}

    public static void main(String[] args) {
        try {
            Backend chosen = Backends.defaultBackend();
            System.out.println("default=" + chosen.name() + " threads=" + chosen.threads());
            Backends.report().forEach((name, status) -> System.out.println(name + "=" + status));
            dev.gatun.tensor.Tensor a = dev.gatun.tensor.Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
            dev.gatun.tensor.Tensor b = dev.gatun.tensor.Tensor.of(new float[] {5, 6, 7, 8}, 2, 2);
            System.out.println("matmul=" + java.util.Arrays.toString(dev.gatun.ops.Ops.matmul(a, b).toArray())); // the chosen backend computes
        } catch (Throwable e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            System.out.println("FAILED " + cause);
            System.exit(1);
        }
    }
}
