package dev.gatun.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.nn.Sequential;
import dev.gatun.optim.Adam;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a checkpoint can be broken gets a {@link CheckpointException} that names the file
 * and the tensor, and leaves the model and its optimizer exactly as they were, even when the
 * broken tensor comes after good ones.
 */
class CorruptCheckpointTest {
    @TempDir
    Path dir;

    /** The model the files are loaded into, and its weights before any attempt. */
    Sequential model;
    Adam adam;
    Map<String, float[]> before;

    /** The tensors of a valid checkpoint for {@link #model}'s architecture, with other values. */
    Map<String, float[]> values;
    Map<String, int[]> shapes;

    @BeforeEach
    void setUp() {
        model = CheckpointTest.model(1);
        adam = new Adam(model.parameters(), 0.01f);
        CheckpointTest.trainSteps(model, adam, 1, 7);
        before = snapshot();
        values = new LinkedHashMap<>();
        shapes = new LinkedHashMap<>();
        try (Sequential other = CheckpointTest.model(2)) {
            other.stateDict().forEach((name, t) -> {
                values.put(name, t.toArray());
                shapes.put(name, t.shape());
            });
        }
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        model.close();
    }

    private Map<String, float[]> snapshot() {
        Map<String, float[]> s = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> s.put(name, t.toArray()));
        for (int i = 0; i < adam.parameters().size(); i++) {
            int p = i;
            adam.state(i).forEach((key, t) -> s.put("adam." + p + "." + key, t.toArray()));
        }
        return s;
    }

    /** Header JSON and data of the valid file, in file order, with one entry's header text replaced. */
    private byte[][] parts(String tensor, String entryOverride) {
        StringBuilder json = new StringBuilder("{");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (String name : values.keySet()) {
            long begin = data.size();
            data.writeBytes(RawFiles.f32(values.get(name)));
            String entry = "{\"dtype\":\"F32\",\"shape\":" + Arrays.toString(shapes.get(name)).replace(" ", "")
                    + ",\"data_offsets\":[" + begin + "," + data.size() + "]}";
            if (name.equals(tensor)) {
                entry = entryOverride.replace("$BEGIN", Long.toString(begin)).replace("$END", Long.toString(data.size()));
            }
            json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":").append(entry);
        }
        return new byte[][] {json.append('}').toString().getBytes(StandardCharsets.UTF_8), data.toByteArray()};
    }

    private Path file(String tensor, String entryOverride) throws IOException {
        byte[][] p = parts(tensor, entryOverride);
        return RawFiles.write(dir.resolve("bad.safetensors"), new String(p[0], StandardCharsets.UTF_8), p[1]);
    }

    /** Loads {@code f} expecting a failure that names {@code tensor} (or none) and says {@code what}. */
    private void rejected(Path f, String tensor, String what) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(f, model, adam));
        assertEquals(f, e.file());
        assertEquals(tensor, e.tensor(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
        Map<String, float[]> after = snapshot();
        before.forEach((name, v) -> assertArrayEquals(v, after.get(name), name + " changed by a failed load"));
    }

    @Test
    void theValidFileLoads() throws IOException {
        Checkpoint.load(file(null, null), model);
        assertArrayEquals(values.get("3.bias"), model.stateDict().get("3.bias").toArray());
    }

    @Test
    void missingTensor() throws IOException {
        values.remove("3.bias");
        rejected(file(null, null), "3.bias", "missing from the file");
    }

    @Test
    void wrongShape() throws IOException {
        shapes.put("3.weight", new int[] {8, 3});
        rejected(file(null, null), "3.weight", "shape [8, 3] in the file, expected [3, 8]");
    }

    @Test
    void dtypeGatunDoesNotRead() throws IOException {
        rejected(file("3.bias", "{\"dtype\":\"I32\",\"shape\":[3],\"data_offsets\":[$BEGIN,$END]}"), "3.bias",
                "dtype I32 is not one Gatun reads");
    }

    @Test
    void shapeThatDoesNotMatchItsBytes() throws IOException {
        rejected(file("2.bias", "{\"dtype\":\"F16\",\"shape\":[8],\"data_offsets\":[$BEGIN,$END]}"), "2.bias",
                "needs 8 x 2 bytes but data_offsets");
    }

    @Test
    void truncatedFile() throws IOException {
        Path f = file(null, null);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 5));
        rejected(f, "3.bias", "the file is truncated");
    }

    @Test
    void fileTooShortForTheHeaderLength() throws IOException {
        Path f = dir.resolve("tiny.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        rejected(f, null, "3 bytes is too short");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        byte[][] p = parts(null, null);
        Path f = RawFiles.write(dir.resolve("long.safetensors"), 1L << 40, new String(p[0], StandardCharsets.UTF_8), p[1]);
        rejected(f, null, "header length 1099511627776 does not fit");
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        byte[][] p = parts(null, null);
        String json = new String(p[0], StandardCharsets.UTF_8).replaceFirst(":", "=");
        rejected(RawFiles.write(dir.resolve("json.safetensors"), json, p[1]), null, "header is not valid JSON");
    }

    @Test
    void headerThatIsNotUtf8() throws IOException {
        byte[][] p = parts(null, null);
        p[0][2] = (byte) 0xff; // inside the first key
        Path f = dir.resolve("utf8.safetensors");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + p[0].length + p[1].length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        Files.write(f, b.putLong(p[0].length).put(p[0]).put(p[1]).array());
        rejected(f, null, "not valid UTF-8");
    }

    @Test
    void overlappingOffsets() throws IOException {
        // 0.bias claims the first 32 bytes of 0.weight's; the later of the two in the data is named.
        rejected(file("0.bias", "{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[0,32]}"), "0.weight",
                "data_offsets [0, 128] overlap those of tensor 0.bias [0, 32]");
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        rejected(file("2.weight", "{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[$BEGIN,-1]}"), "2.weight",
                "are not an increasing range");
    }

    @Test
    void bytesAfterTheLastTensor() throws IOException {
        byte[][] p = parts(null, null);
        byte[] data = Arrays.copyOf(p[1], p[1].length + 4);
        rejected(RawFiles.write(dir.resolve("tail.safetensors"), new String(p[0], StandardCharsets.UTF_8), data), null,
                "4 bytes after the last tensor");
    }

    @Test
    void partialOptimizerState() throws IOException {
        Path good = dir.resolve("good.safetensors");
        Checkpoint.save(good, model, adam);
        Map<String, SafetensorsWriter.Source> tensors = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(good)) {
            for (String name : f.entries().keySet()) {
                if (!name.equals("optimizer.3.bias.exp_avg_sq")) {
                    tensors.put(name, SafetensorsWriter.Source.of(f.entry(name).shape(), f.floats(name)));
                }
            }
            Path bad = dir.resolve("partial.safetensors");
            SafetensorsWriter.writeSources(bad, tensors, f.metadata());
            rejected(bad, "optimizer.3.bias.exp_avg_sq", "missing from the file, though optimizer.3.bias.step is there");
        }
    }

    @Test
    void stateOfAnotherOptimizer() throws IOException {
        Path f = dir.resolve("sgd.safetensors");
        Checkpoint.save(f, model, new dev.gatun.optim.SGD(model.parameters(), 0.1f));
        rejected(f, null, "holds SGD state, not Adam state");
    }
}
