package dev.gatun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.checkpoint.SafetensorsWriter;
import dev.gatun.autograd.RnnF;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.nn.BatchNorm2d;
import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Dropout;
import dev.gatun.nn.Flatten;
import dev.gatun.nn.GELU;
import dev.gatun.nn.GRU;
import dev.gatun.nn.LSTM;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Linear;
import dev.gatun.nn.MaxPool2d;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.RecurrentLayer;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** The golden CNN: Sequential(Conv2d(1,4,3,padding=1), BatchNorm2d(4), ReLU, MaxPool2d(2), Conv2d(4,8,3), ReLU, Flatten, Linear(32,5)). */
    static Sequential cnn(Rng rng) {
        return new Sequential(new Conv2d(1, 4, 3, Conv2dParams.of(1, 1), rng), new BatchNorm2d(4), new ReLU(),
                new MaxPool2d(2), new Conv2d(4, 8, 3, Conv2dParams.of(1, 0), rng), new ReLU(), new Flatten(),
                new Linear(32, 5, rng));
    }

    /** The golden recurrent layers: one layer, input 6, hidden 8, sequence first. */
    static RecurrentLayer recurrent(String family, Rng rng) {
        return family.equals("lstm") ? new LSTM(6, 8, rng) : new GRU(6, 8, rng);
    }

    static Module model(String family, Rng rng) {
        return switch (family) {
            case "mlp" -> mlp(rng);
            case "cnn" -> cnn(rng);
            default -> recurrent(family, rng);
        };
    }

    /** What the model computes on x, under the names the golden io files use (y, h_n, c_n). */
    static Map<String, Tensor> outputs(Module model, Tensor x) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (model instanceof LSTM lstm) {
            RnnF.Result r = lstm.forward(Var.constant(x), null, null);
            out.put("y", r.output().value());
            out.put("h_n", r.hN().value());
            out.put("c_n", r.cN().value());
        } else if (model instanceof GRU gru) {
            RnnF.Result r = gru.forward(Var.constant(x), null);
            out.put("y", r.output().value());
            out.put("h_n", r.hN().value());
        } else {
            out.put("y", model.forward(x).value());
        }
        return out;
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

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn", "lstm", "gru"})
    void gatunReproducesPyTorch(String family) throws IOException {
        try (Module model = model(family, new Rng(3));
                SafetensorsFile io = SafetensorsFile.open(TorchPython.resource(family + ".io.safetensors"))) {
            model.eval();
            Checkpoint.load(TorchPython.resource(family + ".safetensors"), model);
            try (Scope s = Scope.confined()) {
                for (Map.Entry<String, Tensor> e : outputs(model, io.tensor("x")).entrySet()) {
                    double err = relativeError(e.getValue().toArray(), io.floats(e.getKey()));
                    assertTrue(err <= REL_TOL, family + " " + e.getKey() + ": relative error " + err);
                }
            }
            try (Predictor p = Predictor.of(model, io.entry("x").shape())) {
                double err = relativeError(p.predict(io.floats("x")), io.floats("y"));
                assertTrue(err <= REL_TOL, family + " predictor: relative error " + err);
            }
        }
    }

    @Test
    void pyTorchLoadsWhatGatunSavesAndComputesTheSameOutputs() throws IOException {
        List<String> families = List.of("mlp", "cnn", "lstm", "gru");
        for (String family : families) {
            try (Module model = model(family, new Rng(11));
                    SafetensorsFile golden = SafetensorsFile.open(TorchPython.resource(family + ".io.safetensors"))) {
                Adam adam = new Adam(model.parameters(), 0.01f);
                if (family.equals("mlp")) {
                    trainTwoSteps(model, adam); // so that there is optimizer state to carry over
                }
                model.eval();
                Checkpoint.save(dir.resolve(family + ".safetensors"), model, adam, Map.of("gatun.family", family));
                try (Scope s = Scope.confined()) {
                    Map<String, Tensor> io = new LinkedHashMap<>();
                    io.put("x", golden.tensor("x"));
                    io.putAll(outputs(model, golden.tensor("x")));
                    SafetensorsWriter.write(dir.resolve(family + ".io.safetensors"), io, Map.of("gatun.family", family));
                }
            }
        }
        TorchPython.Result r = TorchPython.script(300, "--check", dir.toString());
        Assumptions.assumeTrue(r != null, () -> TorchPython.why);
        assertEquals(0, r.exit(), r.output());
        for (String family : families) {
            assertTrue(r.output().contains(family + " y relative error") , r.output());
        }
        assertTrue(r.output().contains("mlp.safetensors: Adam state for 8 parameters loads into torch.optim.Adam"), r.output());
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
}
