package dev.gatun.ffi.gomp;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * How idle OpenMP threads wait, set before GNU OpenMP loads. libgomp's idle workers spin for
 * about 300k iterations after each parallel region when {@code OMP_WAIT_POLICY} is unset; Gatun's
 * ops come back to back from one Java thread, and on a few cores workers spinning that long take
 * the CPU from the Java thread that is about to issue the next op (and from OpenBLAS's pool).
 * Sleeping at once ({@code OMP_WAIT_POLICY=PASSIVE}) has the opposite cost: every parallel op then
 * pays a futex wake-up, which made batch-1 inference on two threads 4-9x slower (JMH,
 * TrainStepBench.inferBatch1, 2026-12-02). Measured on 2 cores, {@code -Dgatun.omp.waitPolicy}:
 * <ul>
 *   <li>{@code spin} (the default): {@code GOMP_SPINCOUNT=10000}, a short spin, then sleep. Best
 *       for the service path and for training steps in JMH at two threads (batch-1 MLP 0.016 ms
 *       against 0.091 passive; transformer step 10.4 ms against 16.2).
 *   <li>{@code passive}: {@code OMP_WAIT_POLICY=PASSIVE}. Best for short training jobs whose Java
 *       work between ops keeps the main thread busy (`gatun train mlp` at two threads: 0.003 s an
 *       epoch against 0.011 with {@code spin}); the command line uses it.
 *   <li>{@code active}: libgomp's own default.
 * </ul>
 * Ops too small to gain from a second thread run on one whatever the policy (see
 * {@code OneDnnBackend}).
 *
 * <p>libgomp reads its environment once, in its ELF constructor, so this must run before oneDNN
 * (which loads libgomp) is loaded; {@code System.getenv} cannot change the process environment, so
 * it calls libc's {@code setenv}. A user's own {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT}
 * is left as it is.
 */
public final class GompEnvironment {
    /** The system property that chooses the policy: spin, passive or active. */
    public static final String PROPERTY = "gatun.omp.waitPolicy";
    private static boolean done;

    private GompEnvironment() {}

    /**
     * Sets the wait policy chosen by {@link #PROPERTY} in the process environment unless the user
     * set one; call once before oneDNN loads. Returns what was set, or why nothing was.
     */
    public static synchronized String prepare() {
        if (done) {
            return "already prepared";
        }
        done = true;
        String mine = System.getProperty(PROPERTY, "spin").strip().toLowerCase(java.util.Locale.ROOT);
        if (System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null) {
            return "left the user's OMP_WAIT_POLICY / GOMP_SPINCOUNT";
        }
        boolean set = switch (mine) {
            case "spin" -> setenv("GOMP_SPINCOUNT", "10000");
            case "passive" -> setenv("OMP_WAIT_POLICY", "PASSIVE");
            case "active" -> true;
            default -> setenv("GOMP_SPINCOUNT", "10000");
        };
        if (!set) {
            return "libc has no setenv; left libgomp's default";
        }
        return switch (mine) {
            case "passive" -> "OMP_WAIT_POLICY=PASSIVE";
            case "active" -> "left libgomp's default (" + PROPERTY + "=active)";
            case "spin" -> "GOMP_SPINCOUNT=10000";
            default -> "GOMP_SPINCOUNT=10000 (" + PROPERTY + "=" + mine + " is not spin, passive or active)";
        };
    }

    /** libc {@code setenv(name, value, 0)}: never overwrites. False when libc has no setenv. */
    @SuppressWarnings("restricted")
    private static boolean setenv(String name, String value) {
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> symbol = linker.defaultLookup().find("setenv");
        if (symbol.isEmpty()) {
            return false;
        }
        MethodHandle setenv = linker.downcallHandle(symbol.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            return (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0) == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}
