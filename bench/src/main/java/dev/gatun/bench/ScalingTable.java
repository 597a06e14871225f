package dev.gatun.bench;

import dev.gatun.nn.Module;
import dev.gatun.nn.Parameter;
import dev.gatun.spark.RingCost;
import dev.gatun.tensor.Rng;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The predicted scaling of data-parallel training for the five bench models ({@link RingCost}):
 * per model its parameters, the bytes each worker moves per step, and the efficiency for K = 2..64
 * workers on 10 and 100 Gbit/s networks, from a measured one-worker step time per model given on
 * the command line (the training step of {@code TrainStepBench} or the suite, in ms).
 *
 * <pre>
 * java ... dev.gatun.bench.ScalingTable mlp=1.73 cnn=6.02 lstm=7.90 gru=6.71 transformer=17.06
 * </pre>
 */
public final class ScalingTable {
    private ScalingTable() {}

    /** A message latency typical of a data-center TCP round trip between two hosts (one way). */
    static final double LATENCY_SECONDS = 50e-6;
    static final int[] WORKERS = {2, 4, 8, 16, 32, 64};
    static final double[] BITS_PER_SECOND = {10e9, 100e9};

    public static void main(String[] args) {
        Map<BenchModels, Double> stepMs = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("ScalingTable: give model=milliseconds, got " + a);
            }
            stepMs.put(BenchModels.of(a.substring(0, eq)), Double.parseDouble(a.substring(eq + 1)));
        }
        System.out.print(table(stepMs));
    }

    static long parameters(BenchModels model) {
        try (Module m = model.build(new Rng(0))) {
            return m.parameters().stream().mapToLong(Parameter::numel).sum();
        }
    }

    static String table(Map<BenchModels, Double> stepMs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| model | parameters | MB per worker and step (K=2 / K=64) | step (1 worker, ms) |");
        for (double bw : BITS_PER_SECOND) {
            for (int k : WORKERS) {
                sb.append(String.format(Locale.ROOT, " K=%d @%.0fG |", k, bw / 1e9));
            }
        }
        sb.append("\n|---|---|---|---|");
        sb.append("---|".repeat(WORKERS.length * BITS_PER_SECOND.length)).append('\n');
        for (var e : stepMs.entrySet()) {
            long p = parameters(e.getKey());
            double seconds = e.getValue() / 1e3;
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %.2f / %.2f | %.2f |", e.getKey().name().toLowerCase(Locale.ROOT),
                    p, RingCost.bytesPerWorker(p, 2) / 1e6, RingCost.bytesPerWorker(p, 64) / 1e6, e.getValue()));
            for (double bw : BITS_PER_SECOND) {
                for (int k : WORKERS) {
                    sb.append(String.format(Locale.ROOT, " %.2f |", RingCost.efficiency(seconds, p, k, bw, LATENCY_SECONDS)));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
