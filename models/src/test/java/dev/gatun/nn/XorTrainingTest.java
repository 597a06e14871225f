package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.nn.loss.BCEWithLogitsLoss;
import dev.gatun.nn.loss.Loss;
import dev.gatun.nn.loss.ZeroOneLoss;
import dev.gatun.optim.Adam;
import dev.gatun.optim.Optimizer;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole model layer end to end: a 2-8-1 tanh MLP trained full-batch with BCE-with-logits
 * and Adam fits XOR, each step in a confined step scope, deterministically from a seed.
 */
@SuppressWarnings("try") // scopes and NoGrad blocks act by being open, unreferenced
class XorTrainingTest {
    private static final int STEPS = 300;

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "java"})
    void mlpFitsXorDeterministically(String backendName) {
        try (Backends.Using b = Backends.using(Backends.get(backendName))) {
            float[] first = train(42);
            float[] again = train(42);
            assertArrayEquals(first, again, "same seed, same loss sequence");
            assertFalse(java.util.Arrays.equals(first, train(43)), "another seed, another run");
            assertTrue(first[STEPS - 1] < 0.1f * first[0], "loss fell from " + first[0] + " to " + first[STEPS - 1]);
        }
    }

    /** Trains from {@code seed}; returns the loss of every step and checks 100% accuracy at the end. */
    private static float[] train(long seed) {
        Rng rng = new Rng(seed);
        float[] losses = new float[STEPS];
        try (Scope data = Scope.confined();
                Sequential mlp = new Sequential(new Linear(2, 8, rng), new Tanh(), new Linear(8, 1, rng))) {
            Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
            Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
            Loss bce = new BCEWithLogitsLoss();
            Optimizer adam = new Adam(mlp.parameters(), 0.05f);
            for (int i = 0; i < STEPS; i++) {
                Tensor lossValue;
                try (Scope step = Scope.confined()) {
                    adam.zeroGrad();
                    Var loss = bce.forward(mlp.forward(Var.constant(x)), y);
                    loss.backward();
                    adam.step();
                    losses[i] = loss.item();
                    lossValue = loss.value();
                }
                assertFalse(lossValue.isAlive(), "the step's temporaries are freed with the step scope");
            }
            for (Parameter p : mlp.parameters()) {
                assertTrue(p.value().isAlive() && p.grad().isAlive(), p.name() + " and its gradient survive the steps");
            }
            try (NoGrad off = NoGrad.enter()) {
                assertEquals(0f, new ZeroOneLoss().forward(mlp.forward(x), y).item(), "every XOR case right");
            }
        }
        return losses;
    }
}
