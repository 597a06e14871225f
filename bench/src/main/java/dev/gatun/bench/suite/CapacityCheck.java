package dev.gatun.bench.suite;

import dev.gatun.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * How many cores the suite really has at a moment: the same busy loop on one thread, then on two
 * at once; the work the two threads did over the work the one did is about 2.0 when two cores are
 * free and about 1.0 when something else holds one. {@code bench/suite} takes a reading between
 * its parts and {@link SuiteReport} prints them beside the table, so a run on a busy machine shows.
 *
 * <pre>
 * java ... dev.gatun.bench.suite.CapacityCheck LABEL OUT.jsonl [MILLIS]
 * </pre>
 * appends {@code {"at": LABEL, "date", "loadavg", "cores_available", "millis"}} to OUT.jsonl.
 */
public final class CapacityCheck {
    private CapacityCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: CapacityCheck LABEL OUT.jsonl [MILLIS]");
        }
        long millis = args.length > 2 ? Long.parseLong(args[2]) : 300;
        spin(1, 100); // JIT warm-up of the loop
        double one = spin(1, millis);
        double two = spin(2, millis);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("at", args[0]);
        r.put("date", Instant.now().toString());
        r.put("loadavg", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        r.put("cores_available", String.format(Locale.ROOT, "%.2f", two / one));
        r.put("millis", millis);
        String line = Json.write(r);
        Files.writeString(Path.of(args[1]), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("capacity " + line);
    }

    /** Loop iterations all {@code threads} threads did together in {@code millis} ms of running at once. */
    static double spin(int threads, long millis) throws InterruptedException {
        long[] counts = new long[threads];
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = System.nanoTime() + millis * 1_000_000;
                long n = 0, x = 0x9E3779B97F4A7C15L + id;
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 4096; i++) { // xorshift: work the JIT cannot fold away
                        x ^= x << 13;
                        x ^= x >>> 7;
                        x ^= x << 17;
                    }
                    n += 4096;
                }
                counts[id] = n + (x == 42 ? 1 : 0);
            });
            ts[t].start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        double sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }
}
