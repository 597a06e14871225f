package dev.gatun.peers;

import java.util.Arrays;
import java.util.Locale;

/**
 * The suite's timing rule, as {@code bench/pytorch/peer.py} applies it: {@code warmup} calls, then
 * {@code repeats} loops of {@code calls} calls; ms per call as min, median and max over the loops,
 * and the p50 and p99 of the single calls (each one timed on its own). With a time budget (quick
 * runs on a machine that may be loaded) the warm-up stops at half the budget and the loops get
 * fewer calls, so that one figure never takes much longer than the budget; the calls made are
 * recorded with the figure.
 */
public final class Timing {
    private Timing() {
    }

    public record Stats(double min, double median, double max, double p50, double p99, int repeats, int calls) {
        public String json() {
            return String.format(Locale.ROOT,
                    "{\"min\": %.6f, \"median\": %.6f, \"max\": %.6f, \"p50\": %.6f, \"p99\": %.6f, \"repeats\": %d, \"calls\": %d}",
                    min, median, max, p50, p99, repeats, calls);
        }
    }

    /** A call that may throw (a native engine's checked exceptions). */
    public interface Call {
        void run() throws Exception;
    }

    /** {@code budgetSeconds} 0: no budget. */
    public static Stats measure(Call call, int calls, int repeats, int warmup, double budgetSeconds) throws Exception {
        long budget = (long) (budgetSeconds * 1e9);
        long warmStart = System.nanoTime();
        int warmed = 0;
        while (warmed < warmup && (budget == 0 || warmed < 3 || System.nanoTime() - warmStart < budget / 2)) {
            call.run();
            warmed++;
        }
        if (budget > 0 && warmed > 0) {
            double perCall = (System.nanoTime() - warmStart) / (double) warmed;
            calls = (int) Math.max(1, Math.min(calls, (budget / 2) / (perCall * repeats)));
        }
        double[] perLoop = new double[repeats];
        long[] single = new long[repeats * calls];
        int k = 0;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            for (int c = 0; c < calls; c++) {
                long t = System.nanoTime();
                call.run();
                single[k++] = System.nanoTime() - t;
            }
            perLoop[r] = (System.nanoTime() - start) / 1e6 / calls;
        }
        Arrays.sort(perLoop);
        Arrays.sort(single);
        double median = repeats % 2 == 1 ? perLoop[repeats / 2] : (perLoop[repeats / 2 - 1] + perLoop[repeats / 2]) / 2;
        return new Stats(perLoop[0], median, perLoop[repeats - 1], single[single.length / 2] / 1e6,
                single[Math.min(single.length - 1, (int) (single.length * 0.99))] / 1e6, repeats, calls);
    }
}
