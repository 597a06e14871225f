package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.FiniteDifferences;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.serve.Predictor;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conv1d: PyTorch's layout and names, forward against plain loops, gradients, inference through a Predictor. */
class Conv1dTest {
    private final Rng rng = new Rng(17);

    /** y[n, o, t] = b[o] + sum over c of o's group and j of w[o, c - g*icg, j] * x[n, c, t*stride + j*dilation - padding]. */
    static float[] reference(float[] x, float[] w, float[] b, int n, int in, int length, int out, int k, int stride,
                             int padding, int dilation, int groups) {
        int icg = in / groups, ocg = out / groups;
        int outLength = (length + 2 * padding - dilation * (k - 1) - 1) / stride + 1;
        float[] y = new float[n * out * outLength];
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < out; o++) {
                int g = o / ocg;
                for (int t = 0; t < outLength; t++) {
                    double acc = b == null ? 0 : b[o];
                    for (int ci = 0; ci < icg; ci++) {
                        int c = g * icg + ci;
                        for (int j = 0; j < k; j++) {
                            int pos = t * stride + j * dilation - padding;
                            if (pos >= 0 && pos < length) {
                                acc += (double) w[(o * icg + ci) * k + j] * x[(s * in + c) * length + pos];
                            }
                        }
                    }
                    y[(s * out + o) * outLength + t] = (float) acc;
                }
            }
        }
        return y;
    }

    /** (in, out, k, stride, padding, dilation, groups, bias) */
    static final int[][] CASES = {
        {3, 4, 3, 1, 0, 1, 1, 1}, {4, 6, 3, 2, 1, 1, 2, 1}, {4, 4, 2, 1, 2, 2, 4, 0}, {2, 3, 1, 3, 0, 1, 1, 1}, {1, 1, 5, 1, 2, 1, 1, 0}};

    static Conv1d layer(int[] c, Rng rng) {
        return new Conv1d(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7] == 1, rng);
    }

    @Test
    void hasPytorchNamesLayoutAndDescription() {
        try (Conv1d conv = new Conv1d(4, 6, 3, 2, 1, 1, 2, true, rng)) {
            assertEquals(List.of("weight", "bias"), List.copyOf(conv.namedParameters().keySet()));
            assertArrayEquals(new int[] {6, 2, 3}, conv.weight().shape()); // [out, in/groups, k]
            assertEquals("Conv1d(4, 6, kernel_size=(3,), stride=(2,), padding=(1,), groups=2)", conv.toString());
            float bound = (float) (1 / Math.sqrt(2 * 3)); // U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in/groups * k
            for (float v : conv.weight().value().toArray()) {
                assertTrue(Math.abs(v) <= bound, "weight " + v + " outside +-" + bound);
            }
        }
        try (Conv1d conv = new Conv1d(2, 2, 3, rng)) {
            assertEquals("Conv1d(2, 2, kernel_size=(3,), stride=(1,))", conv.toString());
        }
    }

    @Test
    void forwardMatchesPlainLoopsOnEveryBackend() {
        for (Backend backend : Backends.available()) {
            try (var _ = Backends.using(backend)) {
                for (int[] c : CASES) {
                    try (Conv1d conv = layer(c, rng); Scope s = Scope.confined()) {
                        int n = 2, length = 9;
                        Tensor x = Tensor.uniform(rng, -1, 1, n, c[0], length);
                        float[] got = conv.forward(x).value().toArray();
                        float[] want = reference(x.toArray(), conv.weight().value().toArray(),
                                conv.bias() == null ? null : conv.bias().value().toArray(), n, c[0], length, c[1], c[2], c[3],
                                c[4], c[5], c[6]);
                        FiniteDifferences.assertClose(want, got, 1e-5, backend.name() + " conv1d " + conv);
                    }
                }
            }
        }
    }

    @Test
    void gradientsByFiniteDifferences() {
        try (var _ = Backends.using(Backends.get("scalar"))) {
            for (int[] c : CASES) {
                try (Conv1d conv = layer(c, rng); Scope s = Scope.confined()) {
                    Var x = FiniteDifferences.input(rng, -1, 1, 2, c[0], 7);
                    FiniteDifferences.check("conv1d input " + conv, () -> conv.forward(x), x);
                    FiniteDifferences.check("conv1d parameters " + conv, () -> conv.forward(x),
                            conv.parameters().toArray(Var[]::new));
                }
            }
        }
    }

    @Test
    void servesThroughAPredictorLikeItsForward() {
        try (Sequential model = new Sequential(new Conv1d(3, 8, 3, 1, 1, 1, 1, true, rng), new ReLU(),
                new Conv1d(8, 4, 3, 2, 0, 2, 4, false, rng), new Flatten(), new Linear(4 * 3, 2, rng))) {
            model.eval();
            for (Backend backend : Backends.available()) {
                try (Scope s = Scope.confined(); var _ = Backends.using(backend);
                     Predictor p = Predictor.builder(model).inputShape(2, 3, 10).backend(backend).build()) {
                    Tensor x = Tensor.uniform(rng, -1, 1, 2, 3, 10);
                    float[] want = model.forward(x).value().toArray();
                    assertArrayEquals(new int[] {2, 2}, p.outputShape());
                    FiniteDifferences.assertClose(want, p.predict(x.toArray()), 1e-5, backend.name() + " predictor");
                }
            }
        }
    }

    @Test
    void badInputNamesTheLayerAndShapes() {
        try (Conv1d conv = new Conv1d(3, 4, 5, rng); Scope s = Scope.confined()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(2, 2, 9)));
            assertEquals("Conv1d(3, 4, kernel_size=5) expects input [N, 3, L], got [2, 2, 9]", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(2, 3, 4)));
            assertEquals("Conv1d: input length 4 is shorter than the dilated kernel 5 with padding 0 on each side",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Predictor.of(conv, 1, 3, 4));
            assertTrue(e.getMessage().startsWith("Predictor: Conv1d: input length 4"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Conv1d(3, 4, 3, 1, 0, 1, 2, true, rng));
            assertThrows(IllegalArgumentException.class, () -> new Conv1d(3, 4, 3, 0, 0, 1, 1, true, rng));
        }
    }
}
