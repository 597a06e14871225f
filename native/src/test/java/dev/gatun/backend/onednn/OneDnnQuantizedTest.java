package dev.gatun.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.testing.QuantizedParity;
import org.junit.jupiter.api.Test;

/**
 * The quantized products really run as oneDNN primitives (one per shape, made once), and the
 * weights' cached reorder follows weights that change between calls.
 */
class OneDnnQuantizedTest {
    private static final ScalarBackend ORACLE = new ScalarBackend();

    @Test
    void runsAsCachedPrimitivesAndFollowsChangedWeights() {
        OneDnnBackend onednn = new OneDnnBackend(Backends.get("java"), 1, 64); // a fresh cache: the counts are this test's
        try (Scope s = Scope.confined()) {
            Rng rng = new Rng(3);
            Tensor a = QuantizedParity.codes(DataType.UINT8, rng, 2, 40), w = QuantizedParity.codes(DataType.INT8, rng, 8, 40);
            Tensor x = QuantizedParity.codes(DataType.UINT8, rng, 1, 3, 9, 9), k = QuantizedParity.codes(DataType.INT8, rng, 4, 3, 3, 3);
            Tensor scales = Tensor.zeros(8), bias = Tensor.zeros(8);
            scales.fill(0.01f);
            bias.fill(0.5f);
            Conv2dParams p = Conv2dParams.of(1, 1);
            long before = onednn.primitivesCreated();
            for (int call = 0; call < 3; call++) {
                if (call == 2) { // new weights at the same address: the cached reorder must notice
                    w.set(-7, 3, 5);
                    k.set(100, 1, 2, 0, 1);
                }
                Tensor want = Tensor.zeros(2, 8), got = Tensor.zeros(2, 8);
                ORACLE.quantizedMatmul(a, 9, w, scales, bias, false, want);
                onednn.quantizedMatmul(a, 9, w, scales, bias, false, got);
                assertArrayEquals(want.toArray(), got.toArray(), "matmul, call " + call);
                Tensor cs = scales.slice(0, 0, 4).contiguous(), cb = bias.slice(0, 0, 4).contiguous();
                Tensor cw = Tensor.zeros(1, 4, 9, 9), cg = Tensor.zeros(1, 4, 9, 9);
                ORACLE.quantizedConv2d(x, 200, k, cs, cb, false, cw, p);
                onednn.quantizedConv2d(x, 200, k, cs, cb, false, cg, p);
                assertArrayEquals(cw.toArray(), cg.toArray(), "convolution, call " + call);
            }
            assertEquals(2, onednn.primitivesCreated() - before, "one matmul and one convolution primitive, made once");
            Tensor want = Tensor.zeros(2, 8), got = Tensor.zeros(2, 8);
            ORACLE.quantizedMatmul(a, 9, w, scales, bias, true, want);
            onednn.quantizedMatmul(a, 9, w, scales, bias, true, got);
            assertArrayEquals(want.toArray(), got.toArray(), "matmul with the ReLU post-op");
            int zeros = 0;
            for (float v : got.toArray()) {
                assertTrue(v >= 0f, "the ReLU leaves no negative");
                zeros += v == 0f ? 1 : 0;
            }
            assertTrue(zeros > 0, "some outputs were negative before the ReLU");
            assertEquals(3, onednn.primitivesCreated() - before, "the ReLU post-op is a primitive of its own");
        }
    }

    @Test
    void constantWeightsAreReorderedPerConstantNotCompared() {
        OneDnnBackend onednn = new OneDnnBackend(Backends.get("java"), 1, 64);
        try (Scope s = Scope.confined()) {
            Rng rng = new Rng(5);
            Tensor a = QuantizedParity.codes(DataType.UINT8, rng, 1, 96);
            Tensor first = Tensor.constant(QuantizedParity.codes(DataType.INT8, rng, 16, 96));
            Tensor second = Tensor.constant(QuantizedParity.codes(DataType.INT8, rng, 16, 96));
            Tensor scales = Tensor.zeros(16);
            scales.fill(0.02f);
            for (Tensor w : new Tensor[] {first, second, first, second.reshape(16, 96)}) { // a view of a constant is one too
                Tensor want = Tensor.zeros(1, 16), got = Tensor.zeros(1, 16);
                ORACLE.quantizedMatmul(a, 0, w, scales, null, false, want);
                onednn.quantizedMatmul(a, 0, w, scales, null, false, got);
                assertArrayEquals(want.toArray(), got.toArray());
            }
        }
    }
}
