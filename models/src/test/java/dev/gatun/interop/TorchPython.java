package dev.gatun.interop;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code torch/make_golden.py} with a Python that has PyTorch: {@code -Dgatun.python=PATH},
 * else the first of {@code python3} on the PATH and {@code /usr/bin/python3} (Debian's, where
 * {@code python3-torch} installs) that gets past {@code import torch}. Each candidate is tried
 * by running the script itself, so no separate probe pays for importing torch.
 */
final class TorchPython {
    private TorchPython() {}

    /** What a run printed (stdout and stderr) and its exit code. */
    record Result(int exit, String output) {}

    /** Why no interpreter ran the script, when {@link #script} returned null. */
    static String why;

    /** The script's result, or null (see {@link #why}) when no candidate has torch. */
    static Result script(int timeoutSeconds, String... args) throws IOException {
        List<String> candidates = System.getProperty("gatun.python") != null
                ? List.of(System.getProperty("gatun.python")) : List.of("python3", "/usr/bin/python3");
        StringBuilder missing = new StringBuilder("no python3 with torch:");
        for (String python : candidates) {
            List<String> command = new ArrayList<>(List.of(python, resource("make_golden.py").toString()));
            command.addAll(List.of(args));
            Result r;
            try {
                r = run(command, timeoutSeconds);
            } catch (IOException e) {
                missing.append(' ').append(python).append(" (").append(e.getMessage()).append(')');
                continue;
            }
            if (r.exit() != 0 && r.output().contains("No module named 'torch'")) {
                missing.append(' ').append(python).append(" (No module named 'torch')");
                continue;
            }
            return r;
        }
        why = missing.toString();
        return null;
    }

    private static Result run(List<String> command, int seconds) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " did not finish in " + seconds + " s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The script and golden files, on the test class path under {@code torch/}. */
    static Path resource(String name) {
        try {
            return Path.of(TorchPython.class.getResource("/torch/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource torch/" + name + " is missing", e);
        }
    }
}
