/**
 * The {@code java} BLAS: {@link dev.gatun.blas.vector.JavaBlas} runs level-1 and level-2 routines and
 * gemm on the Vector API ({@link dev.gatun.blas.vector.VectorLevel1}, {@link dev.gatun.blas.vector.VectorLevel2},
 * {@link dev.gatun.blas.vector.VectorDgemm}, the float gemm being the java backend's) and keeps the scalar
 * loops for strided and rarely used routines. Loaded by name from {@code BlasSelection}, so nothing else
 * links to {@code jdk.incubator.vector}.
 */
package dev.gatun.blas.vector;
