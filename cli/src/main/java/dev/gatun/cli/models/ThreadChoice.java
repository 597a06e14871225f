package dev.gatun.cli.models;

import dev.gatun.backend.Backends;
import dev.gatun.data.Split;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The command line's default thread count: one thread unless a training step has enough work to
 * gain from more, and never more threads than the cores the machine has free. A second OpenMP or
 * OpenBLAS thread costs a wake-up and a barrier per op; for a small model those costs are larger
 * than the op (the sweep of one hidden layer of 8 took 52 s on the default of every core and 9 s
 * on one thread on a busy 2-core machine), and on a busy machine a worker that is descheduled
 * stalls every barrier. The work estimate is multiply-adds per step (about parameters × batch);
 * the bar, 2^22, is 32 times oneDNN's per-op serial bar (2^17) since a step runs tens of ops.
 *
 * @param threads the count to use
 * @param reason  why, for the run header and {@code --json}
 */
public record ThreadChoice(int threads, String reason) {
    /** Multiply-adds per training step from which a second thread pays for itself. */
    static final long PARALLEL_STEP_WORK = Long.getLong("gatun.cli.parallelStepWork", 1L << 22);
    /** oneDNN runs a recurrent time step under this many multiply-adds on one thread anyway (OneDnnBackend's bar). */
    static final long RNN_SERIAL_STEP_WORK = 1L << 22;

    /** The choice for {@code config} on {@code data} (null for kinds that read their own data). */
    public static ThreadChoice choose(TrainConfig config, Split data) {
        return choose(stepWork(config, data), config.model(), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The rule, with the machine given: {@code load} is the one-minute load average (negative: unknown). */
    static ThreadChoice choose(long stepWork, String model, int processors, double load) {
        // A core counts as taken only when a whole core's worth of runnable work is queued (floor).
        int free = load < 0 ? processors : (int) Math.max(1, Math.min(processors, processors - Math.floor(load)));
        String machine = String.format(Locale.ROOT, "%d of %d processors free, load %s", free, processors,
                load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load));
        boolean recurrent = model.equals("rnn") || model.equals("lstm") || model.equals("gru");
        long bar = recurrent ? RNN_SERIAL_STEP_WORK : PARALLEL_STEP_WORK;
        String work = count(stepWork) + " multiply-adds per " + (recurrent ? "time step" : "step");
        if (stepWork < bar) {
            return new ThreadChoice(1, "auto: " + work + " < " + count(bar) + ", one thread is fastest");
        }
        int wanted = (int) Math.min(Backends.maxThreads(), stepWork / bar);
        int threads = Math.max(1, Math.min(wanted, free));
        return new ThreadChoice(threads, "auto: " + work + " >= " + count(bar) + "; " + machine);
    }

    /** How {@code --threads} or {@code gatun.threads}/{@code GATUN_THREADS} set it. */
    public static ThreadChoice given(int threads, String source) {
        return new ThreadChoice(threads, "set by " + source);
    }

    /** Multiply-adds of one training step's forward pass, estimated from the configuration and the data's shape. */
    static long stepWork(TrainConfig c, Split data) {
        int[] hidden = c.hidden();
        long perRow = switch (c.model()) {
            case "cnn", "cnn-small" -> convWork(data == null ? 28 * 28 : data.train().columns(), hidden,
                    ((CnnKind) Models.get(c.model())).fc());
            case "transformer" -> transformerWork(hidden);
            case "rnn", "lstm", "gru" -> recurrentStepWork(c.model(), hidden, data == null ? 1 : data.train().columns());
            case "logreg", "perceptron" -> denseWork(features(data), new int[0], outputs(data));
            default -> denseWork(features(data), hidden, outputs(data));
        };
        return perRow * c.batch();
    }

    private static int features(Split data) {
        return data == null ? 64 : data.train().columns();
    }

    private static int outputs(Split data) {
        return data == null || !data.train().isClassification() ? 1 : data.train().classes();
    }

    private static long denseWork(int in, int[] hidden, int out) {
        long work = 0;
        for (int h : hidden) {
            work += (long) in * h;
            in = h;
        }
        return work + (long) in * out;
    }

    /** 3x3 same-padding convolutions, each block halving the side (CnnKind's blocks), then the dense head. */
    private static long convWork(int pixels, int[] channels, int fc) {
        long side = Math.max(1, Math.round(Math.sqrt(pixels)));
        long work = 0, in = 1;
        for (int ch : channels) {
            work += side * side * 9 * in * ch;
            in = ch;
            side = Math.max(1, side / 2);
        }
        return work + side * side * in * fc;
    }

    /** Per token: attention projections (4 d²) and the feed-forward (8 d²) per block; 16 tokens a row. */
    private static long transformerWork(int[] widths) {
        long work = 0;
        for (int d : widths) {
            work += 12L * d * d;
        }
        return 16 * work;
    }

    /** One time step of the first layer: gates × width × (width + inputs). */
    private static long recurrentStepWork(String model, int[] hidden, int inputs) {
        int gates = switch (model) {
            case "lstm" -> 4;
            case "gru" -> 3;
            default -> 1;
        };
        int h = hidden.length == 0 ? 64 : hidden[0];
        return (long) gates * h * (h + inputs);
    }

    private static String count(long v) {
        return v >= 1_000_000 ? String.format(Locale.ROOT, "%.1fM", v / 1e6)
                : v >= 1_000 ? String.format(Locale.ROOT, "%.0fk", v / 1e3) : Long.toString(v);
    }
}
