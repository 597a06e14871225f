package dev.gatun.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors layout Gatun writes, what it reads back, and the dtypes it converts. */
class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void writesTheDocumentedLayoutAndReadsItBack() throws IOException {
        Path f = dir.resolve("model.safetensors");
        Map<String, SafetensorsWriter.Source> w = new LinkedHashMap<>();
        w.put("0.weight", SafetensorsWriter.Source.of(new int[] {3, 2}, new float[] {1, -2, 3.5f, 4, 5, 6}));
        w.put("0.bias", SafetensorsWriter.Source.of(new int[] {3}, new float[] {0.25f, 0, -1}));
        SafetensorsWriter.writeSources(f, w, Map.of("format", "pt"));

        byte[] bytes = Files.readAllBytes(f);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "data starts 8-byte aligned");
        assertEquals(8 + headerLength + 9 * 4, bytes.length);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).strip();
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]},"
                + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}}", header);
        assertEquals(1f, ByteBuffer.wrap(bytes, 8 + (int) headerLength, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());

        try (SafetensorsFile back = SafetensorsFile.open(f)) {
            assertEquals(List.of("0.weight", "0.bias"), List.copyOf(back.entries().keySet()));
            assertEquals(Map.of("format", "pt"), back.metadata());
            assertArrayEquals(new int[] {3, 2}, back.entry("0.weight").shape());
            assertArrayEquals(new float[] {1, -2, 3.5f, 4, 5, 6}, back.floats("0.weight"));
            assertArrayEquals(new float[] {0.25f, 0, -1}, back.tensor("0.bias").toArray());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void writesTensorsFromOffHeapMemoryAndMapsThemBackWithoutACopy() throws IOException {
        Path f = dir.resolve("t.safetensors");
        try (Scope s = Scope.confined()) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            SafetensorsWriter.write(f, Map.of("a", a, "at", a.transpose(0, 1)), Map.of());
        }
        try (SafetensorsFile back = SafetensorsFile.open(f)) {
            Tensor a = back.tensor("a");
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.toArray());
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, back.floats("at"), "a strided view is written row-major");
            long dataStart = Files.size(f) - 2 * 6 * 4;
            // The tensor reads the mapping itself: its memory is the file's bytes, not a copy.
            assertTrue(a.segment().isMapped(), "F32 tensors are views of the mapped file");
            assertEquals(0, dataStart % 8);
        }
    }

    @Test
    void convertsHalfBfloatDoubleAndExactIntegersToFloat32() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2 * 2 + 2 * 2 + 2 * 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-0.25f));
        b.putShort((short) (Float.floatToRawIntBits(3f) >>> 16)).putShort((short) (Float.floatToRawIntBits(-1024f) >>> 16));
        b.putDouble(0.1).putDouble(-2.0);
        b.putLong(7);
        Path f = RawFiles.write(dir.resolve("mixed.safetensors"), "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[24,32]}}", b.array());
        try (SafetensorsFile back = SafetensorsFile.open(f)) {
            assertArrayEquals(new float[] {1.5f, -0.25f}, back.floats("h"));
            assertArrayEquals(new float[] {3f, -1024f}, back.floats("bf"));
            assertArrayEquals(new float[] {0.1f, -2f}, back.floats("d"));
            assertEquals(7f, back.tensor("n").item(), "a 0-d tensor (PyTorch's num_batches_tracked)");
            assertEquals(DType.BF16, back.entry("bf").dtype());
        }
    }

    @Test
    void readsADtypeItDoesNotConvertOnlyToNameIt() throws IOException {
        Path f = RawFiles.write(dir.resolve("i32.safetensors"),
                "{\"mask\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[] {1, 0, 1, 0, 0, 0, -128, 63});
        try (SafetensorsFile back = SafetensorsFile.open(f)) {
            assertArrayEquals(new float[] {1f}, back.floats("w"), "other tensors stay readable");
            CheckpointException e = assertThrows(CheckpointException.class, () -> back.floats("mask"));
            assertEquals("mask", e.tensor());
            assertTrue(e.getMessage().contains("dtype I32 is not one Gatun reads"), e.getMessage());
        }
    }
}
