/**
 * The {@code java} backend: every op in pure Java on the incubating Vector API
 * ({@link dev.gatun.backend.vector.VectorBackend}), with a blocked multithreaded sgemm
 * ({@link dev.gatun.backend.vector.VectorSgemm} and its packing, micro-kernel and pool), and vector kernels
 * for elementwise ops, reductions, softmax, normalization, pooling, copies and recurrent gates, large
 * ops split over rows by {@link dev.gatun.backend.vector.Workers}. {@code Backends} loads it by name, so without
 * {@code jdk.incubator.vector} nothing links to it and Gatun falls back to the scalar code.
 */
package dev.gatun.backend.vector;
