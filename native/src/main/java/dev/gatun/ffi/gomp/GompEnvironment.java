package dev.gatun.ffi.gomp;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * How idle OpenMP threads wait, set before GNU OpenMP loads. By default libgomp's idle workers
 * spin for a while after each parallel region (about 300k iterations with {@code OMP_WAIT_POLICY}
 * unset); Gatun's ops are short and come back to back from one Java thread, so on a few cores the
 * spinning workers take the CPU from the Java thread that is about to issue the next op (and from
 * OpenBLAS's pool): `gatun train mlp` ran 2x slower on two threads than on one. Passive waiting
 * makes idle workers sleep at once; ops too small to gain from a second thread run on one (see
 * {@code OneDnnBackend}), so they never wake anyone.
 *
 * <p>libgomp reads its environment once, in its ELF constructor, so this must run before oneDNN
 * (which loads libgomp) is loaded; {@code System.getenv} cannot change the process environment, so
 * it calls libc's {@code setenv}. A user's own {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT}
 * is left as it is, as is {@code -Dgatun.omp.waitPolicy=active} (the old behaviour).
 */
public final class GompEnvironment {
    private static boolean done;

    private GompEnvironment() {}

    /**
     * Sets {@code OMP_WAIT_POLICY=PASSIVE} in the process environment unless the user chose a
     * wait policy; call once before oneDNN loads. Returns what was set, or why nothing was.
     */
    public static synchronized String prepare() {
        if (done) {
            return "already prepared";
        }
        done = true;
        String mine = System.getProperty("gatun.omp.waitPolicy", "passive").strip();
        if (System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null) {
            return "left the user's OMP_WAIT_POLICY / GOMP_SPINCOUNT";
        }
        if (mine.equalsIgnoreCase("active")) {
            return "left libgomp's default (gatun.omp.waitPolicy=active)";
        }
        return setenv("OMP_WAIT_POLICY", "PASSIVE") ? "OMP_WAIT_POLICY=PASSIVE" : "libc has no setenv; left the default";
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
