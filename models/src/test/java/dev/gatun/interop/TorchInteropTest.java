package dev.gatun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.checkpoint.SafetensorsWriter;
import dev.gatun.nn.Dropout;
import dev.gatun.nn.GELU;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.loss.MSELoss;
import dev.gatun.optim.Adam;
import dev.gatun.serve.Predictor;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights move between PyTorch and Gatun through safetensors: Gatun loads the files
 * {@code torch/make_golden.py} wrote and reproduces PyTorch's outputs within 1e-5 (relative to
 * the largest output), and PyTorch loads what Gatun saves, optimizer state included, and
 * reproduces Gatun's outputs (run when a python3 with torch is installed).
 */
class TorchInteropTest {
    static final double REL_TOL = 1e-5;

    @TempDir
    Path dir;

    /** The golden MLP of make_golden.py: Sequential names 0, 2, 3, 6 as in PyTorch. */
    static Sequential mlp(Rng rng) {
        return new Sequential(new Linear(8, 16, rng), new ReLU(), new Linear(16, 16, rng), new LayerNorm(16),
                new GELU(false), new Dropout(0.5f, rng.split()), new Linear(16, 4, rng));
    }

    /** max |got - want| / max |want|. */
    static double relativeError(float[] got, float[] want) {
        assertEquals(want.length, got.length, "output size");
        double diff = 0, scale = 0;
        for (int i = 0; i < want.length; i++) {
            diff = Math.max(diff, Math.abs((double) got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        return diff / Math.max(scale, 1e-30);
    }

    @Test
    void everyGoldenFileIsReadable() throws IOException {
        for (String family : List.of("mlp", "cnn", "lstm", "gru", "transformer")) {
            for (String file : List.of(family + ".safetensors", family + ".io.safetensors")) {
                try (SafetensorsFile f = SafetensorsFile.open(TorchPython.resource(file))) {
                    assertEquals(family, f.metadata().get("gatun.family"), file);
                    for (String name : f.entries().keySet()) {
                        f.floats(name); // every dtype PyTorch wrote converts (num_batches_tracked is I64)
                    }
                }
            }
        }
    }

    @Test
    void mlpReproducesPyTorch() throws IOException {
        try (Sequential model = mlp(new Rng(3));
                SafetensorsFile io = SafetensorsFile.open(TorchPython.resource("mlp.io.safetensors"))) {
            model.eval();
            Checkpoint.load(TorchPython.resource("mlp.safetensors"), model);
            try (Scope s = Scope.confined()) {
                float[] y = model.forward(io.tensor("x")).value().toArray();
                double err = relativeError(y, io.floats("y"));
                assertTrue(err <= REL_TOL, "relative error " + err);
            }
            try (Predictor p = Predictor.of(model, io.entry("x").shape())) {
                double err = relativeError(p.predict(io.floats("x")), io.floats("y"));
                assertTrue(err <= REL_TOL, "predictor's relative error " + err);
            }
        }
    }

    @Test
    void pyTorchLoadsWhatGatunSavesAndComputesTheSameOutputs() throws IOException {
        try (Sequential model = mlp(new Rng(11));
                SafetensorsFile golden = SafetensorsFile.open(TorchPython.resource("mlp.io.safetensors"))) {
            Adam adam = new Adam(model.parameters(), 0.01f);
            trainTwoSteps(model, adam);
            model.eval();
            Checkpoint.save(dir.resolve("mlp.safetensors"), model, adam, Map.of("gatun.family", "mlp"));
            writeOutputs(dir.resolve("mlp.io.safetensors"), model, golden.tensor("x"));
        }
        TorchPython.Result r = TorchPython.script(300, "--check", dir.toString());
        Assumptions.assumeTrue(r != null, () -> TorchPython.why);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("mlp y relative error") && r.output().contains(" ok"), r.output());
        assertTrue(r.output().contains("Adam state for 8 parameters loads into torch.optim.Adam"), r.output());
    }

    private static void trainTwoSteps(Module model, Adam adam) {
        Rng rng = new Rng(2);
        for (int i = 0; i < 2; i++) {
            try (Scope step = Scope.confined()) {
                var loss = new MSELoss().forward(model.forward(Tensor.uniform(rng, -1, 1, 4, 8)),
                        Tensor.uniform(rng, -1, 1, 4, 4));
                adam.zeroGrad();
                loss.backward();
                adam.step();
            }
        }
    }

    /** The input and Gatun's output, for the script to compare PyTorch's with. */
    private static void writeOutputs(Path file, Module model, Tensor x) throws IOException {
        try (Scope s = Scope.confined()) {
            Map<String, Tensor> io = new LinkedHashMap<>();
            io.put("x", x);
            io.put("y", model.forward(x).value());
            SafetensorsWriter.write(file, io, Map.of("gatun.family", "mlp"));
        }
    }
}
