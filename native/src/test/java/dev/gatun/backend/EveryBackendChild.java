package dev.gatun.backend;

import dev.gatun.testing.ConvParity;
import dev.gatun.testing.Parity;
import dev.gatun.testing.RnnParity;

/**
 * Main class of {@link WithoutVectorModuleTest}'s child JVM: every backend that says it is
 * available runs the parity harnesses (ops, convolution, recurrent) against the scalar oracle;
 * the others print why they are off. Prints {@code every backend ok: [...]} last, or exits 1.
 */
public final class EveryBackendChild {
    private EveryBackendChild() {}

    public static void main(String[] args) {
        System.out.println("vector API: " + (VectorSupport.unavailableReason() == null ? "readable" : VectorSupport.unavailableReason()));
        Backends.report().forEach((name, status) -> System.out.println(name + ": " + status));
        StringBuilder ran = new StringBuilder();
        for (Backend b : Backends.available()) {
            try {
                Parity.checkAll(b, 17, 2);
                ConvParity.checkAll(b, 17);
                RnnParity.checkAgainstOracle(b, 17);
            } catch (Throwable e) {
                System.out.println("backend " + b.name() + " FAILED:");
                e.printStackTrace(System.out);
                System.exit(1);
            }
            ran.append(ran.isEmpty() ? "" : ", ").append(b.name());
        }
        System.out.println("every backend ok: [" + ran + "]");
    }
}
