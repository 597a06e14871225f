/**
 * An adapter for code written against netlib's {@code dev.ludovic.netlib.blas.BLAS} (Spark MLlib,
 * Breeze): {@link dev.gatun.blas.netlib.GatunNetlibBlas} implements that interface on Gatun's
 * {@link dev.gatun.blas.Blas}, so such code uses Gatun unchanged.
 */
package dev.gatun.blas.netlib;
