package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.F;
import dev.gatun.autograd.FiniteDifferences;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.nn.loss.CrossEntropyLoss;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Modules: names, modes, closing, Linear's init and forward, dropout, activations by name. */
class ModuleTest {
    private Backends.Using backend;

    @BeforeEach
    void oracle() {
        backend = Backends.using(Backends.get("scalar"));
    }

    @AfterEach
    void restore() {
        backend.close();
    }

    /** A two-layer net with named children, like a user's own model class. */
    static final class TwoLayer extends Module {
        final Linear fc1;
        final Linear fc2;
        final Dropout drop;

        TwoLayer(Rng rng) {
            fc1 = child("fc1", new Linear(3, 4, rng));
            drop = child("drop", new Dropout(0.5f, rng.split()));
            fc2 = child("fc2", new Linear(4, 2, false, rng));
        }

        @Override
        public Var forward(Var x) {
            return fc2.forward(drop.forward(F.relu(fc1.forward(x))));
        }
    }

    @Test
    void parameterNamesFollowPyTorch() {
        Rng rng = new Rng(1);
        try (Sequential seq = new Sequential(new Linear(2, 8, rng), new Tanh(), new Linear(8, 1, rng));
                TwoLayer net = new TwoLayer(rng)) {
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(seq.namedParameters().keySet()));
            assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight"), List.copyOf(net.namedParameters().keySet()));
            assertEquals(2 * 8 + 8 + 8 + 1, seq.numParameters());
            assertArrayEquals(new int[] {8, 2}, seq.namedParameters().get("0.weight").shape(), "weight is [out, in]");
            assertEquals(seq.parameters(), List.copyOf(seq.namedParameters().values()));
            assertTrue(seq.toString().contains("(0): Linear(in_features=2, out_features=8, bias=True)"), seq.toString());
        }
    }

    @Test
    void mlpGradientsOfEveryParameterByFiniteDifferences() {
        Rng rng = new Rng(12);
        try (Sequential mlp = new Sequential(new Linear(3, 5, rng), new Tanh(), new Linear(5, 4, rng), new GELU(),
                new Linear(4, 2, rng))) {
            Tensor x = Tensor.uniform(rng, -1, 1, 6, 3);
            Tensor classes = Tensor.of(new float[] {0, 1, 1, 0, 1, 0});
            CrossEntropyLoss loss = new CrossEntropyLoss();
            FiniteDifferences.check("mlp cross-entropy", () -> loss.forward(mlp.forward(x), classes),
                    mlp.parameters().toArray(Var[]::new));
        }
    }

    @Test
    void trainAndEvalReachEveryChild() {
        try (TwoLayer net = new TwoLayer(new Rng(2))) {
            assertTrue(net.drop.isTraining());
            net.eval();
            assertFalse(net.drop.isTraining());
            Var x = Var.constant(Tensor.uniform(new Rng(3), -1, 1, 5, 3));
            assertArrayEquals(net.forward(x).value().toArray(), net.forward(x).value().toArray(),
                    "dropout is the identity in eval mode");
            net.train();
            assertTrue(net.fc1.isTraining() && net.drop.isTraining());
        }
    }

    @Test
    void closingFreesParametersAndGradients() {
        Linear fc = new Linear(3, 2, new Rng(4));
        F.sum(fc.forward(Var.constant(Tensor.ones(1, 3)))).backward();
        Tensor w = fc.weight().value();
        Tensor g = fc.weight().grad();
        assertSame(w.scope(), g.scope(), "gradients live in the module's scope");
        fc.close();
        assertFalse(w.isAlive());
        assertFalse(g.isAlive());
        assertThrows(IllegalStateException.class, () -> w.get(0, 0));
    }

    @Test
    void linearDefaultInitIsPyTorchsUniform() {
        Rng rng = new Rng(5);
        try (Linear fc = new Linear(16, 32, rng)) {
            double bound = 1 / Math.sqrt(16); // kaiming_uniform(a = sqrt 5): gain sqrt(1/3) * sqrt(3 / fan_in)
            for (Tensor t : new Tensor[] {fc.weight().value(), fc.bias().value()}) {
                float max = 0;
                for (float v : t.toArray()) {
                    max = Math.max(max, Math.abs(v));
                }
                assertTrue(max <= bound, "all within 1/sqrt(in): " + max);
                assertTrue(max > 0.8 * bound, "spread over the range: " + max);
            }
        }
        try (Linear a = new Linear(4, 3, new Rng(9)); Linear b = new Linear(4, 3, new Rng(9));
                Linear c = new Linear(4, 3, new Rng(10))) {
            assertArrayEquals(a.weight().value().toArray(), b.weight().value().toArray(), "same seed, same weights");
            assertNotEquals(a.weight().value().toArray()[0], c.weight().value().toArray()[0]);
        }
    }

    @Test
    void linearWithoutBiasAndCustomInit() {
        try (Linear fc = new Linear(3, 2, false, new Rng(6))) {
            assertNull(fc.bias());
            assertEquals(List.of("weight"), List.copyOf(fc.namedParameters().keySet()));
            fc.reset(Init.constant(0.5f), Init.zeros(), new Rng(0));
            // y = [1, 2, 3] . [0.5, 0.5, 0.5] = 3 for both outputs
            assertArrayEquals(new float[] {3, 3}, fc.forward(Tensor.of(new float[] {1, 2, 3}, 1, 3)).value().toArray());
        }
    }

    @Test
    void dropoutModuleScalesInTraining() {
        Dropout drop = new Dropout(0.25f, new Rng(8));
        float[] y = drop.forward(Tensor.ones(100, 100)).value().toArray();
        int zeros = 0;
        for (float v : y) {
            assertTrue(v == 0f || Math.abs(v - 1f / 0.75f) < 1e-6, "0 or 1/(1-p): " + v);
            zeros += v == 0f ? 1 : 0;
        }
        assertEquals(0.25, zeros / 10000.0, 0.02, "about p of the elements dropped");
        drop.eval();
        assertArrayEquals(Tensor.ones(3).toArray(), drop.forward(Tensor.ones(3)).value().toArray());
    }

    @Test
    void activationsByName() {
        Tensor x = Tensor.of(new float[] {-1, 0.5f});
        for (String name : Activations.names()) {
            Module m = Activations.byName(name);
            assertArrayEquals(new int[] {2}, m.forward(x).shape(), name);
        }
        assertArrayEquals(new float[] {0, 0.5f}, Activations.byName("relu").forward(x).value().toArray(), 0f); // -0 == 0
        assertArrayEquals(new float[] {-0.01f, 0.5f}, Activations.byName("leaky_relu").forward(x).value().toArray());
        assertArrayEquals(new float[] {0, 1}, Activations.byName("step").forward(x).value().toArray());
        assertArrayEquals(x.toArray(), Activations.byName("identity").forward(x).value().toArray());
        assertEquals(Math.tanh(0.5), Activations.byName("tanh").forward(x).value().toArray()[1], 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.byName("swish"));
        assertTrue(e.getMessage().contains("relu"), e.getMessage());
    }

    @Test
    void layerNormModuleNormalizesRows() {
        try (LayerNorm ln = new LayerNorm(4)) {
            float[] y = ln.forward(Tensor.of(new float[] {1, 2, 3, 4}, 1, 4)).value().toArray();
            // mean 2.5, variance 1.25: y = (x - 2.5) / sqrt(1.25 + 1e-5)
            for (int i = 0; i < 4; i++) {
                assertEquals((i + 1 - 2.5) / Math.sqrt(1.25 + 1e-5), y[i], 1e-5);
            }
            assertEquals(List.of("weight", "bias"), List.copyOf(ln.namedParameters().keySet()));
        }
    }

    @Test
    void badNamesAndShapesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Linear(0, 2, new Rng(1)));
        assertTrue(e.getMessage().contains("in=0"), e.getMessage());
        try (Linear fc = new Linear(3, 2, new Rng(1))) {
            e = assertThrows(IllegalArgumentException.class, () -> fc.forward(Tensor.zeros(1, 4)));
            assertTrue(e.getMessage().contains("linear") && e.getMessage().contains("[1, 4]"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Parameter("a.b", Tensor.zeros(1)));
    }
}
