/**
 * The recurrent driver shared by the gemm-based backends (java and openblas): {@link
 * dev.gatun.backend.rnn.RnnDriver} runs LSTM, GRU and vanilla RNN layers forward and backward on
 * any row-major sgemm ({@link dev.gatun.backend.rnn.RnnGemm}), with the per-step gate math in
 * {@link dev.gatun.backend.rnn.RnnGates}: the Vector API version when {@code jdk.incubator.vector}
 * is readable, else {@link dev.gatun.backend.rnn.ScalarRnnGates}. Nothing here links to the
 * incubator module, so a backend built on it works in any JVM.
 */
package dev.gatun.backend.rnn;
