/**
 * Convolution as im2col plus gemm, shared by the gemm-based backends: {@link dev.gatun.backend.conv.Im2colConv}
 * runs the forward and both backward passes per image and group on any row-major sgemm (the
 * {@code java} backend's Vector API gemm, the {@code openblas} backend's {@code cblas_sgemm}), with the
 * layout half in {@link dev.gatun.backend.conv.Im2col}. Nothing here needs {@code jdk.incubator.vector}.
 */
package dev.gatun.backend.conv;
