package dev.gatun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.checkpoint.SafetensorsWriter;
import dev.gatun.nn.Linear;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.ops.Ops;
import dev.gatun.serve.Calibration;
import dev.gatun.serve.QuantizedLayer;
import dev.gatun.serve.QuantizedModel;
import dev.gatun.serve.Quantizer;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Gatun int8 checkpoint read by PyTorch's quantization functions: every layer's weight codes
 * are {@code torch.quantize_per_channel}'s of the float weights with the file's scales, and an
 * input's codes (Ops.quantize with the layer's input scale and zero point, values out of range
 * included) are {@code torch.quantize_per_tensor}'s (run when a python3 with torch is installed).
 */
class Int8InteropTest {
    @TempDir
    Path dir;

    @Test
    void pytorchQuantizesToTheSameCodes() throws IOException {
        Rng rng = new Rng(21);
        try (Scope s = Scope.confined();
             Sequential model = new Sequential(new Linear(24, 16, rng), new ReLU(), new Linear(16, 5, rng))) {
            QuantizedModel q;
            try (Quantizer qz = Quantizer.builder(model).batchShape(32, 24).calibration(Calibration.percentile(99.9)).build()) {
                for (int b = 0; b < 4; b++) {
                    qz.observe(Tensor.uniform(rng, -3f, 3f, 32, 24).toArray());
                }
                q = qz.quantize();
            }
            q.save(dir.resolve("int8.safetensors"), model, Map.of());
            Map<String, Tensor> floats = new LinkedHashMap<>(model.stateDict());
            for (QuantizedLayer layer : q.layers().values()) {
                int in = layer.weights().dim(1);
                Tensor x = Tensor.uniform(rng, -5f, 5f, 64, in); // beyond the calibrated range: clamped codes too
                floats.put(layer.name() + ".input.source", x);
                floats.put(layer.name() + ".input.codes", Ops.quantize(x, layer.inputScale(), layer.inputZeroPoint(),
                        DataType.UINT8));
            }
            SafetensorsWriter.write(dir.resolve("float.safetensors"), floats, Map.of("format", "pt"));
        }
        TorchPython.Result r = TorchPython.script(120, "--int8", dir.toString());
        Assumptions.assumeTrue(r != null, () -> TorchPython.why);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("0: 384 weight codes and 1536 input codes equal torch's"), r.output());
        assertTrue(r.output().contains("2: 80 weight codes and 1024 input codes equal torch's"), r.output());
    }
}
