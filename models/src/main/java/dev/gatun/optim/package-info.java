/**
 * Optimizers and learning-rate schedules with PyTorch's exact update formulas: SGD (momentum,
 * Nesterov, weight decay), Adam and AdamW as {@link dev.gatun.optim.Optimizer}s whose per-element
 * updates run as single passes ({@link dev.gatun.optim.UpdateKernels}: Vector API lanes, or scalar
 * loops giving bit-identical results), {@link dev.gatun.optim.GradClip} for clipping by global norm,
 * and the {@link dev.gatun.optim.LrSchedule}s step decay and cosine annealing.
 */
package dev.gatun.optim;
