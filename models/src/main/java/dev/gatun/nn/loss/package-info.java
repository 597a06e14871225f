/**
 * Training objectives with PyTorch's formulas: each {@link dev.gatun.nn.loss.Loss} maps a model's
 * output and a target to a one-element {@link dev.gatun.autograd.Var} to call {@code backward()} on
 * (mean squared and absolute error, cross-entropy with label smoothing, binary cross-entropy on logits,
 * hinge and multi-class margin losses), with the 0-1 loss as a metric without gradient, L1/L2 weight
 * {@link dev.gatun.nn.loss.Penalty penalties}, and {@link dev.gatun.nn.loss.Losses} to choose one by name.
 */
package dev.gatun.nn.loss;
