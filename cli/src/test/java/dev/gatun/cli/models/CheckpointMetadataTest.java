package dev.gatun.cli.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.checkpoint.CheckpointException;
import dev.gatun.nn.Module;
import dev.gatun.nn.Sequential;
import dev.gatun.tensor.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loaders build a model from a checkpoint's metadata: an edited metadata string must be refused
 * against the file's tensors before the model is allocated (it used to build a 100 GB model).
 */
class CheckpointMetadataTest {
    @TempDir
    Path dir;

    private static final int[] VOCAB = " abcdefgh".codePoints().toArray();

    /** A small character model saved with its metadata, {@code key} replaced by {@code value}. */
    private Path charModel(String kind, String key, String value) throws IOException {
        CharModels.Spec spec = new CharModels.Spec(kind, new int[] {16}, 8, VOCAB);
        Path file = dir.resolve(kind + "-" + key.hashCode() + ".safetensors");
        Map<String, String> meta = new LinkedHashMap<>(spec.metadata());
        if (key != null) {
            meta.put(key, value);
        }
        try (Module m = CharModels.build(spec, 0f, new Rng(1))) {
            Checkpoint.save(file, m, null, meta);
        }
        return file;
    }

    private static IOException refused(Path file) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> CharModels.load(file).close()));
    }

    @Test
    void anEditedWidthOrContextIsRefusedBeforeTheModelIsBuilt() throws Exception {
        for (String kind : new String[] {"transformer", "lstm", "gru", "rnn"}) {
            charModel(kind, "x", "y"); // the unedited file loads
            try (CharModels.Loaded ok = CharModels.load(charModel(kind, CharModels.HIDDEN, "16"))) {
                assertEquals(kind, ok.spec().kind());
            }
            IOException e = refused(charModel(kind, CharModels.HIDDEN, "160000"));
            assertTrue(e instanceof CheckpointException && e.getMessage().contains("its metadata describes a " + kind
                    + " of width 160000") && e.getMessage().contains("the metadata does not match the weights"),
                    e.getMessage());
            e = refused(charModel(kind, CharModels.HIDDEN, "16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16,16"));
            assertTrue(e.getMessage().contains("20 layers"), e.getMessage());
        }
        IOException e = refused(charModel("transformer", CharModels.CONTEXT, "2000000000"));
        assertTrue(e.getMessage().contains("context 2000000000"), e.getMessage());
    }

    @Test
    void badMetadataValuesNameTheKeyAndWhatWasExpected() throws Exception {
        assertEquals(dir.resolve("transformer-" + CharModels.HIDDEN.hashCode() + ".safetensors") + ": metadata "
                + CharModels.HIDDEN + " = '-5', expected sizes of at least 1",
                refused(charModel("transformer", CharModels.HIDDEN, "-5")).getMessage());
        assertTrue(refused(charModel("lstm", CharModels.VOCABULARY, "98,97")).getMessage()
                .contains("expected increasing Unicode code points"));
        assertTrue(refused(charModel("lstm", CharModels.KIND, "cnn")).getMessage()
                .endsWith("metadata gatun.char.kind = 'cnn', expected one of [transformer, rnn, lstm, gru]"));
        assertTrue(refused(charModel("gru", CharModels.CONTEXT, "1e9")).getMessage()
                .endsWith("metadata gatun.char.context = '1e9', expected comma-separated integers"));
    }

    @Test
    void anEditedCnnIsRefusedToo() throws Exception {
        Path file = dir.resolve("cnn.safetensors");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(CnnKind.SIDE, "16");
        meta.put(CnnKind.HIDDEN, "4,8");
        meta.put(CnnKind.OUTPUTS, "10");
        try (Sequential net = CnnKind.network(16, new int[] {4, 8}, CnnKind.FC, 10, 0f, Networks.Seeds.of(0))) {
            Checkpoint.save(file, net, null, meta);
        }
        CnnKind.load(file).close();
        meta.put(CnnKind.SIDE, "100000");
        try (Sequential net = CnnKind.network(16, new int[] {4, 8}, CnnKind.FC, 10, 0f, Networks.Seeds.of(0))) {
            Checkpoint.save(file, net, null, meta);
        }
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> CnnKind.load(file)));
        assertTrue(e.getMessage().contains("its metadata describes a cnn of 100000x100000 images"), e.getMessage());
    }
}
