package dev.gatun.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Backends;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tape itself: accumulation, zeroing, NoGrad, shared nodes, scopes of gradients. */
@SuppressWarnings("try") // scopes and NoGrad blocks act by being open, unreferenced
class VarTest {
    private Backends.Using backend;

    @BeforeEach
    void oracle() {
        backend = Backends.using(Backends.get("scalar"));
    }

    @AfterEach
    void restore() {
        backend.close();
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Var x = Var.leaf(Tensor.of(new float[] {1, -2, 3}), true);
        // L = sum(x^2): dL/dx = 2x = [2, -4, 6]
        F.sum(F.square(x)).backward();
        assertArrayEquals(new float[] {2, -4, 6}, x.grad().toArray());
        F.sum(F.square(x)).backward(); // a second pass adds: 2 * 2x
        assertArrayEquals(new float[] {4, -8, 12}, x.grad().toArray());
        Tensor sameTensor = x.grad();
        x.zeroGrad();
        assertArrayEquals(new float[3], x.grad().toArray());
        F.sum(F.mul(x, 3f)).backward(); // d(3 sum x)/dx = 3
        assertArrayEquals(new float[] {3, 3, 3}, x.grad().toArray());
        assertSame(sameTensor, x.grad(), "the gradient tensor is reused, not reallocated");
        x.zeroGrad(); // not read before the next pass: zeroed lazily, the pass overwrites
        F.sum(F.mul(x, 5f)).backward();
        assertArrayEquals(new float[] {5, 5, 5}, x.grad().toArray());
        F.sum(F.mul(x, 5f)).backward();
        assertArrayEquals(new float[] {10, 10, 10}, x.grad().toArray(), "and later passes add again");
    }

    @Test
    void aValueUsedTwiceGetsBothContributions() {
        Var x = Var.leaf(Tensor.of(new float[] {0.5f, 2f}), true);
        // y = x * x + x (x reaches y by three paths): dy/dx = 2x + 1 = [2, 5]
        Var y = F.add(F.mul(x, x), x);
        F.sum(y).backward();
        assertArrayEquals(new float[] {2, 5}, x.grad().toArray());
    }

    @Test
    void noGradRecordsNothing() {
        Var w = Var.leaf(Tensor.of(new float[] {1, 2}), true);
        Var y;
        try (NoGrad off = NoGrad.enter()) {
            assertTrue(NoGrad.isActive());
            y = F.sum(F.mul(F.tanh(w), 2f));
        }
        assertFalse(NoGrad.isActive());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf(), "no backward closure was kept");
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
        assertNull(w.grad());
        assertTrue(F.sum(F.mul(w, 2f)).requiresGrad(), "recording resumes after the block");
    }

    @Test
    void noGradBlocksNest() {
        try (NoGrad outer = NoGrad.enter()) {
            try (NoGrad inner = NoGrad.enter()) {
                assertTrue(NoGrad.isActive());
            }
            assertTrue(NoGrad.isActive(), "still inside the outer block");
        }
        assertFalse(NoGrad.isActive());
    }

    @Test
    void constantsGetNoGradient() {
        Var c = Var.constant(Tensor.of(new float[] {1, 2}));
        Var w = Var.leaf(Tensor.of(new float[] {3, 4}), true);
        F.sum(F.mul(c, w)).backward();
        assertNull(c.grad());
        assertArrayEquals(new float[] {1, 2}, w.grad().toArray());
        assertFalse(F.mul(c, c).requiresGrad());
    }

    @Test
    void backwardNeedsAScalarOrASeed() {
        Var x = Var.leaf(Tensor.of(new float[] {1, 2}), true);
        Var y = F.mul(x, 2f);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> y.backward(Tensor.ones(3)));
        y.backward(Tensor.of(new float[] {1, 10})); // seed dL/dy: dL/dx = 2 * seed
        assertArrayEquals(new float[] {2, 20}, x.grad().toArray());
    }

    @Test
    void stepScopeFreesTemporariesAndKeepsLeafGradients() {
        try (Scope params = Scope.detachedShared()) {
            Var w = Var.leaf(Tensor.zeros(params, 2, 2), true);
            w.value().copyFrom(new float[] {1, 2, 3, 4});
            Tensor out;
            Tensor hidden;
            try (Scope step = Scope.confined()) {
                Var x = Var.constant(Tensor.of(new float[] {1, 1}, 1, 2));
                Var h = F.matmul(x, w);
                Var loss = F.sum(F.tanh(h));
                loss.backward();
                out = loss.value();
                hidden = h.value();
                assertSame(params, w.grad().scope(), "a leaf's gradient lives in the leaf's scope");
            }
            assertFalse(out.isAlive(), "the loss was a temporary of the step");
            assertFalse(hidden.isAlive(), "activations were temporaries of the step");
            assertTrue(w.value().isAlive());
            assertTrue(w.grad().isAlive(), "the gradient survives the step");
            // h = [1+3, 2+4] = [4, 6]; dL/dw_ij = x_i * (1 - tanh(h_j)^2)
            float[] g = w.grad().toArray();
            assertEquals(1 - Math.pow(Math.tanh(4), 2), g[0], 1e-6);
            assertEquals(1 - Math.pow(Math.tanh(6), 2), g[1], 1e-6);
        }
    }
}
