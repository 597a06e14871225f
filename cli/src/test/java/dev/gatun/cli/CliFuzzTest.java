package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.testing.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs {@link CliFuzz} in a JVM of its own: a crash or a hang fails this test, not the whole run. */
class CliFuzzTest {
    private static final int INVOCATIONS = 400;

    @Test
    void badArgumentsAndFilesNeverCrashHangOrLoseAFile() throws Exception {
        long hsErrBefore = hsErrFiles();
        ForkedJvm.assertFuzzPasses(CliFuzz.class, "cli fuzz ok: " + INVOCATIONS + " invocations, 0 crashes, 0 hangs", 240,
                "20261202", Integer.toString(INVOCATIONS));
        assertEquals(hsErrBefore, hsErrFiles(), "no hs_err file from the forked JVM");
    }

    private static long hsErrFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("."))) {
            return files.filter(p -> p.getFileName().toString().startsWith("hs_err_pid")).count();
        }
    }
}
