/**
 * Reverse-mode automatic differentiation on a tape: a {@link dev.gatun.autograd.Var} holds a tensor
 * value and, when a differentiable function made it, the closure that turns its gradient into its
 * inputs' gradients. The functions ({@link dev.gatun.autograd.F}, {@link dev.gatun.autograd.ConvF},
 * {@link dev.gatun.autograd.RnnF}, {@link dev.gatun.autograd.AttentionF}) run their forward with
 * {@link dev.gatun.ops.Ops} and keep only what the gradient needs; {@link dev.gatun.autograd.NoGrad}
 * turns recording off for inference and updates.
 */
package dev.gatun.autograd;
