package dev.gatun.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.testing.QuantizedParity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the quantized ops compute (by hand) and what they refuse, with messages naming the op and shapes. */
class QuantizedOpsTest {
    private Scope scope;

    @BeforeEach
    void open() {
        scope = Scope.confined();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static Tensor of(float... v) {
        Tensor t = Tensor.zeros(v.length);
        t.copyFrom(v);
        return t;
    }

    @Test
    void quantizeRoundsHalfToEvenAndSaturates() {
        // scale 0.5: x / scale = 0.5, 1.5, 2.5, -0.5, -1.5 -> 0, 2, 2, -0, -2; then + zero point 10
        Tensor q = Ops.quantize(of(0.25f, 0.75f, 1.25f, -0.25f, -0.75f, 1000f, -1000f, Float.NaN), 0.5f, 10, DataType.UINT8);
        assertArrayEquals(new float[] {10, 12, 12, 10, 8, 255, 0, 10}, q.toArray());
        Tensor s = Ops.quantize(of(1000f, -1000f, 3f), 1f, 0, DataType.INT8);
        assertArrayEquals(new float[] {127, -128, 3}, s.toArray());
    }

    @Test
    void roundTripIsWithinHalfAStep() {
        Rng rng = new Rng(7);
        float lo = -3f, hi = 5f, scale = (hi - lo) / 255f;
        int zero = Math.round(-lo / scale);
        float[] v = new float[4096];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.uniform(lo, hi);
        }
        float[] back = Ops.dequantize(Ops.quantize(of(v), scale, zero, DataType.UINT8), scale, zero).toArray();
        for (int i = 0; i < v.length; i++) {
            // half a step, plus the float rounding of x / scale and of the product
            assertTrue(Math.abs(back[i] - v[i]) <= scale / 2 * (1 + 1e-5f), v[i] + " came back as " + back[i]);
        }
    }

    @Test
    void quantizedMatmulIsTheProductOfTheRealValues() {
        // a = [[3, 5]] with zero point 2 stands for [[1, 3]] (times the input scale); w rows [1, -2] and [4, 0]
        Tensor a = Tensor.zeros(scope, DataType.UINT8, 1, 2);
        a.copyFrom(new float[] {3, 5});
        Tensor w = Tensor.zeros(scope, DataType.INT8, 2, 2);
        w.copyFrom(new float[] {1, -2, 4, 0});
        Tensor out = Tensor.zeros(1, 2);
        Ops.quantizedMatmulInto(a, 2, w, of(0.5f, 0.25f), of(1f, -1f), false, out);
        // row 0: (1*1 + 3*-2) = -5 -> -5 * 0.5 + 1 = -1.5; row 1: 4 -> 4 * 0.25 - 1 = 0
        assertArrayEquals(new float[] {-1.5f, 0f}, out.toArray());
        Ops.quantizedMatmulInto(a, 2, w, of(0.5f, 0.25f), of(1f, 1.5f), true, out); // the fused ReLU
        assertArrayEquals(new float[] {0f, 2.5f}, out.toArray());
    }

    @Test
    void quantizedConvolutionPadsWithARealZero() {
        // a 1x1 image of code 7 with zero point 7 (a real 0) and padding 1: every output is the bias
        Tensor x = Tensor.zeros(scope, DataType.UINT8, 1, 1, 1, 1);
        x.fill(7);
        Tensor w = QuantizedParity.codes(DataType.INT8, new Rng(1), 2, 1, 3, 3);
        Tensor dst = Tensor.zeros(1, 2, 1, 1);
        Ops.quantizedConv2dInto(x, 7, w, of(1f, 1f), of(0.5f, -2f), false, dst, Conv2dParams.of(1, 1));
        assertArrayEquals(new float[] {0.5f, -2f}, dst.toArray());
    }

