package dev.gatun.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.ops.Ops;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.testing.Close;
import org.junit.jupiter.api.Test;

/** What the parity harness does not cover for convolutions: the primitive cache and the cached weight reorder. */
class OneDnnConvTest {
    private static final OneDnnBackend ONEDNN = (OneDnnBackend) Backends.get("onednn");
    private static final ScalarBackend ORACLE = new ScalarBackend();

    @Test
    void aRepeatedShapeMakesNoPrimitiveAndChangedWeightsAreReorderedAgain() {
        Rng rng = new Rng(3);
        Conv2dParams p = Conv2dParams.of(1, 1);
        try (Scope s = Scope.confined()) {
            Tensor x = Tensor.uniform(rng, -1, 1, 2, 16, 9, 9), w = Tensor.uniform(rng, -1, 1, 32, 16, 3, 3);
            Tensor b = Tensor.uniform(rng, -1, 1, 32);
            Tensor out = Tensor.zeros(2, 32, 9, 9), expected = Tensor.zeros(2, 32, 9, 9);
            ONEDNN.conv2d(x, w, b, out, p);
            long made = ONEDNN.primitivesCreated();
            ONEDNN.conv2d(x, w, b, out, p);
            assertEquals(made, ONEDNN.primitivesCreated(), "the same shape made a new primitive");
            ORACLE.conv2d(x, w, b, expected, p);
            Close.assertClose("conv2d with reused weights", expected, out, 1e-4, 1e-4);
            // an optimizer step writes the weights in place: the next call must see them
            float[] v = w.toArray();
            v[0] += 1f;
            v[v.length - 1] -= 0.5f;
            w.copyFrom(v);
            ONEDNN.conv2d(x, w, b, out, p);
            ORACLE.conv2d(x, w, b, expected, p);
            Close.assertClose("conv2d after the weights changed", expected, out, 1e-4, 1e-4);
            assertEquals(made, ONEDNN.primitivesCreated());
        }
    }

    @Test
    void anEmptyBatchGivesEmptyResultsWithoutAPrimitive() {
        try (Scope s = Scope.confined(); var u = Backends.using(ONEDNN)) {
            Tensor x = Tensor.zeros(0, 3, 8, 8), w = Tensor.zeros(4, 3, 3, 3);
            long made = ONEDNN.primitivesCreated();
            Conv2dParams p = Conv2dParams.of(1, 1);
            Tensor y = Ops.conv2d(x, w, null, p);
            assertArrayEquals(new int[] {0, 4, 8, 8}, y.shape());
            assertArrayEquals(new int[] {0, 3, 8, 8}, Ops.conv2dBackwardData(y, w, x.shape(), p).shape());
            assertEquals(0f, Ops.conv2dBackwardWeights(x, y, w.shape(), true, p).diffBias().toArray()[0]);
            Ops.MaxPoolResult m = Ops.maxPool2d(x, Pool2dParams.of(2, 2, 0));
            assertArrayEquals(new int[] {0, 3, 4, 4}, m.dst().shape());
            assertArrayEquals(new int[] {0, 3, 8, 8}, Ops.avgPool2dBackward(m.dst(), x.shape(), Pool2dParams.of(2, 2, 0), true).shape());
            assertEquals(made, ONEDNN.primitivesCreated());
        }
    }
}
