package dev.gatun.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.nn.Module;
import dev.gatun.serve.Predictor;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Every bench model serves through a Predictor, and its batch-1 answer is the forward pass's. */
class BenchModelsPlanTest {
    @Test
    void everyModelsPlanGivesItsForwardsAnswer() {
        for (BenchModels kind : BenchModels.values()) {
            try (Scope scope = Scope.confined(); Module net = kind.build(new Rng(3))) {
                net.eval();
                Rng rng = new Rng(5);
                float[] sample = new float[(int) Shapes.numel(kind.sampleShape)];
                for (int i = 0; i < sample.length; i++) {
                    sample[i] = (float) rng.nextGaussian();
                }
                float[] expected;
                try (var _ = NoGrad.enter()) {
                    expected = net.forward(Var.constant(Tensor.of(sample, kind.sampleShape))).value().toArray();
                }
                try (Predictor predictor = Predictor.of(net, kind.sampleShape)) {
                    float[] actual = new float[predictor.outputSize()];
                    predictor.predict(sample, actual);
                    assertEquals(expected.length, actual.length, kind + ": output size");
                    for (int i = 0; i < actual.length; i++) {
                        assertEquals(expected[i], actual[i], 1e-4 * (1 + Math.abs(expected[i])), kind + " output " + i);
                    }
                }
            }
        }
    }
}
