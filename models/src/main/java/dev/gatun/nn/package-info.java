/**
 * Layers and models with PyTorch's semantics, parameter names and layouts: {@link dev.gatun.nn.Module}
 * owns {@link dev.gatun.nn.Parameter}s and child modules, maps an input {@link dev.gatun.autograd.Var}
 * to an output with the differentiable functions, and plans its own inference next to its
 * {@code forward} (the {@link dev.gatun.serve.Inferable} contract). Here are the linear, convolution,
 * pooling, normalization, dropout, embedding, recurrent (RNN, LSTM, GRU), attention and transformer
 * layers, the activations, {@link dev.gatun.nn.Sequential}, and PyTorch's initializers
 * ({@link dev.gatun.nn.Init}).
 */
package dev.gatun.nn;
