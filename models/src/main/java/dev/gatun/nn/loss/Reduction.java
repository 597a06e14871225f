package dev.gatun.nn.loss;

/**
 * How per-sample losses are combined, as PyTorch's {@code reduction}: {@code MEAN} (the default;
 * over the batch for class losses, over all elements for elementwise ones) or {@code SUM}.
 */
public enum Reduction {
    MEAN,
    SUM
}
