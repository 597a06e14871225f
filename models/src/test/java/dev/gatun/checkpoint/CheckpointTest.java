package dev.gatun.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.Var;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.loss.MSELoss;
import dev.gatun.optim.Adam;
import dev.gatun.optim.AdamW;
import dev.gatun.optim.Optimizer;
import dev.gatun.optim.SGD;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model and its optimizer saved mid-training and loaded into fresh objects continue exactly
 * as the originals would have: same weights after the same further steps.
 */
class CheckpointTest {
    @TempDir
    Path dir;

    static Sequential model(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(4, 8, rng), new ReLU(), new LayerNorm(8), new Linear(8, 3, rng));
    }

    static void trainSteps(Module model, Optimizer opt, int steps, long seed) {
        Rng rng = new Rng(seed);
        for (int i = 0; i < steps; i++) {
            try (Scope step = Scope.confined()) {
                Tensor x = Tensor.uniform(rng, -1, 1, 5, 4);
                Tensor y = Tensor.uniform(rng, -1, 1, 5, 3);
                Var loss = new MSELoss().forward(model.forward(x), y);
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
        }
    }

    @Test
    void stateDictHasPyTorchNamesAndLiveTensors() {
        try (Sequential m = model(1)) {
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "3.weight", "3.bias"),
                    List.copyOf(m.stateDict().keySet()));
            assertTrue(m.stateDict().get("0.weight") == ((Linear) m.get(0)).weight().value(), "the parameter's own tensor");
        }
    }

    @Test
    void adamResumesExactly() throws IOException {
        resumesExactly(m -> new Adam(m.parameters(), 0.01f, 0.9f, 0.99f, 1e-8f, 0.001f));
    }

    @Test
    void adamWResumesExactly() throws IOException {
        resumesExactly(m -> new AdamW(m.parameters(), 0.01f));
    }

    @Test
    void sgdWithMomentumResumesExactly() throws IOException {
        resumesExactly(m -> new SGD(m.parameters(), 0.05f, 0.9f, 0f, 0f, true));
    }

    private void resumesExactly(Function<Module, Optimizer> optimizer) throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        try (Sequential a = model(1); Sequential b = model(2)) {
            Optimizer optA = optimizer.apply(a);
            Optimizer optB = optimizer.apply(b);
            trainSteps(a, optA, 3, 10);
            optA.setLearningRate(0.02f);
            Checkpoint.save(f, a, optA);
            Checkpoint.load(f, b, optB);
            assertEquals(0.02f, optB.learningRate(), "the learning rate comes back");
            for (int i = 0; i < a.parameters().size(); i++) {
                assertTrue(optB.hasState(i));
            }
            trainSteps(a, optA, 2, 20);
            trainSteps(b, optB, 2, 20);
            a.stateDict().forEach((name, t) -> assertArrayEquals(t.toArray(), b.stateDict().get(name).toArray(), name));
        }
    }

    @Test
    void optimizerStateUsesPyTorchKeysAndOnlyAfterTheFirstStep() throws IOException {
        Path f = dir.resolve("adam.safetensors");
        try (Sequential m = model(3)) {
            Adam adam = new Adam(m.parameters(), 0.01f);
            Checkpoint.save(f, m, adam);
            try (SafetensorsFile file = SafetensorsFile.open(f)) {
                assertFalse(file.entries().keySet().stream().anyMatch(n -> n.startsWith(Checkpoint.OPTIMIZER)),
                        "PyTorch has no state before the first step");
                assertEquals("Adam", file.metadata().get("gatun.optimizer"));
            }
            trainSteps(m, adam, 2, 5);
            Checkpoint.save(f, m, adam);
            try (SafetensorsFile file = SafetensorsFile.open(f)) {
                assertEquals(2f, file.tensor("optimizer.0.weight.step").item());
                assertArrayEquals(new int[0], file.entry("optimizer.0.weight.step").shape(), "a 0-d tensor as in PyTorch");
                assertArrayEquals(new int[] {8, 4}, file.entry("optimizer.0.weight.exp_avg").shape());
                assertArrayEquals(new int[] {8, 4}, file.entry("optimizer.0.weight.exp_avg_sq").shape());
            }
        }
    }

    @Test
    void aModelLoadsFromACheckpointWithOptimizerStateAndExtras() throws IOException {
        Path f = dir.resolve("full.safetensors");
        try (Sequential a = model(4); Sequential b = model(5)) {
            SGD sgd = new SGD(a.parameters(), 0.1f, 0.5f, 0f, 0f, false);
            trainSteps(a, sgd, 1, 3);
            Checkpoint.save(f, a, sgd);
            Checkpoint.load(f, b);
            a.stateDict().forEach((name, t) -> assertArrayEquals(t.toArray(), b.stateDict().get(name).toArray(), name));
        }
    }
}
