package dev.gatun.backend;

import dev.gatun.ffi.CacheFuzz;
import dev.gatun.testing.ForkedJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's and the thread knob's fuzzers, each in a JVM of its own so that a crash (a damaged
 * library reaching dlopen, a thread count libgomp cannot take) fails one test, not the run.
 */
class NativeFuzzTest {
    @TempDir
    Path temp;

    @Test
    void extremeThreadCountsAreRefusedAndValidOnesComputeRight() throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(ThreadFuzz.class, 300, List.of("--add-modules", "jdk.incubator.vector"),
                Map.of("OMP_NUM_THREADS", "10000", "OPENBLAS_NUM_THREADS", "10000"), "20261202", "150");
        System.out.println(r.output());
        org.junit.jupiter.api.Assertions.assertEquals(0, r.exitCode(), r.output());
        org.junit.jupiter.api.Assertions.assertTrue(r.lastLine().startsWith("thread fuzz ok: 150 cases"), r.output());
    }

    @Test
    void damagedCachesAreRepairedBeforeAnythingIsLoaded() throws Exception {
        ForkedJvm.assertFuzzPasses(CacheFuzz.class, "cache fuzz ok: 6 damaged caches", 300,
                "20261202", "6", temp.resolve("cache").toString());
    }
}
