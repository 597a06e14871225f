package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.checkpoint.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatun train mlp --spark local[2]}: two workers in this JVM, the usual outputs plus the Spark figures. */
class TrainOnSparkCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsOnTwoLocalWorkersAndWritesTheUsualOutputs() throws Exception {
        Path json = dir.resolve("metrics.json"), weights = dir.resolve("mlp.safetensors");
        Cli r = Cli.run("train", "mlp", "--data", "blobs", "--spark", "local[2]", "--epochs", "4", "--batch", "16",
                "--json", json.toString(), "--save", weights.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("spark local[2]: 2 worker(s), 16 rows each per step"), r.out());
        assertTrue(r.line("trained mlp on spark local[2] on blobs: 4 epochs").contains("samples/s"), r.out());
        double acc = Cli.percent(r.line("validation accuracy"));
        assertTrue(acc > 0.6, "the blobs overlap; one process reaches about 72% in 4 epochs: " + r.out());
        String text = Files.readString(json);
        assertTrue(text.contains("\"spark_workers\": 2"), text);
        assertTrue(text.contains("\"spark_communication_share\":"), text);
        try (SafetensorsFile saved = SafetensorsFile.open(weights)) {
            assertTrue(saved.entries().containsKey("0.weight"), saved.entries().keySet().toString());
        }
    }

    @Test
    void otherModelsAreRefusedWithAReason() {
        Cli r = Cli.run("train", "lstm", "--spark", "local[2]", "--epochs", "1");
        assertTrue(r.exitCode() != 0, r.out());
        assertTrue(r.err().contains("--spark trains mlp and cnn, not lstm"), r.err());
    }
}
