package dev.gatun.cli.models;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatun.backend.Backends;
import dev.gatun.data.MnistFiles;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The models learn what they are for, on the default backend, measured on held-out data:
 * accuracy targets, not times. (The cnn on glyphs and the character model are checked through
 * the command line, in {@code TrainModelsCommandTest}.)
 */
class ModelLearningTest {
    private static int threadsBefore;

    /**
     * One thread: these small models are dominated by per-op overhead, and with two OpenMP
     * threads spin-waiting on a busy 2-core machine oneDNN's steps were measured 10x slower.
     */
    @BeforeAll
    static void oneThread() {
        threadsBefore = Backends.threads();
        Backends.setThreads(1);
    }

    @AfterAll
    static void restoreThreads() {
        Backends.setThreads(threadsBefore);
    }

    private static TrainResult train(TrainConfig.Builder config) {
        try (Training.Run run = Training.run(config.build(), TrainListener.NONE)) {
            return run.result();
        }
    }

    @Test
    void transformerReversesSequencesOfSixteen() {
        TrainResult r = train(Models.get("transformer").defaults().epochs(1));
        double accuracy = r.metrics().get("val_token_accuracy");
        assertTrue(accuracy >= 0.99, "token accuracy " + accuracy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void recurrentNetsForecastTenTimesBetterThanRepeatingTheLastValue(String kind) {
        TrainResult r = train(Models.get(kind).defaults().epochs(4));
        double ratio = r.metrics().get("val_mse_ratio_to_last_value");
        assertTrue(ratio <= 0.1, kind + ": val MSE " + r.metrics().get("val_mse") + " is " + ratio + " of the last value's");
    }

    /**
     * Fashion-MNIST from Debian's dataset-fashion-mnist package, which CI installs (.ci/run):
     * skipped only where it is absent outside CI.
     */
    @Test
    void cnnReachesEightyNinePercentOnFashionMnistInThreeEpochs() {
        boolean present = MnistFiles.present(MnistFiles.DEBIAN_FASHION_MNIST);
        assumeTrue(present || System.getenv("CI") != null, "dataset-fashion-mnist is not installed (apt-get install "
                + "dataset-fashion-mnist); CI installs it");
        TrainResult r = train(Models.get("cnn").defaults().data("fashion-mnist").epochs(3));
        assertTrue(r.valAccuracy() >= 0.89, "test accuracy " + r.valAccuracy());
    }
}
