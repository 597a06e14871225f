package dev.gatun.testing;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link OutputSafety} on every backend that loads, for a forked JVM: a read-only output
 * reaching native code kills the process, which must fail one test, not the test run. Prints
 * {@code output safety ok: [names]} last, or exits with status 1.
 */
public final class OutputSafetyMain {
    private OutputSafetyMain() {}

    public static void main(String[] args) {
        List<String> names = new ArrayList<>();
        for (Backend backend : Backends.available()) {
            try {
                OutputSafety.checkAll(backend);
            } catch (Throwable e) {
                e.printStackTrace(System.out);
                System.out.println("output safety FAILED on " + backend.name() + ": " + e);
                System.exit(1);
            }
            names.add(backend.name());
        }
        System.out.println("output safety ok: " + names);
    }
}
