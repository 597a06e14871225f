package dev.gatun.nn;

import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;

/**
 * Fills a parameter tensor in place from a seeded {@link Rng}. The factories are in {@link Init}:
 * {@code linear.reset(Init.xavierUniform(1f), Init.zeros(), rng)}.
 */
@FunctionalInterface
public interface Initializer {
    void fill(Tensor t, Rng rng);
}
