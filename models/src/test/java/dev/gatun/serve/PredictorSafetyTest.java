package dev.gatun.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.nn.Sequential;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16: a predictor given NaN answers NaN for that row on every backend (onednn's ReLU used to
 * turn it into finite scores), and refuses a read-only output before running the model.
 */
class PredictorSafetyTest {
    static List<Backend> backends() {
        return Backends.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aNanInputGivesNanScoresForItsRowOnly(Backend backend) {
        try (Sequential model = PredictorTest.everyLayer(3);
             Predictor p = Predictor.builder(model).inputShape(4, 12).backend(backend).build()) {
            float[] x = PredictorTest.input(5, 4 * 12);
            float[] clean = p.predict(x);
            x[12 + 7] = Float.NaN; // row 1
            float[] scores = p.predict(x);
            for (int i = 0; i < scores.length; i++) {
                if (i / 5 == 1) {
                    assertTrue(Float.isNaN(scores[i]), "row 1 holds a NaN input; score " + i + " is " + scores[i]
                            + " on " + backend.name() + ": " + Arrays.toString(scores));
                } else {
                    // a batch holding a NaN may run some ops on another kernel: same values to rounding
                    assertEquals(clean[i], scores[i], 1e-5f, "score " + i + " of a clean row on " + backend.name());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void readOnlyOutputsAreRefused(Backend backend) {
        try (Sequential model = PredictorTest.everyLayer(3);
             Predictor p = Predictor.builder(model).inputShape(1, 12).backend(backend).build();
             Arena arena = Arena.ofConfined(); Scope scope = Scope.confined()) {
            MemorySegment in = arena.allocate(12 * 4L);
            MemorySegment out = arena.allocate(5 * 4L);
            out.setAtIndex(ValueLayout.JAVA_FLOAT, 0, 42f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.predict(in, out.asReadOnly()));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            Tensor ro = Tensor.wrap(scope, out.asReadOnly(), 1, 5);
            e = assertThrows(IllegalArgumentException.class, () -> p.predict(Tensor.zeros(1, 12), ro));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertEquals(42f, out.getAtIndex(ValueLayout.JAVA_FLOAT, 0));
        }
    }
}
