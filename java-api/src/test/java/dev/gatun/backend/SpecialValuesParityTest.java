package dev.gatun.backend;

import dev.gatun.testing.ConvParity;
import dev.gatun.testing.Parity;
import dev.gatun.testing.RnnParity;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NaN and infinities in every op's inputs, each backend against the scalar oracle (issue 16,
 * finding 6): they propagate the same way everywhere (relu(NaN) = NaN, a max over a NaN is NaN).
 */
class SpecialValuesParityTest {
    static List<Backend> backends() {
        return Backends.available().stream().filter(b -> !b.name().equals("scalar")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void nanAndInfinitiesPropagateAsTheOracleDoes(Backend backend) {
        Parity.checkAllWithSpecialValues(backend, 16L, 6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void nanAndInfinitiesPropagateThroughConvolutionPoolingAndBatchNorm(Backend backend) {
        ConvParity.checkAllWithSpecialValues(backend, 1616L);
    }
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void nanAndInfinitiesPropagateThroughRecurrentLayers(Backend backend) {
        RnnParity.checkAgainstOracleWithSpecialValues(backend, 161616L);
    }
}
