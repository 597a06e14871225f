package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.checkpoint.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainPerceptronCommandTest {
    @TempDir
    Path dir;

    @Test
    void perceptronOnLinearReachesHundredPercentAndSavesItsWeights() throws Exception {
        Path weights = dir.resolve("sub/perceptron.safetensors");
        Cli r = Cli.run("train", "perceptron", "--data", "linear", "--save", weights.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1.0, Cli.percent(r.line("final train loss")), r.out());
        assertEquals("weights: " + weights, r.line("weights:"));
        try (SafetensorsFile saved = SafetensorsFile.open(weights)) {
            assertEquals(java.util.List.of("weight", "bias", "standardize.mean", "standardize.std"),
                    java.util.List.copyOf(saved.entries().keySet()));
            assertEquals(2, saved.floats("weight").length);
        }
        try (var files = Files.list(weights.getParent())) {
            assertEquals(1, files.count(), "only the weights file, no temporary left");
        }
    }
}
