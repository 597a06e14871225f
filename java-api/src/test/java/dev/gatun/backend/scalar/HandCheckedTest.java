package dev.gatun.backend.scalar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.backend.Backends;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The oracle on cases small enough to work out by hand; the math is in each comment. */
class HandCheckedTest {
    private Scope scope;
    private Backends.Using using;

    @BeforeEach
    void open() {
        scope = Scope.confined();
        using = Backends.using(new ScalarBackend());
    }

    @AfterEach
    void close() {
        using.close();
        scope.close();
    }

    private static float derivative(EltwiseOp op, float alpha, float x) {
        return Ops.eltwiseBackward(op, alpha, 0f, Tensor.of(new float[] {x}), Tensor.of(new float[] {1f})).item();
    }

    private static float value(EltwiseOp op, float alpha, float beta, float x) {
        return Ops.eltwise(op, alpha, beta, Tensor.of(new float[] {x})).item();
    }

    @Test
    void eltwiseDerivatives() {
        assertEquals(6f, derivative(EltwiseOp.SQUARE, 0, 3f)); // d/dx x^2 = 2x = 6 at 3
        assertEquals(0.25f, derivative(EltwiseOp.SIGMOID, 0, 0f)); // s(0) = 1/2, s' = s(1 - s) = 1/4
        assertEquals(1f, derivative(EltwiseOp.TANH, 0, 0f)); // 1 - tanh(0)^2 = 1
        assertEquals(0.5f, derivative(EltwiseOp.GELU_ERF, 0, 0f)); // Phi(0) + 0 * phi(0) = 1/2
        assertEquals(0.5f, derivative(EltwiseOp.GELU_TANH, 0, 0f)); // 0.5 (1 + tanh 0) + 0 = 1/2
        assertEquals(0.5f, derivative(EltwiseOp.LOG, 0, 2f)); // d/dx ln x = 1/x
        assertEquals(0.25f, derivative(EltwiseOp.SQRT, 0, 4f)); // 1 / (2 sqrt 4) = 1/4
        assertEquals(0.1f, derivative(EltwiseOp.RELU, 0.1f, -3f)); // negative side: the slope alpha
        assertEquals(1f, derivative(EltwiseOp.RELU, 0.1f, 3f));
        assertEquals(-1f, derivative(EltwiseOp.ABS, 0, -2f)); // sign(x)
        assertEquals(0f, derivative(EltwiseOp.STEP, 0, 0.5f)); // piecewise constant
        assertEquals(2.5f, derivative(EltwiseOp.LINEAR, 2.5f, 7f)); // d/dx (alpha x + beta) = alpha
        assertEquals((float) Math.E, derivative(EltwiseOp.EXP, 0, 1f)); // d/dx e^x = e^x
    }

    @Test
    void eltwiseValues() {
        assertEquals(19f, value(EltwiseOp.LINEAR, 3f, 4f, 5f)); // 3 * 5 + 4
        assertEquals(-0.3f, value(EltwiseOp.RELU, 0.1f, 0f, -3f)); // leaky: 0.1 * -3
        assertEquals(0f, value(EltwiseOp.STEP, 0, 0, 0f)); // 1 only where x > 0
        // GELU(1) = 1 * Phi(1) = 0.5 (1 + erf(1/sqrt 2)), erf(0.70710678) = 0.68268949
        assertEquals(0.84134475f, value(EltwiseOp.GELU_ERF, 0, 0, 1f), 1e-7f);
        // tanh form: 0.5 (1 + tanh(0.79788456 * 1.044715)) = 0.5 (1 + tanh(0.83356)) = 0.84119199
        assertEquals(0.84119199f, value(EltwiseOp.GELU_TANH, 0, 0, 1f), 1e-6f);
    }

    @Test
    void erfKnownValues() {
        assertEquals(0.8427007929497149, Erf.erf(1.0), 1e-15); // erf(1), A-S table 7.1
        assertEquals(-0.8427007929497149, Erf.erf(-1.0), 1e-15); // odd function
        assertEquals(2.209049699858544e-5, Erf.erfc(3.0), 1e-18); // erfc(3)
        assertEquals(1.5374597944280349e-12, Erf.erfc(5.0), 1e-25); // erfc(5): 1 - erf would give 0 digits
    }

    @Test
    void matmulOfTwoByTwo() {
        // [[1, 2], [3, 4]] @ [5, 6]^T = [1*5 + 2*6, 3*5 + 4*6] = [17, 39]
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[] {5, 6}, 2, 1);
        assertArrayEquals(new float[] {17, 39}, Ops.matmul(a, b).toArray());
        // c = 2 * a@b + 0.5 * c with c = [1, 1]: [34.5, 78.5]
        Tensor c = Tensor.of(new float[] {1, 1}, 2, 1);
        Ops.matmulInto(a, false, b, false, c, 2f, 0.5f);
        assertArrayEquals(new float[] {34.5f, 78.5f}, c.toArray());
    }

    @Test
    void softmaxAndLayerNorm() {
        // softmax([0, 0]) = [1/2, 1/2]; softmax([0, ln 3]) = [1/4, 3/4]
        assertArrayEquals(new float[] {0.5f, 0.5f}, Ops.softmax(Tensor.of(new float[] {0, 0})).toArray());
        assertArrayEquals(new float[] {0.25f, 0.75f},
                Ops.softmax(Tensor.of(new float[] {0, (float) Math.log(3)})).toArray(), 1e-7f);
        // large inputs would overflow exp without the max subtracted: softmax([1000, 1000]) = [1/2, 1/2]
        assertArrayEquals(new float[] {0.5f, 0.5f}, Ops.softmax(Tensor.of(new float[] {1000, 1000})).toArray());
        // log-softmax([0, 0]) = -ln 2 each
        assertEquals((float) -Math.log(2), Ops.logSoftmax(Tensor.of(new float[] {0, 0})).get(1));
        // layerNorm([1, 3]): mean 2, biased variance 1, so [-1, 1]
        Ops.LayerNormResult r = Ops.layerNorm(Tensor.of(new float[] {1, 3}, 1, 2), null, null, 0f);
        assertArrayEquals(new float[] {-1, 1}, r.dst().toArray());
        assertEquals(2f, r.mean().item());
        assertEquals(1f, r.rstd().item());
    }

    @Test
    void reductionsAndBroadcast() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new float[] {5, 7, 9}, Ops.sum(x, false, 0).toArray()); // column sums
        assertArrayEquals(new float[] {2, 5}, Ops.mean(x, false, 1).toArray()); // row means
        assertArrayEquals(new float[] {6}, Ops.max(x, false).toArray());
        // bias add: [[1,2,3],[4,5,6]] + [10, 20, 30]
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, Ops.add(x, Tensor.of(new float[] {10, 20, 30})).toArray());
    }
}
