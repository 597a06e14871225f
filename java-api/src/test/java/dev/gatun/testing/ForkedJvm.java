package dev.gatun.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a JVM of its own, with this JVM's class path and Gatun's flags, so that a
 * crash (a segfault from a bad native call, an out-of-bounds write that kills the VM) fails one
 * test instead of the whole test run. The fuzzers print a summary line last.
 */
public final class ForkedJvm {
    private ForkedJvm() {}

    /** The child's exit code and everything it printed (stdout and stderr merged). */
    public record Result(int exitCode, String output) {
        public String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    public static Result run(Class<?> main, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return run(main, timeoutSeconds, List.of("--add-modules", "jdk.incubator.vector"), args);
    }

    /** Like {@link #run(Class, long, String...)} with the given JVM flags instead of {@code --add-modules jdk.incubator.vector}. */
    public static Result run(Class<?> main, long timeoutSeconds, List<String> jvmFlags, String... args)
            throws IOException, InterruptedException {
        return run(main, timeoutSeconds, jvmFlags, java.util.Map.of(), args);
    }

    /** With the given JVM flags and extra environment variables (e.g. {@code OMP_NUM_THREADS}). */
    public static Result run(Class<?> main, long timeoutSeconds, List<String> jvmFlags, java.util.Map<String, String> env,
                             String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes(); // drains the pipe so the child never blocks
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a fuzzer and asserts it exited 0 with its {@code okPrefix} summary line last. */
    public static void assertFuzzPasses(Class<?> main, String okPrefix, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Result r = run(main, timeoutSeconds, args);
        System.out.println(r.output()); // the summary lands in the test's report file
        assertEquals(0, r.exitCode(), main.getSimpleName() + " failed:\n" + r.output());
        assertTrue(r.lastLine().startsWith(okPrefix), "unexpected last line: " + r.lastLine() + "\n" + r.output());
    }
}
