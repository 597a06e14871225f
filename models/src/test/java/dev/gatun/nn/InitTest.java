package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Initializers: PyTorch's fans and gains, bounds of the uniform ones, moments of the normal ones. */
class InitTest {
    @Test
    void fansAsPyTorch() {
        assertEquals(784, Init.fanIn(new int[] {128, 784})); // Linear weight [out, in]
        assertEquals(128, Init.fanOut(new int[] {128, 784}));
        assertEquals(3 * 5 * 5, Init.fanIn(new int[] {16, 3, 5, 5})); // conv kernel [out, in, kh, kw]
        assertEquals(16 * 5 * 5, Init.fanOut(new int[] {16, 3, 5, 5}));
    }

    @Test
    void gainsAsCalculateGain() {
        assertEquals(1f, Init.gain("sigmoid"));
        assertEquals(5f / 3f, Init.gain("tanh"));
        assertEquals(Math.sqrt(2), Init.gain("relu"), 1e-6);
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.gain("leaky_relu"), 1e-6); // default slope 0.01
        assertEquals(Math.sqrt(2 / 6.0), Init.gain("leaky_relu", (float) Math.sqrt(5)), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Init.gain("swish"));
    }

    @Test
    void uniformInitializersStayWithinTheirBound() {
        int[] shape = {64, 32};
        // xavier: gain * sqrt(6 / (fan_in + fan_out)); kaiming: sqrt(3) * gain / sqrt(fan_in)
        assertWithin(Init.xavierUniform(1f), shape, Math.sqrt(6.0 / (32 + 64)));
        assertWithin(Init.kaimingUniform(0f, Init.FanMode.FAN_IN, "relu"), shape, Math.sqrt(3) * Math.sqrt(2) / Math.sqrt(32));
        assertWithin(Init.kaimingUniform(0f, Init.FanMode.FAN_OUT, "relu"), shape, Math.sqrt(3) * Math.sqrt(2) / Math.sqrt(64));
        assertWithin(Init.uniform(-0.1f, 0.1f), shape, 0.1);
    }

    @Test
    void normalInitializersHaveTheirStandardDeviation() {
        int[] shape = {200, 100};
        assertStd(Init.xavierNormal(5f / 3f), shape, 5.0 / 3 * Math.sqrt(2.0 / 300));
        assertStd(Init.kaimingNormal(0f, Init.FanMode.FAN_IN, "relu"), shape, Math.sqrt(2) / Math.sqrt(100));
        assertStd(Init.normal(0f, 0.02f), shape, 0.02);
    }

    @Test
    void byNameCoversTheCommandLineNames() {
        for (String name : new String[] {"xavier_uniform", "glorot_normal", "he_uniform", "kaiming_normal", "default"}) {
            Tensor t = Tensor.zeros(8, 4);
            Init.byName(name, "relu").fill(t, new Rng(1));
            float[] v = t.toArray();
            assertTrue(v[0] != 0f || v[1] != 0f, name + " filled the tensor");
        }
        assertThrows(IllegalArgumentException.class, () -> Init.byName("orthogonal", "relu"));
    }

    private static void assertWithin(Initializer init, int[] shape, double bound) {
        Tensor t = Tensor.zeros(shape);
        init.fill(t, new Rng(3));
        double max = 0;
        for (float v : t.toArray()) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= bound * (1 + 1e-6), "max " + max + " > bound " + bound);
        assertTrue(max > 0.95 * bound, "max " + max + " should approach bound " + bound);
    }

    private static void assertStd(Initializer init, int[] shape, double std) {
        Tensor t = Tensor.zeros(shape);
        init.fill(t, new Rng(4));
        double sum = 0, sumSq = 0;
        float[] v = t.toArray();
        for (float x : v) {
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / v.length;
        assertEquals(0, mean, 3 * std / Math.sqrt(v.length) + 1e-6, "mean");
        assertEquals(std, Math.sqrt(sumSq / v.length - mean * mean), 0.03 * std, "std");
    }
}
