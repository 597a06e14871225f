package dev.gatun.backend;

import dev.gatun.backend.scalar.ScalarBackend;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Chooses the backend once, the way Lucene chooses its vectorization provider: every known
 * provider (onednn and openblas through {@link ServiceLoader}, then the built-in java and
 * scalar ones) is tried in priority order; each rejection is kept with its one-line reason;
 * the first that loads wins. {@code -Dgatun.backend=NAME} (or {@code GATUN_BACKEND}) forces
 * one, and forcing one that cannot load fails with its reason.
 *
 * <p>Tests and tools switch backend for a block of code on one thread with {@link #using}.
 */
public final class Backends {
    private static final System.Logger LOG = System.getLogger("dev.gatun.backend");
    private static final ThreadLocal<Backend> OVERRIDE = new ThreadLocal<>();

    /** Name, then the backend or the reason it is off; filled once, in priority order. */
    private static final Map<String, Object> CREATED = new LinkedHashMap<>();
    private static volatile int threads = ThreadCount.initial().count();

    private Backends() {}

    /** The backend ops run on: the {@link #using} override of this thread, else the default. */
    public static Backend current() {
        Backend b = OVERRIDE.get();
        return b != null ? b : defaultBackend();
    }

    /** The backend chosen at start (forced, or the best that loads). */
    public static Backend defaultBackend() {
        if (Default.BACKEND == null) {
            throw new IllegalStateException(Default.FAILURE);
        }
        return Default.BACKEND;
    }

    /** The named backend, created on first use; throws with the reason when it cannot load. */
    public static synchronized Backend get(String name) {
        Object b = all().get(name);
        if (b == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; known: " + String.join(", ", all().keySet()));
        }
        if (b instanceof Backend backend) {
            return backend;
        }
        throw new IllegalStateException("backend '" + name + "' is not available: " + b);
    }

    /** Every known backend by name, with the backend or the reason it is off (for {@code gatun info}). */
    public static synchronized Map<String, String> report() {
        Map<String, String> out = new LinkedHashMap<>();
        all().forEach((name, b) -> out.put(name, b instanceof Backend backend ? "ok: " + backend.describe() : "off: " + b));
        return out;
    }

    /** The backends that load, best first. */
    public static synchronized List<Backend> available() {
        List<Backend> out = new ArrayList<>();
        for (Object b : all().values()) {
            if (b instanceof Backend backend) {
                out.add(backend);
            }
        }
        return out;
    }

    /** Makes {@code backend} current on this thread until the returned handle is closed. */
    public static Using using(Backend backend) {
        Backend previous = OVERRIDE.get();
        OVERRIDE.set(backend);
        return () -> {
            if (previous == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(previous);
            }
        };
    }

    /** Restores the previous backend of the thread. */
    public interface Using extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * One knob for every thread pool: each loaded backend (OpenBLAS's pthreads, oneDNN's
     * OpenMP, the java backend's workers) and those loaded later.
     */
    public static synchronized void setThreads(int n) {
        threads = ThreadCount.check("setThreads", n);
        for (Backend b : available()) {
            b.setThreads(n);
        }
    }

    public static int threads() {
        return threads;
    }

    /**
     * Returns {@code n} when it is a usable thread count (1 to {@link #maxThreads()}), else throws
     * an {@link IllegalArgumentException} naming {@code source} (an option or a method) and the bound.
     */
    public static int checkThreads(String source, long n) {
        return ThreadCount.check(source, n);
    }

    /** The largest thread count any setting accepts: {@code max(64, 4 × availableProcessors)}. */
    public static int maxThreads() {
        return ThreadCount.max();
    }

    private static Map<String, Object> all() {
        String badSetting = ThreadCount.initial().failure();
        if (badSetting != null) {
            throw new IllegalStateException(badSetting); // a bad gatun.threads fails every use, like a bad gatun.backend
        }
        if (CREATED.isEmpty()) {
            Backend scalar = new ScalarBackend();
            Backend java = createJava(scalar);
            List<BackendProvider> providers = new ArrayList<>();
            for (ServiceLoader.Provider<BackendProvider> p : ServiceLoader.load(BackendProvider.class).stream().toList()) {
                try {
                    providers.add(p.get());
                } catch (Throwable e) {
                    LOG.log(Level.WARNING, "backend provider " + p.type().getName() + " failed: " + e);
                }
            }
            providers.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
            for (BackendProvider p : providers) {
                CREATED.put(p.name(), tryCreate(p, java));
            }
            CREATED.put("java", java);
            CREATED.put("scalar", scalar);
            for (Object b : CREATED.values()) {
                if (b instanceof Backend backend) {
                    backend.setThreads(threads);
                }
            }
        }
        return CREATED;
    }

    private static Object tryCreate(BackendProvider p, Backend fallback) {
        try {
            return p.create(fallback);
        } catch (Throwable e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            return reason.replace('\n', ' ');
        }
    }

    /** The Vector API backend when {@code jdk.incubator.vector} is readable, else the scalar one. */
    private static Backend createJava(Backend scalar) {
        if (VectorSupport.usable()) {
            try {
                // Loaded by name, like Lucene's Panama provider, so nothing else links to the incubator module.
                return (Backend) Class.forName("dev.gatun.backend.vector.VectorBackend")
                        .getConstructor(Backend.class).newInstance(scalar);
            } catch (ReflectiveOperationException | LinkageError e) {
                VectorSupport.logFallback("Vector API backend failed to start: " + e);
            }
        }
        return new ScalarBackend("java");
    }

    /** Chosen once, on first use, in a holder so class loading cannot deadlock. */
    private static final class Default {
        // A failure (a forced backend that cannot load) is kept and re-thrown on every use,
        // rather than escaping as an ExceptionInInitializerError.
        static String FAILURE;
        static final Backend BACKEND = chooseOrRecord();

        private static Backend chooseOrRecord() {
            try {
                return choose();
            } catch (RuntimeException e) {
                FAILURE = e.getMessage();
                return null;
            }
        }

        private static Backend choose() {
            String forced = System.getProperty("gatun.backend", System.getenv("GATUN_BACKEND"));
            if (forced != null && !forced.isBlank()) {
                return get(forced.trim());
            }
            List<Backend> ok = available();
            StringBuilder rejected = new StringBuilder();
            report().forEach((name, status) -> {
                if (status.startsWith("off: ")) {
                    rejected.append(rejected.isEmpty() ? "" : "; ").append(name).append(' ').append(status.substring(5));
                }
            });
            if (!rejected.isEmpty()) {
                LOG.log(Level.INFO, "gatun: native backend off: " + rejected);
            }
            return ok.getFirst();
        }
    }
}
