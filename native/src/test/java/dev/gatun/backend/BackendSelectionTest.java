package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Selection with the native module on the class path: onednn first, forcing by name, and forcing one
 * that cannot load. The names are fixed on purpose: the test is about which named backend wins and
 * what each library says about itself, not about running every backend.
 */
class BackendSelectionTest {

    @Test
    void theNativeBackendsAreFoundAndOnednnIsPreferred() {
        assertEquals("onednn", Backends.available().getFirst().name(), Backends.report().toString());
        assertEquals("onednn", Backends.get("onednn").name());
        assertEquals("openblas", Backends.get("openblas").name());
        assertTrue(Backends.report().get("onednn").startsWith("ok: oneDNN 3.13"), Backends.report().get("onednn"));
        assertTrue(Backends.report().get("openblas").startsWith("ok: OpenBLAS 0.3.31"), Backends.report().get("openblas"));
    }

    @Test
    void forcingOnednnWhenItCannotLoadFailsWithTheLoadersReason() throws Exception {
        Child run = child("-Dgatun.dnnl.path=/nonexistent/libdnnl.so.3", "-Dgatun.backend=onednn");
        assertNotEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("backend 'onednn' is not available"), run.output);
        assertTrue(run.output.contains("gatun.dnnl.path=/nonexistent/libdnnl.so.3: file does not exist"), run.output);
    }

    @Test
    void withoutOnednnTheDefaultIsOpenblasAndForcingWorks() throws Exception {
        Child best = child("-Dgatun.dnnl.path=/nonexistent/libdnnl.so.3");
        assertEquals(0, best.exit, best.output);
        assertTrue(best.output.contains("default=openblas"), best.output);
        Child forced = child("-Dgatun.backend=java");
        assertEquals(0, forced.exit, forced.output);
        assertTrue(forced.output.contains("default=java"), forced.output);
    }

    /** Another real library named as OpenBLAS or oneDNN: refused at load with the reason, java takes over. */
    @Test
    void aWrongLibraryNamedByTheOverridesFallsBackToJavaWithTheReason() throws Exception {
        String libz = "/usr/lib/x86_64-linux-gnu/libz.so.1";
        // Debian's oneDNN 2.6 (package libdnnl2, installed by .ci/run) when present; else libz stands in.
        String oldDnnl = java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libdnnl.so.2"))
                ? "/usr/lib/x86_64-linux-gnu/libdnnl.so.2" : libz;
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of(libz)), "no libz at " + libz);
        Child best = child("-Dgatun.openblas.path=" + libz, "-Dgatun.dnnl.path=" + oldDnnl);
        assertEquals(0, best.exit, best.output);
        assertTrue(best.output.contains("default=java"), best.output);
        assertTrue(best.output.contains("openblas=off: OpenBLAS not loaded: gatun.openblas.path=" + libz + ": " + libz
                + " lacks 32 of the 32 functions Gatun binds"), best.output);
        assertTrue(best.output.contains("onednn=off: oneDNN not loaded: gatun.dnnl.path=" + oldDnnl + ": " + oldDnnl + " lacks "), best.output);
        Child forced = child("-Dgatun.openblas.path=" + libz, "-Dgatun.dnnl.path=" + oldDnnl, "-Dgatun.backend=java");
        assertEquals(0, forced.exit, forced.output);
        assertTrue(forced.output.contains("default=java") && forced.output.contains("matmul=[19.0, 22.0, 43.0, 50.0]"), forced.output);
    }

    @Test
    void aThreadCountThatCrashedLibgompIsRefusedWithTheSetting() throws Exception {
        Child run = child("-Dgatun.threads=10000");
        assertNotEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("FAILED java.lang.IllegalStateException: gatun.threads=10000: thread count must be between 1 and"),
                run.output);
        Child fine = child("-Dgatun.threads=3");
        assertEquals(0, fine.exit, fine.output);
        assertTrue(fine.output.contains("threads=3"), fine.output);
    }

    private record Child(int exit, String output) {}

    /** Runs {@link SelectionChild} in a fresh JVM (selection happens once per JVM). */
    private static Child child(String... properties) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(List.of(properties));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SelectionChild.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + out);
        }
        return new Child(p.exitValue(), out);
    }
}
