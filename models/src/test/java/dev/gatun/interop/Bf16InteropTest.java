package dev.gatun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.checkpoint.SafetensorsWriter;
import dev.gatun.tensor.BFloat16;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bfloat16 tensors move between Gatun and PyTorch through safetensors BF16 entries, and both
 * round float32 to bfloat16 the same way, bit for bit: PyTorch checks Gatun's file against its
 * own {@code .to(torch.bfloat16)}, and Gatun checks PyTorch's against {@link BFloat16} (run when
 * a python3 with torch is installed).
 */
class Bf16InteropTest {
    @TempDir
    Path dir;

    @Test
    void gatunAndPyTorchRoundAndStoreBfloat16Alike() throws IOException {
        try (Scope s = Scope.confined()) {
            Rng rng = new Rng(9);
            float[] values = new float[1000];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(60) - 30));
            }
            float[] edges = {0f, -0f, 1f + 0x1p-8f, 1f + 3 * 0x1p-8f, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, 1e-40f,
                Float.NaN, Float.intBitsToFloat(0x7f800001)};
            System.arraycopy(edges, 0, values, 0, edges.length);
            Tensor source = Tensor.of(values, 20, 50);
            Map<String, Tensor> out = new LinkedHashMap<>();
            out.put("gatun.weights", source.to(DataType.BFLOAT16));
            out.put("gatun.weights.source", source);
            out.put("gatun.column", source.transpose(0, 1).slice(0, 3, 4).to(DataType.BFLOAT16)); // a converted view
            out.put("gatun.column.source", source.transpose(0, 1).slice(0, 3, 4).contiguous());
            SafetensorsWriter.write(dir.resolve("gatun_bf16.safetensors"), out, Map.of("format", "pt"));
        }
        TorchPython.Result r = TorchPython.script(120, "--bf16", dir.toString());
        Assumptions.assumeTrue(r != null, () -> TorchPython.why);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("gatun.weights: 1000 bf16 values equal torch's rounding"), r.output());
        assertTrue(r.output().contains("gatun.column: 20 bf16 values equal torch's rounding"), r.output());

        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("torch_bf16.safetensors"))) {
            for (String name : new String[] {"torch.values", "torch.matrix"}) {
                Tensor bf = f.tensor(name, DataType.BFLOAT16);
                assertEquals(DataType.BFLOAT16, bf.dtype());
                assertTrue(bf.isReadOnly(), name + " is read in place from the mapping");
                float[] source = f.floats(name + ".source");
                float[] asFloat = f.tensor(name).toArray(); // the float32 reading widens exactly
                for (int i = 0; i < source.length; i++) {
                    short want = BFloat16.fromFloat(source[i]);
                    short got = bf.segment().getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i);
                    assertEquals(want, got, name + "[" + i + "] = " + source[i]);
                    assertEquals(BFloat16.toFloat(want), asFloat[i], name + "[" + i + "] as float32");
                }
            }
        }
    }
}
