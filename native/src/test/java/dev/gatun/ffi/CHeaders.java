package dev.gatun.ffi;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The C side of the conformance test: the headers shipped in the carrier jars on the test class
 * path, extracted once per test run, and the system C compiler.
 */
final class CHeaders {
    private CHeaders() {}

    /** The output of one compiler run. */
    record Compilation(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Copies {@code org/bytedeco/<artifact>/<classifier>/include/**} from the jar on the class path
     * into {@code into}, returning the include folder.
     */
    static Path extractIncludes(String artifact, Path into) throws IOException {
        String classifier = Platform.classifier().orElseThrow();
        String prefix = "org/bytedeco/" + artifact + "/" + classifier + "/include/";
        String probe = prefix + (artifact.equals("openblas") ? "cblas.h" : "oneapi/dnnl/dnnl.h");
        URL url = CHeaders.class.getClassLoader().getResource(probe);
        if (url == null) {
            throw new IOException(probe + " is not on the test class path");
        }
        Path include = into.resolve(artifact);
        if (!(url.openConnection() instanceof JarURLConnection connection)) {
            throw new IOException("expected " + probe + " inside a jar, found " + url);
        }
        try (JarFile jar = new JarFile(connection.getJarFileURL().getPath())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
                    continue;
                }
                Path file = include.resolve(entry.getName().substring(prefix.length()));
                Files.createDirectories(file.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, file);
                }
            }
        }
        return include;
    }

    /** The C compiler's name if {@code cc --version} runs, else empty with the reason in {@code why}. */
    static Optional<String> compiler(StringBuilder why) {
        String cc = System.getenv().getOrDefault("CC", "cc");
        try {
            Compilation version = run(List.of(cc, "--version"));
            if (version.ok()) {
                return Optional.of(cc);
            }
            why.append(cc).append(" --version failed: ").append(version.output());
        } catch (IOException e) {
            why.append("no C compiler: ").append(cc).append(" could not be started (").append(e.getMessage()).append(')');
        }
        return Optional.empty();
    }

    /**
     * Type-checks {@code source} without producing code. Every warning is an error, and
     * incompatible pointer types (a binding whose C type differs from the header) are named
     * explicitly so the intent survives a change of defaults.
     */
    static Compilation check(String cc, Path source, List<Path> includes) throws IOException {
        List<String> command = new ArrayList<>(List.of(cc, "-std=gnu11", "-fsyntax-only", "-Werror",
                "-Werror=incompatible-pointer-types", "-Werror=int-conversion"));
        for (Path include : includes) {
            command.add("-I" + include);
        }
        command.add(source.toString());
        return run(command);
    }

    private static Compilation run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Compilation(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
    }
}
