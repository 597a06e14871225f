package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.train.Safetensors;
import dev.gatun.train.WeightArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        Map<String, WeightArray> saved = Safetensors.read(weights);
        assertEquals(java.util.List.of("weight", "bias", "standardize.mean", "standardize.std"), java.util.List.copyOf(saved.keySet()));
        assertEquals(2, saved.get("weight").values().length);
        try (var files = Files.list(weights.getParent())) {
            assertEquals(1, files.count(), "only the weights file, no temporary left");
        }
    }
}
