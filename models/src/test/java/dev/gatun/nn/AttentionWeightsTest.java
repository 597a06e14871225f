package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.autograd.AttentionF;
import dev.gatun.autograd.FiniteDifferences;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** MultiHeadAttention's weights averaged over heads (PyTorch's need_weights=True) against plain loops, and their gradients. */
class AttentionWeightsTest {
    private final Rng rng = new Rng(9);

    /**
     * weights[b, i, j] = mean over heads h of softmax_j(q_h[i] . k_h[j] / sqrt(d) + mask[i, j]), with
     * q = x Wq^T + bq and k = x Wk^T + bk (the first two blocks of in_proj), all in double.
     */
    static float[] reference(float[] x, float[] w, float[] bias, float[] mask, int b, int t, int e, int heads) {
        int d = e / heads;
        double[][] q = new double[b * t][e], k = new double[b * t][e];
        for (int r = 0; r < b * t; r++) {
            for (int o = 0; o < e; o++) {
                double sq = bias[o], sk = bias[e + o];
                for (int c = 0; c < e; c++) {
                    sq += (double) w[o * e + c] * x[r * e + c];
                    sk += (double) w[(e + o) * e + c] * x[r * e + c];
                }
                q[r][o] = sq;
                k[r][o] = sk;
            }
        }
        float[] out = new float[b * t * t];
        for (int n = 0; n < b; n++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < t; i++) {
                    double[] s = new double[t];
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int j = 0; j < t; j++) {
                        double dot = 0;
                        for (int c = h * d; c < (h + 1) * d; c++) {
                            dot += q[n * t + i][c] * k[n * t + j][c];
                        }
                        s[j] = dot / Math.sqrt(d) + (mask == null ? 0 : mask[i * t + j]);
                        max = Math.max(max, s[j]);
                    }
                    for (int j = 0; j < t; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j < t; j++) {
                        out[(n * t + i) * t + j] += (float) (s[j] / sum / heads);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void weightsAreTheHeadsAverageAndTheOutputIsForwards() {
        try (var oracle = Backends.using(Backends.get("scalar")); var attn = new MultiHeadAttention(6, 3, rng);
             Scope s = Scope.confined()) {
            Init.uniform(-0.5f, 0.5f).fill(attn.namedParameters().get("in_proj_bias").value(), rng);
            int b = 2, t = 4;
            Tensor x = Tensor.uniform(rng, -1, 1, b, t, 6);
            Var xv = Var.constant(x);
            for (Tensor mask : new Tensor[] {null, AttentionF.causalMask(t)}) {
                MultiHeadAttention.Attention both = attn.forwardWithWeights(xv, xv, xv, mask, null);
                assertArrayEquals(new int[] {b, t, t}, both.weights().shape());
                float[] want = reference(x.toArray(), attn.namedParameters().get("in_proj_weight").value().toArray(),
                        attn.namedParameters().get("in_proj_bias").value().toArray(), mask == null ? null : mask.toArray(),
                        b, t, 6, 3);
                FiniteDifferences.assertClose(want, both.weights().value().toArray(), 1e-5, "weights, mask " + (mask != null));
                assertArrayEquals(attn.forward(xv, xv, xv, mask, null).value().toArray(), both.output().value().toArray());
            }
        }
    }

    @Test
    void causalWeightsAreZeroAboveTheDiagonalAndRowsSumToOne() {
        try (var oracle = Backends.using(Backends.get("scalar")); var attn = new MultiHeadAttention(4, 2, rng);
             Scope s = Scope.confined()) {
            Var x = Var.constant(Tensor.uniform(rng, -1, 1, 1, 5, 4));
            float[] w = attn.forwardWithWeights(x, x, x, AttentionF.causalMask(5), null).weights().value().toArray();
            for (int i = 0; i < 5; i++) {
                double row = 0;
                for (int j = 0; j < 5; j++) {
                    row += w[i * 5 + j];
                    if (j > i) {
                        assertEquals(0f, w[i * 5 + j], 0f, "query " + i + " sees key " + j);
                    }
                }
                assertEquals(1.0, row, 1e-5);
            }
        }
    }

    @Test
    void weightGradientsByFiniteDifferences() {
        try (var oracle = Backends.using(Backends.get("scalar")); var attn = new MultiHeadAttention(4, 2, rng);
             Scope s = Scope.confined()) {
            Var x = FiniteDifferences.input(rng, -1, 1, 2, 3, 4);
            boolean[][] padding = {{false, true, false}, {false, false, false}};
            FiniteDifferences.check("mha weights by input",
                    () -> attn.forwardWithWeights(x, x, x, AttentionF.causalMask(3), padding).weights(), x);
            FiniteDifferences.check("mha weights by in_proj",
                    () -> attn.forwardWithWeights(x, x, x, null, padding).weights(),
                    attn.namedParameters().get("in_proj_weight"), attn.namedParameters().get("in_proj_bias"));
        }
    }
}
