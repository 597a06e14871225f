package dev.gatun.autograd;

import static dev.gatun.autograd.FiniteDifferences.awayFromZero;
import static dev.gatun.autograd.FiniteDifferences.check;
import static dev.gatun.autograd.FiniteDifferences.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.backend.Backends;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every differentiable function of {@link F} against central finite differences, on the scalar oracle. */
class FGradientTest {
    private final Rng rng = new Rng(7);
    private Backends.Using backend;

    @BeforeEach
    void oracle() {
        backend = Backends.using(Backends.get("scalar"));
    }

    @AfterEach
    void restore() {
        backend.close();
    }

    // ---- matmul and linear ---------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void matmulWithTransposes(boolean transA, boolean transB) {
        Var a = input(rng, -1, 1, transA ? new int[] {4, 3} : new int[] {3, 4});
        Var b = input(rng, -1, 1, transB ? new int[] {5, 4} : new int[] {4, 5});
        check("matmul " + transA + " " + transB, () -> F.matmul(a, transA, b, transB), a, b);
    }

    @Test
    void batchedMatmul() {
        Var a = input(rng, -1, 1, 2, 3, 4);
        Var b = input(rng, -1, 1, 2, 4, 2);
        check("batched matmul", () -> F.matmul(a, b), a, b);
    }

    @Test
    void batchedMatmulWithSharedOperands() {
        Var a = input(rng, -1, 1, 2, 3, 4);
        Var shared = input(rng, -1, 1, 2, 4); // op(shared) = [4,2], the same for both batch entries
        check("batched matmul, shared rhs", () -> F.matmul(a, false, shared, true), a, shared);
        Var left = input(rng, -1, 1, 4, 3); // op(left) = [3,4]
        Var b = input(rng, -1, 1, 2, 4, 2);
        check("batched matmul, shared lhs", () -> F.matmul(left, true, b, false), left, b);
    }

    @Test
    void linearWithAndWithoutBias() {
        Var x = input(rng, -1, 1, 3, 4);
        Var w = input(rng, -1, 1, 2, 4);
        Var b = input(rng, -1, 1, 2);
        check("linear", () -> F.linear(x, w, b), x, w, b);
        check("linear without bias", () -> F.linear(x, w, null), x, w);
        Var seq = input(rng, -1, 1, 2, 3, 4); // [B,T,in]: leading dims flattened
        check("linear rank 3", () -> F.linear(seq, w, b), seq, w, b);
    }

    @Test
    void linearIsXTimesWTransposedPlusB() {
        // x = [[1, 2]], W = [[1, 0], [0, 1], [1, 1]], b = [10, 20, 30]: y = [1+10, 2+20, 3+30]
        Var x = Var.constant(Tensor.of(new float[] {1, 2}, 1, 2));
        Var w = Var.constant(Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2));
        Var b = Var.constant(Tensor.of(new float[] {10, 20, 30}));
        assertArrayEquals(new float[] {11, 22, 33}, F.linear(x, w, b).value().toArray());
    }

    // ---- broadcasting binary ops and scalars ---------------------------------------------

    @Test
    void addAndSubBroadcast() {
        Var a = input(rng, -1, 1, 3, 4);
        Var row = input(rng, -1, 1, 4);
        Var col = input(rng, -1, 1, 3, 1);
        check("add", () -> F.add(a, row), a, row);
        check("sub", () -> F.sub(col, a), col, a);
        check("sub broadcast both", () -> F.sub(row, col), row, col);
    }

    @Test
    void mulAndDivBroadcast() {
        Var a = input(rng, -1, 1, 3, 4);
        Var row = input(rng, -1, 1, 4);
        Var denom = awayFromZero(rng, 0.5f, 2f, 3, 1);
        check("mul", () -> F.mul(a, row), a, row);
        check("div", () -> F.div(a, denom), a, denom);
        check("div by full", () -> F.div(row, F.add(F.square(a), 1f)), row, a);
    }

    @Test
    void scalarMulAddNeg() {
        Var x = input(rng, -1, 1, 2, 3);
        check("mul scalar", () -> F.mul(x, -2.5f), x);
        check("add scalar", () -> F.add(x, 3f), x);
        check("neg", () -> F.neg(x), x);
    }

    // ---- elementwise -------------------------------------------------------------------------

    @Test
    void smoothActivations() {
        Var x = input(rng, -2, 2, 3, 5);
        check("sigmoid", () -> F.sigmoid(x), x);
        check("tanh", () -> F.tanh(x), x);
        check("gelu erf", () -> F.gelu(x, false), x);
        check("gelu tanh", () -> F.gelu(x, true), x);
        check("exp", () -> F.exp(x), x);
        check("square", () -> F.square(x), x);
    }

    @Test
    void activationsWithAKinkAtZero() {
        Var x = awayFromZero(rng, 0.1f, 2f, 3, 5); // FD steps of 5e-3 never cross 0
        check("relu", () -> F.relu(x), x);
        check("leaky relu", () -> F.leakyRelu(x, 0.2f), x);
        check("abs", () -> F.abs(x), x);
        check("step", () -> F.step(x), x); // numeric and analytic are both 0
        F.step(x).backward(Tensor.ones(3, 5));
        assertArrayEquals(new float[15], x.grad().toArray(), "step passes no gradient");
    }

    @Test
    void logAndSqrtOnPositives() {
        Var x = input(rng, 0.5f, 2f, 4, 3);
        check("log", () -> F.log(x), x);
        check("sqrt", () -> F.sqrt(x), x);
    }

    // ---- softmax and reductions ------------------------------------------------------------

    @Test
    void softmaxAndLogSoftmax() {
        Var x = input(rng, -2, 2, 3, 5);
        check("softmax", () -> F.softmax(x), x);
        check("logSoftmax", () -> F.logSoftmax(x), x);
    }

    @Test
    void sumAndMeanOverAxes() {
        Var x = input(rng, -1, 1, 2, 3, 4);
        check("sum all", () -> F.sum(x), x);
        check("sum axis 1", () -> F.sum(x, false, 1), x);
        check("sum axes 0,2 keep", () -> F.sum(x, true, 0, 2), x);
        check("mean all", () -> F.mean(x), x);
        check("mean last", () -> F.mean(x, false, -1), x);
        check("mean axis 0 keep", () -> F.mean(x, true, 0), x);
        assertArrayEquals(new int[0], F.sum(x).shape(), "a full reduction is a scalar");
    }

    @Test
    void maxOverAnAxis() {
        Var x = input(rng, -1, 1, 3, 4);
        check("max axis 1", () -> F.max(x, 1, false), x);
        check("max axis 0 keep", () -> F.max(x, 0, true), x);
    }

    @Test
    void maxSplitsTheGradientAmongTies() {
        // max of [1, 3, 3] is 3, reached twice: each tie gets half of dy
        Var x = Var.leaf(Tensor.of(new float[] {1, 3, 3}, 1, 3), true);
        Var y = F.max(x, 1, false);
        assertArrayEquals(new float[] {3}, y.value().toArray());
        y.backward(Tensor.of(new float[] {2}, 1));
        assertArrayEquals(new float[] {0, 1, 1}, x.grad().toArray());
    }

    // ---- layout ----------------------------------------------------------------------------

    @Test
    void reshapeAndTranspose() {
        Var x = input(rng, -1, 1, 2, 3, 4);
        check("reshape", () -> F.mul(F.reshape(x, 4, -1), F.reshape(x, 4, 6)), x);
        check("transpose", () -> F.transpose(x, 0, 2), x);
    }

    @Test
    void concatSplitSlice() {
        Var a = input(rng, -1, 1, 2, 3);
        Var b = input(rng, -1, 1, 2, 1);
        check("concat", () -> F.concat(1, a, b, a), a, b);
        Var x = input(rng, -1, 1, 4, 5);
        check("slice middle", () -> F.slice(x, 1, 1, 3), x);
        check("slice first rows", () -> F.slice(x, 0, 0, 2), x);
        check("split", () -> {
            Var[] parts = F.split(x, 1, 2, 0, 3);
            return F.add(F.mul(parts[0], 2f), F.sum(parts[2], true, 1));
        }, x);
    }

    // ---- normalization, dropout, fused loss ------------------------------------------------

    @Test
    void layerNorm() {
        Var x = input(rng, -2, 2, 3, 6);
        Var gamma = input(rng, 0.5f, 1.5f, 6);
        Var beta = input(rng, -1, 1, 6);
        check("layerNorm", () -> F.layerNorm(x, gamma, beta, 1e-5f), x, gamma, beta);
        check("layerNorm without affine", () -> F.layerNorm(x, null, null, 1e-5f), x);
    }

    @Test
    void dropoutWithAFixedMask() {
        Var x = input(rng, -1, 1, 4, 5);
        check("dropout", () -> F.dropout(x, 0.3f, new Rng(11), true), x); // a fresh Rng: the same mask
        Var y = F.dropout(x, 0.5f, new Rng(3), true);
        float[] xv = x.value().toArray(), yv = y.value().toArray();
        for (int i = 0; i < xv.length; i++) {
            float ratio = yv[i] / xv[i];
            assertEquals(ratio == 0f ? 0f : 2f, ratio, 1e-6, "kept elements are scaled by 1/(1-p)");
        }
        assertEquals(x, F.dropout(x, 0.5f, new Rng(3), false), "identity outside training");
    }

    @Test
    void binaryCrossEntropyWithLogits() {
        Var x = input(rng, -3, 3, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0, 0.3f, 1, 0, 0.5f}, 4, 2);
        check("bce with logits", () -> F.binaryCrossEntropyWithLogits(x, y), x);
    }

    /** Finite differences, and the value against -sum q log softmax(x) written out (d/dx = scale * (softmax(x) - q) for rows of q summing to 1). */
    @Test
    void softmaxCrossEntropy() {
        Var x = input(rng, -3, 3, 3, 4);
        Tensor q = Tensor.of(new float[] {0, 1, 0, 0, 0.1f, 0.1f, 0.7f, 0.1f, 0.5f, 0, 0, 0.5f}, 3, 4);
        check("softmax cross-entropy", () -> F.softmaxCrossEntropy(x, q, 1f / 3), x);
        float[] xv = x.value().toArray(), qv = q.toArray();
        double expected = 0;
        for (int r = 0; r < 3; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < 4; c++) {
                max = Math.max(max, xv[r * 4 + c]);
            }
            for (int c = 0; c < 4; c++) {
                sum += Math.exp(xv[r * 4 + c] - max);
            }
            for (int c = 0; c < 4; c++) {
                expected -= qv[r * 4 + c] * (xv[r * 4 + c] - max - Math.log(sum)) / 3;
            }
        }
        assertEquals(expected, F.softmaxCrossEntropy(x, q, 1f / 3).item(), 1e-5);
    }
}
