/**
 * Tensors, the validating {@code Ops}, the backend and BLAS interfaces with their pure-Java
 * implementations (scalar oracle; Vector API kernels when {@code jdk.incubator.vector} is in the
 * module graph, else the scalar code with one log line).
 *
 * <p>Native backends arrive as {@link dev.gatun.backend.BackendProvider} services (gatun-native);
 * the gemm-based convolution and recurrent drivers are exported to it alone.
 */
module dev.gatun.api {
    requires static jdk.incubator.vector;
    requires static dev.ludovic.netlib.blas;
    requires static arpack.combined.all; // netlib's org.netlib.util (intW, floatW) in the adapter's signatures

    exports dev.gatun.tensor;
    exports dev.gatun.ops;
    exports dev.gatun.backend;
    exports dev.gatun.blas;
    exports dev.gatun.blas.netlib;
    exports dev.gatun.backend.conv to dev.gatun.nativelib;
    exports dev.gatun.backend.rnn to dev.gatun.nativelib;

    uses dev.gatun.backend.BackendProvider;
    uses dev.gatun.backend.DiagnosticsProvider;
    uses dev.gatun.blas.BlasProvider;
}
