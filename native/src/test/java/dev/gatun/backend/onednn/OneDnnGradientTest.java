package dev.gatun.backend.onednn;

import static dev.gatun.testing.GradCheck.check;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backward primitives of the onednn backend against central finite differences of
 * L = sum(w * op(x)), computed through the same backend: eltwise (every op oneDNN runs),
 * softmax and log-softmax, layer normalization with and without gamma/beta, and matmul (whose
 * gradients are matmuls with transposed operands, so the strided descriptors are checked too).
 * float32 values: h = 1e-2 and 2e-3 relative, enough to catch a wrong formula.
 */
class OneDnnGradientTest {
    private static final double H = 1e-2;
    private static final double TOL = 2e-3;

    private final Backend onednn = Backends.get("onednn");
    private final Rng rng = new Rng(17);
    private Scope scope;
    private Backends.Using using;

    @BeforeEach
    void open() {
        scope = Scope.confined();
        using = Backends.using(onednn);
    }

    @AfterEach
    void close() {
        using.close();
        scope.close();
    }

    private Tensor rand(float lo, float hi, int... shape) {
        return Tensor.uniform(rng, lo, hi, shape);
    }

    /** Values at least 0.1 away from 0, so no step crosses the kink of relu or abs. */
    private Tensor awayFromZero(int... shape) {
        Tensor t = rand(-3, 3, shape);
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]) < 0.1f ? Math.copySign(0.1f, v[i]) + v[i] : v[i];
        }
        t.copyFrom(v);
        return t;
    }

    @Test
    void eltwise() {
        for (EltwiseOp op : EltwiseOp.values()) {
            if (op == EltwiseOp.STEP) {
                continue; // a step has no finite-difference gradient at its jump and 0 elsewhere: not oneDNN's
            }
            boolean positive = op == EltwiseOp.LOG || op == EltwiseOp.SQRT;
            Tensor x = positive ? rand(0.5f, 3f, 3, 7) : awayFromZero(3, 7);
            Tensor w = rand(-1, 1, 3, 7);
            float alpha = op == EltwiseOp.RELU ? 0.2f : 1.5f;
            float beta = -0.5f;
            Tensor grad = Ops.eltwiseBackward(op, alpha, beta, x, w);
            check(op + " on onednn", () -> Ops.eltwise(op, alpha, beta, x), w, x, grad, H, TOL);
        }
    }

    @Test
    void softmaxAndLogSoftmax() {
        for (boolean log : new boolean[] {false, true}) {
            Tensor x = rand(-2, 2, 3, 7);
            Tensor w = rand(-1, 1, 3, 7);
            Tensor y = log ? Ops.logSoftmax(x) : Ops.softmax(x);
            Tensor grad = Ops.softmaxBackward(y, w, log);
            check((log ? "logSoftmax" : "softmax") + " on onednn", () -> log ? Ops.logSoftmax(x) : Ops.softmax(x),
                    w, x, grad, H, TOL);
        }
    }

    @Test
    void layerNorm() {
        float eps = 1e-5f;
        Tensor x = rand(-2, 2, 4, 7);
        Tensor gamma = rand(0.5f, 1.5f, 7);
        Tensor beta = rand(-1, 1, 7);
        Tensor w = rand(-1, 1, 4, 7);
        Ops.LayerNormResult fwd = Ops.layerNorm(x, gamma, beta, eps);
        Ops.LayerNormGrads g = Ops.layerNormBackward(x, w, gamma, fwd.mean(), fwd.rstd());
        check("layerNorm d/dsrc", () -> Ops.layerNorm(x, gamma, beta, eps).dst(), w, x, g.diffSrc(), H, TOL);
        check("layerNorm d/dgamma", () -> Ops.layerNorm(x, gamma, beta, eps).dst(), w, gamma, g.diffGamma(), H, TOL);
        check("layerNorm d/dbeta", () -> Ops.layerNorm(x, gamma, beta, eps).dst(), w, beta, g.diffBeta(), H, TOL);
        Ops.LayerNormResult plain = Ops.layerNorm(x, null, null, eps);
        Tensor dx = Ops.layerNormBackward(x, w, null, plain.mean(), plain.rstd()).diffSrc();
        check("layerNorm without gamma, beta d/dsrc", () -> Ops.layerNorm(x, null, null, eps).dst(), w, x, dx, H, TOL);
    }

    @Test
    void matmulBatchedAndTransposed() {
        // L = sum(w * (a @ b)): dL/da = w @ b^T, dL/db = a^T @ w
        Tensor a = rand(-1, 1, 2, 3, 4), b = rand(-1, 1, 4, 5), w = rand(-1, 1, 2, 3, 5);
        check("batched matmul d/da", () -> Ops.matmul(a, b), w, a, Ops.matmul(w, false, b, true), H, TOL);
        Tensor db = Ops.matmul(a.reshape(6, 4), true, w.reshape(6, 5), false);
        check("batched matmul d/d(shared b)", () -> Ops.matmul(a, b), w, b, db, H, TOL);
    }
}
