/**
 * The {@link dev.gatun.blas.Blas} facade on OpenBLAS through FFM: {@code OpenBlasBlas} calls cblas on
 * heap arrays through critical downcalls while the work is small and through a per-thread off-heap
 * staging buffer ({@code HeapStaging}) past that; {@code OpenBlasBlasProvider} offers it to
 * {@code Blas.get}'s {@code ServiceLoader} lookup. Its own package, so that gatun-api's
 * {@code dev.gatun.blas} is not split across two jars (a requirement of the module path).
 */
package dev.gatun.blas.openblas;
