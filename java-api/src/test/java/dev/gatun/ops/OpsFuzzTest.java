package dev.gatun.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link OpsFuzz} in a JVM of its own, so a crash (a segfault from a bad native call, an
 * out-of-bounds write that kills the VM) fails this test instead of the whole test run.
 */
class OpsFuzzTest {
    private static final long SEED = 20240607L;
    private static final int CASES = 6000; // ~5 s on 2 cores

    @Test
    void randomOpsNeverCrashAndFailOnlyWithClearExceptions() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java,
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"),
                OpsFuzz.class.getName(), Long.toString(SEED), Integer.toString(CASES)));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes(); // drains the pipe so the child never blocks
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "fuzz process did not finish");
        String text = new String(out, StandardCharsets.UTF_8).strip();
        String[] lines = text.split("\n");
        String last = lines[lines.length - 1];
        assertEquals(0, p.exitValue(), "fuzz process failed:\n" + text);
        assertTrue(last.startsWith("fuzz ok: " + CASES + " cases"), "unexpected last line: " + last + "\n" + text);
    }
}
