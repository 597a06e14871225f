package dev.gatun.blas;

import dev.gatun.backend.VectorSupport;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Chooses the {@link Blas} once, like netlib's {@code BLAS.getInstance()} and our backends:
 * native providers from {@link ServiceLoader} (best priority first), then {@code java} (the
 * Vector API implementation, loaded by name so nothing else links to the incubator module; plain
 * loops named {@code java} when the module is absent), then {@code scalar}. Each rejection is
 * logged at DEBUG with its reason, the winner once at INFO. {@code -Dgatun.blas=NAME} (or
 * {@code GATUN_BLAS}) forces one; forcing one that cannot load fails with its reason.
 */
final class BlasSelection {
    private static final System.Logger LOG = System.getLogger("dev.gatun.blas");

    /** Name, then the Blas or the reason it is off, best first; filled once. */
    private static Map<String, Object> known;

    private BlasSelection() {}

    /** The default, chosen on first use in a holder: {@link #get} works even if forcing fails. */
    static Blas defaultBlas() {
        return Default.BLAS;
    }

    private static final class Default {
        static final Blas BLAS = choose();
    }

    static synchronized Blas get(String name) {
        Object b = all().get(name);
        if (b == null) {
            throw new IllegalArgumentException("unknown blas '" + name + "'; known: " + String.join(", ", all().keySet()));
        }
        if (b instanceof Blas blas) {
            return blas;
        }
        throw new IllegalStateException("blas '" + name + "' is not available: " + b);
    }

    private static Blas choose() {
        String forced = System.getProperty("gatun.blas", System.getenv("GATUN_BLAS"));
        Blas chosen = null;
        if (forced != null && !forced.isBlank()) {
            chosen = get(forced.trim());
        } else {
            for (Map.Entry<String, Object> e : all().entrySet()) {
                if (e.getValue() instanceof Blas blas) {
                    chosen = blas;
                    break;
                }
                LOG.log(Level.DEBUG, "gatun: blas " + e.getKey() + " off: " + e.getValue());
            }
        }
        // DEBUG: a program that runs as documented prints nothing but its own output (gatun info shows the choice).
        LOG.log(Level.DEBUG, "gatun: blas is " + chosen.name() + (forced != null && !forced.isBlank() ? " (forced)" : ""));
        return chosen;
    }

    private static synchronized Map<String, Object> all() {
        if (known == null) {
            Map<String, Object> out = new LinkedHashMap<>();
            List<BlasProvider> providers = new ArrayList<>();
            for (ServiceLoader.Provider<BlasProvider> p : ServiceLoader.load(BlasProvider.class).stream().toList()) {
                try {
                    providers.add(p.get());
                } catch (Throwable e) {
                    out.put(p.type().getName(), "provider failed to start: " + e);
                }
            }
            providers.sort(Comparator.comparingInt(BlasProvider::priority).reversed());
            for (BlasProvider p : providers) {
                out.put(p.name(), create(p));
            }
            out.put("java", createJava());
            out.put("scalar", new ScalarBlas());
            known = out;
        }
        return known;
    }

    private static Object create(BlasProvider p) {
        try {
            return p.create();
        } catch (Throwable e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            return reason.replace('\n', ' ');
        }
    }

    private static Blas createJava() {
        if (VectorSupport.usable()) {
            try {
                return (Blas) Class.forName("dev.gatun.blas.vector.JavaBlas").getConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                VectorSupport.logFallback("Vector API blas failed to start: " + e);
            }
        }
        return new ScalarBlas("java");
    }
}
