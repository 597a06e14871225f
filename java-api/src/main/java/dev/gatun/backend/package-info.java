/**
 * The compute contract and its selection: {@link dev.gatun.backend.Backend} is the set of primitives
 * (matmul, binary, eltwise, reductions, softmax, layer and batch normalization, convolution,
 * pooling, recurrent stacks, copy) that every backend implements on float32 tensors whose
 * arguments {@link dev.gatun.ops.Ops} has already validated; the op enums and parameter records
 * ({@link dev.gatun.backend.EltwiseOp}, {@link dev.gatun.backend.Conv2dParams},
 * {@link dev.gatun.backend.RnnParams}, ...) describe the calls. {@link dev.gatun.backend.Backends}
 * chooses the backend once (onednn, openblas, java, scalar; native ones arrive through
 * {@link dev.gatun.backend.BackendProvider} and {@link java.util.ServiceLoader}), logs each
 * rejection with its reason and honours {@code -Dgatun.backend=}; {@link dev.gatun.backend.ForwardingBackend}
 * is the base of backends that run only some ops themselves.
 */
package dev.gatun.backend;
