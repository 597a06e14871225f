package dev.gatun.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Samples the three memories a leak shows in: the process's resident set (Linux
 * {@code /proc/self/status}), what the JVM itself has committed natively (Native Memory
 * Tracking, when the JVM runs with {@code -XX:NativeMemoryTracking=summary}) and the Java heap
 * in use after a full collection. Off-heap tensors count in RSS, not in NMT: FFM arenas
 * allocate with malloc, which NMT sees under "Other" only.
 */
final class MemoryProbe {
    record Sample(String label, long rssKb, long nmtCommittedKb, long heapKb) {
        @Override
        public String toString() {
            return String.format("%-28s rss %8d KB  nmt %8s KB  heap %7d KB", label, rssKb,
                    nmtCommittedKb < 0 ? "off" : Long.toString(nmtCommittedKb), heapKb);
        }
    }

    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    /**
     * Categories that swell and shrink by design, measured elsewhere or not leaks: the committed
     * Java heap (G1 grows it by 100+ MB under allocation pressure and gives it back; the heap in
     * use is sampled on its own) and the JIT's compilation arenas.
     */
    private static final Pattern NMT_TRANSIENT =
            Pattern.compile("-\\s+(Java Heap|Compiler|Arena Chunk) \\(reserved=\\d+KB, committed=(\\d+)KB");
    private final List<Sample> samples = new ArrayList<>();

    Sample sample(String label) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        Sample s = new Sample(label, rssKb(), nmtCommittedKb(), (rt.totalMemory() - rt.freeMemory()) / 1024);
        samples.add(s);
        return s;
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read VmRSS from /proc/self/status", e);
        }
        throw new IllegalStateException("no VmRSS line in /proc/self/status");
    }

    /** NMT's total committed KB less the transient categories, or -1 when tracking is off in this JVM. */
    static long nmtCommittedKb() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            String summary = String.valueOf(out);
            Matcher m = NMT_TOTAL.matcher(summary);
            if (!m.find()) {
                return -1;
            }
            long kb = Long.parseLong(m.group(2));
            for (Matcher t = NMT_TRANSIENT.matcher(summary); t.find(); ) {
                kb -= Long.parseLong(t.group(2));
            }
            return kb;
        } catch (Exception e) {
            return -1;
        }
    }
}
