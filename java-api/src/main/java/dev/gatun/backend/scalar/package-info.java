/**
 * The oracle: {@link dev.gatun.backend.scalar.ScalarBackend} implements every backend op as plain
 * loops over float32 memory, sums and elementwise functions in double, written to be read rather than
 * to be fast ({@link dev.gatun.backend.scalar.ScalarConv}, {@link dev.gatun.backend.scalar.ScalarRnn},
 * {@link dev.gatun.backend.scalar.EltwiseMath}, {@link dev.gatun.backend.scalar.Erf}). Every other
 * backend is tested against it, and the Vector API kernels use its functions for their scalar tails.
 */
package dev.gatun.backend.scalar;
