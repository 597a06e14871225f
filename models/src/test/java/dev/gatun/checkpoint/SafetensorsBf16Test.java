package dev.gatun.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.BFloat16;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BF16 entries: written from bfloat16 tensors at two bytes an element, read in place or converted either way. */
class SafetensorsBf16Test {
    @TempDir
    Path dir;

    @Test
    void bfloat16TensorsRoundTripBitForBitAndConvertOnRequest() throws IOException {
        Path file = dir.resolve("mixed.safetensors");
        float[] values;
        try (Scope s = Scope.confined()) {
            Tensor f = Tensor.normal(new Rng(4), 0, 1, 3, 5);
            values = f.toArray();
            Map<String, Tensor> out = new LinkedHashMap<>();
            out.put("half", f.to(DataType.BFLOAT16));
            out.put("full", f);
            SafetensorsWriter.write(file, out, Map.of());
        }
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(DType.BF16, st.entry("half").dtype());
            assertEquals(15 * 2, st.entry("half").byteSize());
            assertEquals(DType.F32, st.entry("full").dtype());

            Tensor half = st.tensor("half", DataType.BFLOAT16);
            assertTrue(half.isReadOnly(), "read in place from the mapping");
            Tensor rounded = st.tensor("full", DataType.BFLOAT16); // F32 stored, bfloat16 asked: a rounded copy
            assertFalse(rounded.isReadOnly());
            Tensor widened = st.tensor("half"); // BF16 stored, float32 asked: exact
            float[] expected = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                expected[i] = BFloat16.round(values[i]);
            }
            assertArrayEquals(expected, half.toArray());
            assertArrayEquals(expected, rounded.toArray());
            assertArrayEquals(expected, widened.toArray());
            assertArrayEquals(values, st.tensor("full").toArray());

            try (Scope s = Scope.confined()) {
                Tensor into = Tensor.zeros(Scope.current(), DataType.BFLOAT16, 3, 5);
                st.readInto("full", into);
                assertArrayEquals(expected, into.toArray());
            }
        }
        assertTrue(Files.size(file) < 8 + 256 + 15 * 6, "bf16 entries take two bytes an element");
    }
}
