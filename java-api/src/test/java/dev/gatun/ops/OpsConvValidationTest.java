package dev.gatun.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad hyper-parameters and shapes of convolution, pooling and batch norm fail in Java, naming what to fix. */
class OpsConvValidationTest {
    private Scope scope;

    @BeforeEach
    void open() {
        scope = Scope.confined();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
        }
    }

    @Test
    void hyperParametersOutOfRangeAreNamed() {
        assertMessage(() -> Conv2dParams.of(0, 1), "strideH=0");
        assertMessage(() -> Conv2dParams.of(1, -1), "padTop=-1");
        assertMessage(() -> Conv2dParams.of(1, 0).withDilation(1, 0), "dilationW=0");
        assertMessage(() -> Conv2dParams.of(1, 0).withGroups(0), "groups");
        assertMessage(() -> Pool2dParams.of(0, 1, 0), "kernelH=0");
        assertMessage(() -> Pool2dParams.of(2, 2, 2), "padding must be in [0, kernel)", "padTop=2");
    }

    @Test
    void anEmptyConvolutionOutputIsRejectedNamingTheHyperParameters() {
        Tensor x = Tensor.zeros(1, 1, 4, 4), w = Tensor.zeros(2, 1, 5, 5);
        assertMessage(() -> Ops.conv2d(x, w, null, Conv2dParams.of(1, 0)), "conv2d", "empty output", "5x5", "padTop=0");
        Tensor w3 = Tensor.zeros(2, 1, 3, 3);
        assertMessage(() -> Ops.conv2d(x, w3, null, Conv2dParams.of(1, 0).withDilation(2, 1)), "dilationH=2");
        // padding makes it fit again
        assertArrayEquals(new int[] {1, 2, 2, 2}, Ops.conv2d(x, w, null, Conv2dParams.of(1, 1)).shape());
    }

    @Test
    void anEmptyPoolingOutputIsRejectedNamingTheHyperParameters() {
        Tensor x = Tensor.zeros(1, 1, 2, 5);
        assertMessage(() -> Ops.maxPool2d(x, Pool2dParams.of(3, 1, 0)), "maxPool2d", "empty output", "kernelH=3");
        assertMessage(() -> Ops.avgPool2d(x, new Pool2dParams(1, 6, 1, 1, 0, 0, 0, 0), true), "avgPool2d", "kernelW=6");
    }

    @Test
    void convolutionShapesAreChecked() {
        Tensor x = Tensor.zeros(2, 6, 5, 5);
        assertMessage(() -> Ops.conv2d(x, Tensor.zeros(4, 6, 3, 3), null, Conv2dParams.of(1, 0).withGroups(4)),
                "groups=4 must divide", "[2, 6, 5, 5]");
        assertMessage(() -> Ops.conv2d(x, Tensor.zeros(4, 5, 3, 3), null, Conv2dParams.of(1, 0)), "shape mismatch in conv2d",
                "6 (IC/groups)");
        assertMessage(() -> Ops.conv2d(x, Tensor.zeros(4, 6, 3, 3), Tensor.zeros(3), Conv2dParams.of(1, 0)), "bias must be [4]");
        assertMessage(() -> Ops.conv2d(Tensor.zeros(6, 5, 5), Tensor.zeros(4, 6, 3, 3), null, Conv2dParams.of(1, 0)), "NCHW");
        Tensor dy = Tensor.zeros(2, 4, 4, 4);
        assertMessage(() -> Ops.conv2dBackwardData(dy, Tensor.zeros(4, 6, 3, 3), new int[] {2, 6, 5, 5}, Conv2dParams.of(1, 0)),
                "conv2d backward data", "diffDst is [2, 4, 4, 4]", "[2, 4, 3, 3]");
        assertMessage(() -> Ops.conv2dInto(x, Tensor.zeros(4, 6, 3, 3), null, Tensor.zeros(2, 4, 3, 4), Conv2dParams.of(1, 0)),
                "output is [2, 4, 3, 4]");
    }

    @Test
    void batchNormArgumentsAreChecked() {
        Tensor x = Tensor.zeros(2, 3, 4, 4);
        assertMessage(() -> Ops.batchNorm2dTraining(x, Tensor.zeros(2), null, null, null, 0.1f, 1e-5f), "gamma must be [3]");
        assertMessage(() -> Ops.batchNorm2dTraining(x, null, null, null, null, 0.1f, 0f), "eps");
        assertMessage(() -> Ops.batchNorm2dTraining(x, null, null, null, null, 1.5f, 1e-5f), "momentum");
        assertMessage(() -> Ops.batchNorm2dTraining(Tensor.zeros(1, 3, 1, 1), null, null, null, null, 0.1f, 1e-5f),
                "more than one value per channel");
        assertMessage(() -> Ops.batchNorm2dInference(x, null, null, null, Tensor.zeros(3), 1e-5f), "mean is null");
    }

    @Test
    void runningStatisticsFollowPyTorch() {
        // x per channel: channel 0 = {1, 3}, channel 1 = {2, 6} (N = 2, H = W = 1)
        Tensor x = Tensor.of(new float[] {1, 2, 3, 6}, 2, 2, 1, 1);
        Tensor runMean = Tensor.of(new float[] {0, 0}), runVar = Tensor.of(new float[] {1, 1});
        Ops.BatchNormResult r = Ops.batchNorm2dTraining(x, null, null, runMean, runVar, 0.1f, 1e-5f);
        assertArrayEquals(new float[] {2, 4}, r.mean().toArray());
        assertArrayEquals(new float[] {1, 4}, r.variance().toArray()); // biased: mean of squared deviations
        // running = 0.9 * old + 0.1 * batch, the variance unbiased (* 2 / 1): 0.9 + 0.2 and 0.9 + 0.8
        assertArrayEquals(new float[] {0.2f, 0.4f}, runMean.toArray(), 1e-7f);
        assertArrayEquals(new float[] {1.1f, 1.7f}, runVar.toArray(), 1e-6f);
        assertEquals(0f, r.dst().toArray()[0] + r.dst().toArray()[2], 1e-6f); // normalized values are symmetric
    }
}
