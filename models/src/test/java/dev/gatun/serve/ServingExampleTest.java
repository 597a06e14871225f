package dev.gatun.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.nn.Linear;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving example of docs/serving.md runs here, and that page shows exactly the code
 * between the markers below (the test fails when the two differ).
 */
class ServingExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleRuns() throws IOException {
        Path checkpoint = dir.resolve("mnist-mlp.safetensors");
        float[] pixels = PredictorTest.input(1, 784);
        try (Sequential trained = new Sequential(new Linear(784, 256, new Rng(7)), new ReLU(), new Linear(256, 10, new Rng(8)))) {
            Checkpoint.save(checkpoint, trained); // what a trainer, or PyTorch, would have written
            PredictorTest.assertClose(PredictorTest.forward(trained, pixels, 1, 784), serve(checkpoint, pixels));
        }
    }

    static float[] serve(Path checkpoint, float[] pixels) throws IOException {
        // README: serving
        try (Sequential model = new Sequential(new Linear(784, 256, new Rng(0)), new ReLU(), new Linear(256, 10, new Rng(0)))) {
            Checkpoint.load(checkpoint, model);                       // PyTorch's names: 0.weight, 0.bias, 2.weight, 2.bias
            try (Predictor predictor = Predictor.of(model, 1, 784)) { // planned once, for batch 1
                float[] scores = new float[predictor.outputSize()];
                predictor.predict(pixels, scores);                    // from any thread; no garbage per call
                return scores;
            }
        }
        // end README
    }

    @Test
    void readmeShowsTheCodeThatRuns() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/test/java/dev/gatun/serve/ServingExampleTest.java"));
        int from = source.indexOf("        // README: serving"), to = source.indexOf("        // end README");
        String tested = source.subList(from + 1, to).stream().map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("../docs/serving.md"));
        int section = readme.indexOf("# Serving a model");
        assertTrue(section >= 0, "docs/serving.md has its serving example");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String shown = readme.substring(start, readme.indexOf("```", start)).stripTrailing();
        assertEquals(tested, shown, "docs/serving.md's serving example is the code this test runs");
    }
}
