/**
 * BLAS levels 1 to 3 in float and double with CBLAS semantics, on Java arrays and on
 * {@link java.lang.foreign.MemorySegment}s: {@link dev.gatun.blas.Blas#getInstance()} returns the best
 * implementation that loads (a native one offered through {@link dev.gatun.blas.BlasProvider}, else the
 * Vector API one, else {@link dev.gatun.blas.ScalarBlas}), chosen once by
 * {@link dev.gatun.blas.BlasSelection}. {@link dev.gatun.blas.AbstractBlas} checks every argument once
 * ({@link dev.gatun.blas.BlasChecks}) and calls kernels that trust their input; the enums are CBLAS's
 * layout, transpose, triangle, side and diagonal flags.
 */
package dev.gatun.blas;
