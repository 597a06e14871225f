package dev.gatun.cli;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.DiagnosticsProvider;
import dev.gatun.backend.VectorSupport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatun info}: what this JVM can run on. The JDK and the Vector API, each native
 * library (version, configuration, kernel, threads, where it was loaded from, or why it did
 * not load), every backend with its status, and the one that would be chosen.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the JDK, the Vector API, the native libraries and the backend that would be chosen.")
public final class InfoCommand implements Runnable {

    @Option(names = "--threads", description = "Set the thread count of every backend first (default: available processors).")
    Integer threads;

    @Spec
    CommandSpec spec;

    /** Prints to the command line's own output, like every other command (tests and embedders capture it). */
    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        print(out);
        out.flush();
    }

    void print(PrintWriter out) {
        if (threads != null) {
            Backends.setThreads(Backends.checkThreads("--threads", threads));
        }
        Map<String, String> jvm = new LinkedHashMap<>();
        jvm.put("version", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        jvm.put("home", System.getProperty("java.home"));
        jvm.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        String noVector = VectorSupport.unavailableReason();
        jvm.put("vector API", noVector == null
                ? "enabled, preferred species " + VectorSupport.preferredFloatBits() + " bits"
                : "off: " + noVector);
        section(out, "JDK", jvm);

        for (DiagnosticsProvider p : ServiceLoader.load(DiagnosticsProvider.class)) {
            Map<String, String> entries;
            try {
                entries = p.entries();
            } catch (RuntimeException | LinkageError e) { // a provider must not take info down
                entries = Map.of("error", String.valueOf(e));
            }
            section(out, p.section(), entries);
        }

        section(out, "Backends", Backends.report());
        Map<String, String> chosen = new LinkedHashMap<>();
        try {
            Backend b = Backends.defaultBackend();
            chosen.put("default", b.name());
        } catch (RuntimeException e) {
            chosen.put("default", "none: " + e.getMessage());
        }
        chosen.put("forced by", forcedBy());
        chosen.put("threads", Integer.toString(Backends.threads()));
        section(out, "Selection", chosen);
    }

    private static String forcedBy() {
        if (System.getProperty("gatun.backend") != null) {
            return "-Dgatun.backend=" + System.getProperty("gatun.backend");
        }
        if (System.getenv("GATUN_BACKEND") != null) {
            return "GATUN_BACKEND=" + System.getenv("GATUN_BACKEND");
        }
        return "nothing (best available)";
    }

    private static void section(PrintWriter out, String title, Map<String, String> entries) {
        out.println(title);
        int width = entries.keySet().stream().mapToInt(String::length).max().orElse(0);
        entries.forEach((k, v) -> out.printf("  %-" + width + "s  %s%n", k, v));
    }
}
