package dev.gatun.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.NoGrad;
import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.nn.BatchNorm2d;
import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Flatten;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.loss.CrossEntropyLoss;
import dev.gatun.optim.Adam;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replicas of a model: factory plus state dict, BatchNorm's running statistics included. */
class ReplicasTest {

    private static Sequential cnn(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Conv2d(1, 4, 3, Conv2dParams.of(1, 1), rng), new BatchNorm2d(4), new ReLU(), new Flatten(),
                new Linear(4 * 6 * 6, 3, rng));
    }

    private static Tensor images(Scope s, long seed) {
        return Tensor.uniform(new Rng(seed), -1, 1, 8, 1, 6, 6);
    }

    /** A few training steps, so that weights and running statistics are no longer the factory's. */
    private static void train(Module m, long seed) {
        Adam adam = new Adam(m.parameters(), 0.01f);
        TrainStep step = new TrainStep(m, new CrossEntropyLoss(), adam, List.of(), 0f, false, List.of(), false);
        for (int i = 0; i < 3; i++) {
            try (Scope s = Scope.confined()) {
                step.step(images(s, seed + i), Tensor.of(new float[] {0, 1, 2, 0, 1, 2, 0, 1}, 8), null);
            }
        }
    }

    private static float[] predict(Module m) {
        try (Scope s = Scope.confined(); var _ = NoGrad.enter()) {
            return m.forward(images(s, 99)).value().toArray();
        }
    }

    @Test
    void aReplicaHasTheSameStateAndPredictsTheSame() {
        try (var _ = Backends.using(Backends.get("java")); Sequential original = cnn(1)) {
            train(original, 10);
            original.eval();
            try (Sequential copy = Replicas.replicate(original, () -> cnn(2))) {
                TrainerTest.assertStateEquals(original, copy, 0f);
                assertFalse(copy.isTraining(), "the mode is copied too");
                float[] mean = original.namedBuffers().get("1.running_mean").toArray();
                assertNotEquals(0f, mean[0], "the running statistics moved in training, and were copied");
                assertArrayEquals(predict(original), predict(copy));
            }
        }
    }

    @Test
    void aReplicaSharesNoMemoryWithTheOriginal() {
        try (var _ = Backends.using(Backends.get("java")); Sequential original = cnn(1)) {
            float[] before = original.stateDict().get("0.weight").toArray();
            try (Sequential copy = Replicas.replicate(original, () -> cnn(2))) {
                train(copy, 20);
                assertArrayEquals(before, original.stateDict().get("0.weight").toArray());
                assertNotEquals(before[0], copy.stateDict().get("0.weight").toArray()[0]);
            }
            assertTrue(original.stateDict().get("0.weight").isAlive(), "closing the copy leaves the original");
        }
    }

    @Test
    void aDifferentArchitectureIsRefusedAndLeftAsItWas() {
        Rng rng = new Rng(1);
        try (Module a = new Sequential(new Linear(2, 3, rng)); Module b = new Sequential(new Linear(2, 4, rng));
             Module c = new Sequential(new Linear(2, 3, rng), new Linear(3, 1, rng))) {
            float[] w = b.stateDict().get("0.weight").toArray();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Replicas.copyState(a, b));
            assertTrue(e.getMessage().contains("'0.weight' is [3, 2]"), e.getMessage());
            assertArrayEquals(w, b.stateDict().get("0.weight").toArray());
            e = assertThrows(IllegalArgumentException.class, () -> Replicas.copyState(a, c));
            assertTrue(e.getMessage().contains("unexpected [1.weight, 1.bias]"), e.getMessage());
        }
    }

    @Test
    void buffersAreAveragedOrCopiedExplicitly() {
        try (var _ = Backends.using(Backends.get("java")); Sequential a = cnn(1); Sequential b = Replicas.replicate(a, () -> cnn(1))) {
            train(a, 30);
            train(b, 40); // other batches: other statistics
            float[] ma = a.namedBuffers().get("1.running_mean").toArray(), mb = b.namedBuffers().get("1.running_mean").toArray();
            assertNotEquals(ma[0], mb[0]);
            float[] wa = a.stateDict().get("0.weight").toArray();
            Replicas.averageBuffers(List.of(a, b));
            for (int i = 0; i < ma.length; i++) {
                assertEquals((ma[i] + mb[i]) / 2, a.namedBuffers().get("1.running_mean").toArray()[i], 1e-6f);
            }
            assertArrayEquals(a.namedBuffers().get("1.running_var").toArray(), b.namedBuffers().get("1.running_var").toArray());
            assertArrayEquals(wa, a.stateDict().get("0.weight").toArray(), "parameters are not buffers");
            train(b, 50);
            Replicas.copyBuffers(a, b);
            assertArrayEquals(a.namedBuffers().get("1.running_mean").toArray(), b.namedBuffers().get("1.running_mean").toArray());
        }
    }
}
