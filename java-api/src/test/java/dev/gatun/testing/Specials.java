package dev.gatun.testing;

import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import java.util.function.Supplier;

/**
 * NaN and infinities in the parity harnesses' inputs. Inside {@link #during}, {@link #sprinkle}
 * sets about one element in 16 (at least one) of a fresh input to NaN, +inf or -inf, so every op
 * is compared with the scalar oracle on how it propagates them; outside, it changes nothing and
 * draws nothing from the generator (the ordinary cases keep their seeds).
 */
public final class Specials {
    private static final float[] VALUES = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    private static final ThreadLocal<Boolean> ON = ThreadLocal.withInitial(() -> false);

    private Specials() {}

    /** Runs {@code checks} with special values sprinkled into their inputs. */
    public static void during(Runnable checks) {
        boolean before = ON.get();
        ON.set(true);
        try {
            checks.run();
        } finally {
            ON.set(before);
        }
    }

    public static <T> T during(Supplier<T> checks) {
        Object[] out = new Object[1];
        during(() -> {
            out[0] = checks.get();
        });
        @SuppressWarnings("unchecked") T t = (T) out[0];
        return t;
    }

    /** {@code t} with some elements NaN or infinite when special values are on; {@code t} as it is otherwise. */
    public static Tensor sprinkle(Rng rng, Tensor t) {
        if (!ON.get() || t.numel() == 0) {
            return t;
        }
        float[] v = t.toArray();
        for (int i = 0, n = 1 + v.length / 16; i < n; i++) {
            v[rng.nextInt(v.length)] = VALUES[rng.nextInt(VALUES.length)];
        }
        t.copyFrom(v);
        return t;
    }
}
