package dev.gatun.serve;

import dev.gatun.tensor.Tensor;

/**
 * One planned layer of a {@link Predictor}: reads the input tensor it was planned on and writes
 * {@link #output()}, both fixed at planning time, so {@link #run()} allocates nothing. A step may
 * work in place and return its input as its output.
 */
public interface LayerPlan {
    /** Where {@link #run()} leaves the result (the same tensor on every call). */
    Tensor output();

    /** Computes the output from the current content of the input. */
    void run();
}
