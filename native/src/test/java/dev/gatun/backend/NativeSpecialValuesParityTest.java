package dev.gatun.backend;

import dev.gatun.testing.ConvParity;
import dev.gatun.testing.Parity;
import dev.gatun.testing.RnnParity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NaN and infinities in every op's inputs on the native backends, against the scalar oracle
 * (issue 16, finding 6: oneDNN's ReLU turned NaN into 0).
 */
class NativeSpecialValuesParityTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gatun.backend.NativeBackendParityTest#names")
    void nanAndInfinitiesPropagateAsTheOracleDoes(String name) {
        Parity.checkAllWithSpecialValues(Backends.get(name), 16L, 6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gatun.backend.NativeBackendParityTest#names")
    void nanAndInfinitiesPropagateThroughConvolutionPoolingAndBatchNorm(String name) {
        ConvParity.checkAllWithSpecialValues(Backends.get(name), 1616L);
    }
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gatun.backend.NativeBackendParityTest#names")
    void nanAndInfinitiesPropagateThroughRecurrentLayers(String name) {
        RnnParity.checkAgainstOracleWithSpecialValues(Backends.get(name), 161616L);
    }
}
