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

    /**
     * Data parallelism through the gradient hook: two replicas each take half of a batch, a
     * listener averages their gradients (an all-reduce), and both end where one model trained on
     * the whole batch ends.
     */
    @Test
    void replicasWithAveragedGradientsMatchOneModelOnTheWholeBatch() {
        try (var _ = Backends.using(Backends.get("java"));
             Module whole = mlp(3); Module a = Replicas.replicate(whole, () -> mlp(4)); Module b = Replicas.replicate(whole, () -> mlp(5))) {
            Tensor x = Tensor.uniform(new Rng(6), -1, 1, 16, 2);
            float[] labels = new float[16];
            for (int i = 0; i < 16; i++) {
                labels[i] = i % 3;
            }
            Tensor y = Tensor.of(labels, 16);
            List<Module> replicas = List.of(a, b);
            long[] reduced = {0};
            TrainStep.GradientListener allReduce = (update, params) -> {
                if (update > reduced[0]) { // the first replica to arrive averages for all
                    reduced[0] = update;
                    for (int p = 0; p < params.size(); p++) {
                        float[] mean = new float[(int) params.get(p).numel()];
                        for (Module r : replicas) {
                            float[] g = r.parameters().get(p).grad().toArray();
                            for (int i = 0; i < mean.length; i++) {
                                mean[i] += g[i] / replicas.size();
                            }
                        }
                        for (Module r : replicas) {
                            r.parameters().get(p).grad().copyFrom(mean);
                        }
                    }
                }
            };
            TrainStep one = stepOf(whole, List.of());
            TrainStep sa = stepOf(a, List.of(allReduce)), sb = stepOf(b, List.of(allReduce));
            for (int update = 0; update < 3; update++) {
                one.step(x, y, null);
                sa.begin();
                sb.begin();
                sa.accumulate(x.slice(0, 0, 8), y.slice(0, 0, 8), null, 1f);
                sb.accumulate(x.slice(0, 8, 16), y.slice(0, 8, 16), null, 1f);
                sa.update();
                sb.update();
            }
            TrainerTest.assertStateEquals(whole, a, 1e-5f);
            TrainerTest.assertStateEquals(whole, b, 1e-5f);
        }
    }

    private static Module mlp(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(2, 8, rng), new ReLU(), new Linear(8, 3, rng));
    }

    private static TrainStep stepOf(Module m, List<TrainStep.GradientListener> listeners) {
        return new TrainStep(m, new CrossEntropyLoss(), new dev.gatun.optim.SGD(m.parameters(), 0.5f), List.of(), 0f, false,
                listeners, false);
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
