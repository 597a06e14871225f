package dev.gatun.train;

import dev.gatun.optim.CosineAnnealing;
import dev.gatun.optim.LrSchedule;
import dev.gatun.optim.Optimizer;
import dev.gatun.optim.StepDecay;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code --lr-schedule} values: {@code none} (a constant rate, the default),
 * {@code step:N[:GAMMA]} (multiply the rate by GAMMA, default 0.5, every N epochs: PyTorch's
 * StepLR) and {@code cosine[:MIN]} (cosine annealing from the initial rate down to MIN, default
 * 0, over the epoch budget: PyTorch's CosineAnnealingLR with T_max = epochs).
 */
public final class LrSchedules {
    static final String FORMS = "none, step:N[:GAMMA] or cosine[:MIN]";

    private LrSchedules() {}

    /** The schedule {@code spec} names for a run of {@code epochs}; null for none. Throws on a bad spec. */
    public static Function<Optimizer, LrSchedule> parse(String spec, int epochs) {
        if (spec == null || spec.isBlank() || spec.equalsIgnoreCase("none")) {
            return null;
        }
        String[] parts = spec.toLowerCase(Locale.ROOT).strip().split(":", -1);
        try {
            return switch (parts[0]) {
                case "step" -> {
                    if (parts.length < 2 || parts.length > 3) {
                        throw bad(spec, null);
                    }
                    int every = Integer.parseInt(parts[1]);
                    float gamma = parts.length == 3 ? Float.parseFloat(parts[2]) : 0.5f;
                    if (every < 1 || !(gamma > 0f) || !Float.isFinite(gamma)) {
                        throw bad(spec, "N must be at least 1 and GAMMA positive");
                    }
                    yield opt -> new StepDecay(opt, every, gamma);
                }
                case "cosine" -> {
                    if (parts.length > 2) {
                        throw bad(spec, null);
                    }
                    float min = parts.length == 2 ? Float.parseFloat(parts[1]) : 0f;
                    if (!(min >= 0f) || !Float.isFinite(min)) {
                        throw bad(spec, "MIN must be a finite rate >= 0");
                    }
                    yield opt -> new CosineAnnealing(opt, Math.max(1, epochs), min);
                }
                default -> throw bad(spec, null);
            };
        } catch (NumberFormatException e) {
            throw bad(spec, "not a number: " + e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("--lr-schedule '" + spec + "': expected " + FORMS + (why == null ? "" : " (" + why + ")"));
    }
}
