/**
 * The tensor operations users call: {@link dev.gatun.ops.Ops} is the public face, and each op family
 * (matmul, binary, eltwise, reductions, softmax, normalization, convolution, pooling, recurrent, layout)
 * lives in a package-private class that validates its arguments once, naming the op and the shapes in
 * the exception, makes strided inputs contiguous, allocates results in the current
 * {@link dev.gatun.tensor.Scope} and calls the current backend. The shared checks (outputs writable,
 * overlap rules, convolution shapes, recurrent arguments) are here too, so backends run kernels that
 * trust their input.
 */
package dev.gatun.ops;
