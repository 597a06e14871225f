package dev.gatun.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.backend.Backends;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.VectorSupport;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.testing.Close;
import org.junit.jupiter.api.Test;

/**
 * Every {@link EltwiseOp}, whichever exist, through the one eltwise key and execute path: an op
 * that names a oneDNN algorithm runs as a primitive of its own (forward, and backward) and agrees
 * with the scalar oracle. A new op needs no edit here, nor in the key or the execute path: only
 * its algorithm in {@link OneDnnEltwise#alg} and its math in the Java backends.
 */
class OneDnnEltwiseTest {

    @Test
    void everyEltwiseOpWithAnAlgorithmRunsAsItsOwnPrimitiveAndMatchesTheOracle() {
        Backends.get("onednn"); // loads oneDNN (throws with the reason when it cannot)
        ScalarBackend oracle = new ScalarBackend();
        OneDnnBackend onednn = new OneDnnBackend(Backends.get("java"), 2, 64); // the provider's fallback; a fresh cache: counts are this test's
        Rng rng = new Rng(17);
        int[] shape = {3, 37}; // odd: a vector tail
        try (Scope s = Scope.confined()) {
            for (EltwiseOp op : EltwiseOp.values()) {
                boolean positive = op == EltwiseOp.LOG || op == EltwiseOp.SQRT;
                Tensor x = Tensor.uniform(rng, positive ? 0.1f : -4f, 4f, shape);
                Tensor dy = Tensor.uniform(rng, -1f, 1f, shape);
                float alpha = op == EltwiseOp.RELU ? 0.1f : 1.5f, beta = -0.5f;
                // a small ReLU runs on the fallback's Vector API kernel (OneDnnBackend.vectorRelu), a large one below
                boolean native_ = OneDnnEltwise.alg(op) >= 0 && !(op == EltwiseOp.RELU && VectorSupport.usable());
                String what = op + " alpha " + alpha + " beta " + beta;

                long before = onednn.primitivesCreated();
                Tensor expected = Tensor.zeros(shape), actual = Tensor.zeros(shape);
                oracle.eltwise(op, alpha, beta, x, expected);
                onednn.eltwise(op, alpha, beta, x, actual);
                Close.assertClose(what, expected, actual, 2e-6, 1e-5);
                boolean forwardNative = native_ && !OneDnnEltwise.INACCURATE_FORWARD.contains(op);
                assertEquals(before + (forwardNative ? 1 : 0), onednn.primitivesCreated(), what + ": forward primitives made");

                before = onednn.primitivesCreated();
                Tensor expectedGrad = Tensor.zeros(shape), actualGrad = Tensor.zeros(shape);
                oracle.eltwiseBackward(op, alpha, beta, x, dy, expectedGrad);
                onednn.eltwiseBackward(op, alpha, beta, x, dy, actualGrad);
                Close.assertClose(what + " backward", expectedGrad, actualGrad, 2e-6, 1e-5);
                assertEquals(before + (native_ ? 1 : 0), onednn.primitivesCreated(), what + ": backward primitives made");
            }
            Tensor big = Tensor.uniform(rng, -4f, 4f, (int) OneDnnBackend.SERIAL_WORK), dy = Tensor.uniform(rng, -1f, 1f, big.shape());
            long before = onednn.primitivesCreated();
            Tensor expected = Tensor.zeros(big.shape()), actual = Tensor.zeros(big.shape());
            oracle.eltwise(EltwiseOp.RELU, 0f, 0f, big, expected);
            onednn.eltwise(EltwiseOp.RELU, 0f, 0f, big, actual);
            Close.assertClose("large ReLU", expected, actual, 0, 0);
            oracle.eltwiseBackward(EltwiseOp.RELU, 0f, 0f, big, dy, expected);
            onednn.eltwiseBackward(EltwiseOp.RELU, 0f, 0f, big, dy, actual);
            Close.assertClose("large ReLU backward", expected, actual, 0, 0);
            assertEquals(before + 2, onednn.primitivesCreated(), "a ReLU of SERIAL_WORK elements runs as oneDNN primitives");
        } finally {
            onednn.clearCache();
        }
    }
}
