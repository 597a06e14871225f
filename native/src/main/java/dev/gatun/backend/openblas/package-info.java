/**
 * The {@code openblas} backend: {@link dev.gatun.backend.openblas.OpenBlasBackend} runs matmul as
 * {@code cblas_sgemm} on the tensors' own memory, and convolution and the recurrent stacks through the
 * shared gemm-based drivers ({@code dev.gatun.backend.conv}, {@code dev.gatun.backend.rnn}) on
 * {@code cblas_sgemm}; every other op runs on the pure-Java backend. Offered through
 * {@link java.util.ServiceLoader}; its {@code gatun info} section comes from here too.
 */
package dev.gatun.backend.openblas;
