package dev.gatun.spark;

/**
 * What the gradient ring costs, on paper: each of K workers sends and receives
 * {@code 2 (K - 1) / K} of the gradient per step (reduce-scatter, then all-gather), in
 * {@code 2 (K - 1)} messages; a step that all-reduces after its backward pass (no overlap) takes
 * compute + communication, so the scaling efficiency (K workers' throughput over K times one
 * worker's) is {@code compute / (compute + communication)}.
 */
public final class RingCost {
    private RingCost() {}

    /** Bytes each worker sends (and receives) per step for a model of {@code parameters} float32 values. */
    public static double bytesPerWorker(long parameters, int workers) {
        if (workers < 1 || parameters < 0) {
            throw new IllegalArgumentException("RingCost: " + workers + " workers, " + parameters + " parameters");
        }
        return 2.0 * (workers - 1) / workers * parameters * Float.BYTES;
    }

    /**
     * Seconds one all-reduce takes: the bytes at {@code bitsPerSecond} plus {@code 2 (K - 1)}
     * message latencies of {@code latencySeconds} each.
     */
    public static double seconds(long parameters, int workers, double bitsPerSecond, double latencySeconds) {
        if (!(bitsPerSecond > 0) || latencySeconds < 0) {
            throw new IllegalArgumentException("RingCost: bandwidth " + bitsPerSecond + " b/s, latency " + latencySeconds + " s");
        }
        return bytesPerWorker(parameters, workers) * 8 / bitsPerSecond + 2.0 * (workers - 1) * latencySeconds;
    }

    /** Throughput of K workers over K times one worker's, when a step computes for {@code computeSeconds}. */
    public static double efficiency(double computeSeconds, long parameters, int workers, double bitsPerSecond,
                                    double latencySeconds) {
        double comm = seconds(parameters, workers, bitsPerSecond, latencySeconds);
        return computeSeconds / (computeSeconds + comm);
    }
}
