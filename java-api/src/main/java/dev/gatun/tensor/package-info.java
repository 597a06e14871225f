/**
 * Float32 tensors on off-heap memory: {@link dev.gatun.tensor.Tensor} (a row-major shape, element
 * strides and views over a 64-byte-aligned segment), {@link dev.gatun.tensor.Scope} (the lifetime of a
 * group of tensors, the thread's current scope receiving op results), {@link dev.gatun.tensor.StepMemory}
 * (scopes carved from slabs reused step after step), {@link dev.gatun.tensor.Rng} (seeded, the same
 * numbers on every platform) and {@link dev.gatun.tensor.Shapes} (shape arithmetic and the wording of
 * shape errors).
 */
package dev.gatun.tensor;
