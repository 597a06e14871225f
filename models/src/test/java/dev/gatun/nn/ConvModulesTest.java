package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.Var;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conv2d, MaxPool2d, AvgPool2d, BatchNorm2d and Flatten as layers: names, shapes, modes, a LeNet-shaped step. */
class ConvModulesTest {

    @Test
    void aLeNetShapedModelHasPyTorchNamesShapesAndGradients() {
        Rng rng = new Rng(5);
        try (Module model = new Sequential(
                new Conv2d(1, 6, 5, Conv2dParams.of(1, 2), rng), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, Conv2dParams.of(1, 0), rng), new BatchNorm2d(16), new ReLU(), new AvgPool2d(2),
                new Flatten(), new Linear(16 * 5 * 5, 10, rng));
             Scope step = Scope.confined()) {
            assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "4.weight", "4.bias", "8.weight", "8.bias"),
                    List.copyOf(model.namedParameters().keySet()));
            assertArrayEquals(new int[] {6, 1, 5, 5}, model.namedParameters().get("0.weight").shape());
            Var y = model.forward(Tensor.uniform(rng, 0, 1, 4, 1, 28, 28));
            assertArrayEquals(new int[] {4, 10}, y.shape());
            y.backward(Tensor.ones(4, 10));
            model.parameters().forEach(p -> assertNotNull(p.grad(), p.name() + " got no gradient"));
        }
    }

    @Test
    void conv2dInitializesLikePyTorchAndDescribesItself() {
        try (Conv2d conv = new Conv2d(3, 8, 3, 3, Conv2dParams.of(2, 1).withGroups(1), false, new Rng(1))) {
            float bound = (float) (1 / Math.sqrt(3 * 3 * 3)); // U(-1/sqrt(fan_in), 1/sqrt(fan_in))
            for (float v : conv.weight().value().toArray()) {
                assertTrue(Math.abs(v) <= bound, "weight " + v + " outside +-" + bound);
            }
            assertEquals("Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)", conv.toString());
        }
    }

    @Test
    void batchNormTracksRunningStatisticsInTrainingAndUsesThemInEvaluation() {
        try (BatchNorm2d bn = new BatchNorm2d(2); Scope s = Scope.confined()) {
            // channel 0 = {1, 3}, channel 1 = {2, 6}
            Tensor x = Tensor.of(new float[] {1, 2, 3, 6}, 2, 2, 1, 1);
            Tensor y = bn.forward(x).value();
            assertArrayEquals(new float[] {-1, -1, 1, 1}, y.toArray(), 1e-4f); // batch statistics
            assertArrayEquals(new float[] {0.2f, 0.4f}, bn.runningMean().toArray(), 1e-6f);
            assertArrayEquals(new float[] {0.9f + 0.1f * 2, 0.9f + 0.1f * 8}, bn.runningVar().toArray(), 1e-6f);
            assertEquals(1, bn.numBatchesTracked());
            bn.eval();
            Tensor e = bn.forward(x).value(); // (x - running mean) / sqrt(running var + eps)
            assertEquals((1 - 0.2f) / Math.sqrt(1.1 + 1e-5), e.toArray()[0], 1e-5);
            assertEquals(1, bn.numBatchesTracked());
            assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.namedBuffers().keySet()));
            assertEquals("BatchNorm2d(2, eps=1.0E-5, momentum=0.1, affine=True, track_running_stats=True)", bn.toString());
        }
    }
}
