package dev.gatun.serve;

import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.nn.Linear;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.tensor.Rng;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving from a checkpoint: a saved model is loaded into a freshly initialised
 * model and served by a {@link Predictor} with the same outputs as the trained model's forward.
 * (README.md's "Serving a model" program, a complete program, is compiled and run by the cli
 * module's {@code ReadmeProgramsTest}.)
 */
class ServingExampleTest {
    @TempDir
    Path dir;

    @Test
    void aSavedModelIsServedWithItsOwnOutputs() throws IOException {
        Path checkpoint = dir.resolve("mnist-mlp.safetensors");
        float[] pixels = PredictorTest.input(1, 784);
        try (Sequential trained = new Sequential(new Linear(784, 256, new Rng(7)), new ReLU(), new Linear(256, 10, new Rng(8)))) {
            Checkpoint.save(checkpoint, trained); // what a trainer, or PyTorch, would have written
            PredictorTest.assertClose(PredictorTest.forward(trained, pixels, 1, 784), serve(checkpoint, pixels));
        }
    }

    static float[] serve(Path checkpoint, float[] pixels) throws IOException {
        try (Sequential model = new Sequential(new Linear(784, 256, new Rng(0)), new ReLU(), new Linear(256, 10, new Rng(0)))) {
            Checkpoint.load(checkpoint, model);                       // PyTorch's names: 0.weight, 0.bias, 2.weight, 2.bias
            try (Predictor predictor = Predictor.of(model, 1, 784)) { // planned once, for batch 1
                float[] scores = new float[predictor.outputSize()];
                predictor.predict(pixels, scores);                    // from any thread; no garbage per call
                return scores;
            }
        }
    }
}
