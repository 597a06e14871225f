package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.ops.OpsFuzz;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * gatun-api's crash fuzzer ({@link OpsFuzz}: random ops on random shapes, valid and invalid,
 * strided views, closed tensors) with the native backends on the class path, in a JVM of its
 * own so that a crash in native code fails this test instead of killing the test run.
 */
class NativeOpsFuzzTest {
    private static final int CASES = 2500; // per backend; a few seconds each on 2 cores

    @Test
    void randomOpsOnTheNativeBackendsNeverCrash() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), OpsFuzz.class.getName(),
                "20250607", Integer.toString(CASES))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "fuzz process did not finish");
        assertEquals(0, p.exitValue(), "fuzz process failed (a crash shows as exit 134 or 139):\n" + out);
        String last = out.substring(out.lastIndexOf('\n') + 1);
        assertTrue(last.startsWith("fuzz ok: " + CASES + " cases on each of [onednn, openblas, java, scalar]"), out);
    }
}