    @Test
    void productsIntoCodesAndPoolingOnCodesAgreeWithQuantizingTheFloats() {
        Rng rng = new Rng(3);
        Tensor a = QuantizedParity.codes(DataType.UINT8, rng, 2, 1, 8, 8), w = QuantizedParity.codes(DataType.INT8, rng, 3, 1, 3, 3);
        Tensor scales = of(0.01f, 0.02f, 0.005f), bias = of(0.5f, -1f, 2f);
        Tensor floats = Tensor.zeros(2, 3, 8, 8), codes = Tensor.zeros(scope, DataType.UINT8, 2, 3, 8, 8);
        Ops.quantizedConv2dInto(a, 9, w, scales, bias, true, floats, Conv2dParams.of(1, 1));
        Ops.quantizedConv2dInto(a, 9, w, scales, bias, true, codes, Conv2dParams.of(1, 1));
        float[] f = floats.toArray(), q = codes.toArray();
        for (int i = 0; i < f.length; i++) {
            assertEquals(Math.min(255f, (float) Math.rint(f[i])), q[i], "code " + i + " of " + f[i]);
        }
        // pooling the codes gives the codes of the float pooling: quantizing is monotone
        Pool2dParams p = Pool2dParams.of(3, 2, 1);
        Tensor pooled = Tensor.zeros(scope, DataType.UINT8, 2, 3, 4, 4);
        Ops.quantizedMaxPool2dInto(Ops.quantize(floats, 0.25f, 0, DataType.UINT8), pooled, p);
        Tensor want = Ops.quantize(Ops.maxPool2d(floats, p).dst(), 0.25f, 0, DataType.UINT8);
        assertArrayEquals(want.toArray(), pooled.toArray());
        assertMessage("expected uint8", () -> Ops.quantizedMaxPool2dInto(floats, pooled, p));
        assertMessage("expected contiguous [2, 3, 4, 4]", () -> Ops.quantizedMaxPool2dInto(codes, codes, p));
    }

    @Test
    void refusesWhatWouldBeWrong() {
        Tensor a = Tensor.zeros(scope, DataType.UINT8, 2, 3), w = Tensor.zeros(scope, DataType.INT8, 4, 3);
        Tensor scales = of(1, 1, 1, 1), out = Tensor.zeros(2, 4);
        assertMessage("expected uint8", () -> Ops.quantizedMatmulInto(w, 0, w, scales, null, false, out));
        assertMessage("[2, 3] and weights [4, 2]", () -> Ops.quantizedMatmulInto(a, 0, Tensor.zeros(scope, DataType.INT8, 4, 2),
                scales, null, false, out));
        assertMessage("zero point 256", () -> Ops.quantizedMatmulInto(a, 256, w, scales, null, false, out));
        assertMessage("scales [3]", () -> Ops.quantizedMatmulInto(a, 0, w, of(1, 1, 1), null, false, out));
        assertMessage("expected [2, 4]", () -> Ops.quantizedMatmulInto(a, 0, w, scales, null, false, Tensor.zeros(4, 2)));
        assertMessage("scale must be positive", () -> Ops.quantize(of(1f), 0f, 0, DataType.UINT8));
        assertMessage("scale must be positive", () -> Ops.quantize(of(1f), Float.NaN, 0, DataType.UINT8));
        assertMessage("not an 8-bit integer type", () -> Ops.quantize(of(1f), 1f, 0, DataType.BFLOAT16));
        assertMessage("zero point -1", () -> Ops.quantize(of(1f), 1f, -1, DataType.UINT8));
        assertMessage("not a uint8 code", () -> a.set(300, 0, 0));
        assertMessage("convert only with a scale", () -> a.to(DataType.FLOAT32));
        assertMessage("rank 4", () -> Ops.quantizedConv2dInto(a, 0, w, scales, null, false, out, Conv2dParams.of(1, 0)));
        Tensor big = Tensor.zeros(scope, DataType.UINT8, 1, 70_000), bigW = Tensor.zeros(scope, DataType.INT8, 1, 70_000);
        assertMessage("overflow int32", () -> Ops.quantizedMatmulInto(big, 0, bigW, of(1f), null, false, Tensor.zeros(1, 1)));
        assertEquals(0f, out.toArray()[0]); // nothing written by a refused call
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
    }
}
