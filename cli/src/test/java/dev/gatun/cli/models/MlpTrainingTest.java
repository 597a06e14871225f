package dev.gatun.cli.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The course's claims, end to end: a hidden layer fits XOR and the spirals; one layer cannot fit XOR. */
class MlpTrainingTest {

    private static TrainResult run(TrainConfig config) {
        try (Training.Run run = Training.run(config, TrainListener.NONE)) {
            return run.result();
        }
    }

    @Test
    void mlpFitsXorExactly() {
        TrainResult r = run(TrainConfig.builder().model("mlp").data("xor").hidden(8).activation("tanh").epochs(60).batch(16)
                .lr(0.05f).patience(0).backend("java").build());
        assertEquals(1.0, r.valAccuracy(), "all 4 corners");
        assertEquals(1.0, r.finalTrainAccuracy());
    }

    @Test
    void mlpReachesNinetySevenPercentOnTheSpirals() {
        TrainResult r = run(TrainConfig.builder().model("mlp").data("spirals").epochs(60).backend("java").build());
        assertTrue(r.valAccuracy() >= 0.97, "validation accuracy " + r.valAccuracy());
        assertEquals("mlp 2-64-64-2 relu", r.model());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"), List.copyOf(r.weights().keySet()));
        assertArrayEquals(new int[] {64, 2}, r.weights().get("0.weight").shape(), "PyTorch layout [out, in]");
    }

    @Test
    void logisticRegressionDrawsOneLine() {
        TrainResult linear = run(TrainConfig.builder().model("logreg").data("linear").epochs(30).backend("java").build());
        assertTrue(linear.valAccuracy() >= 0.98, "separable data: " + linear.valAccuracy());
        assertEquals("logreg 2-1 sigmoid", linear.model());
        TrainResult xor = run(TrainConfig.builder().model("logreg").data("xor").epochs(30).patience(0).backend("java").build());
        assertTrue(xor.valAccuracy() <= 0.75, "a line gets at most 3 of 4 XOR corners: " + xor.valAccuracy());
        TrainResult blobs = run(TrainConfig.builder().model("logreg").data("blobs").epochs(30).backend("java").build());
        assertEquals("logreg 2-3 softmax", blobs.model());
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsWeights() {
        // A large learning rate makes the validation loss wander, so patience 2 stops the run early.
        TrainResult r = run(TrainConfig.builder().model("mlp").data("moons").hidden(32).lr(0.2f).epochs(60).patience(2)
                .backend("java").build());
        assertTrue(r.stoppedEarly(), "stopped after " + r.epochs() + " epochs");
        assertEquals(r.bestEpoch() + 2, r.epochs(), "stops exactly `patience` epochs after the best");
        EpochMetrics best = r.history().get(r.bestEpoch() - 1);
        for (EpochMetrics m : r.history()) {
            assertTrue(m.valLoss() >= best.valLoss(), "epoch " + m.epoch() + " beat the 'best'");
        }
        assertEquals(best.valLoss(), r.valLoss(), 1e-6, "the final model is the best epoch's");
        assertEquals(best.valAccuracy(), r.valAccuracy(), 1e-9);
    }

    @Test
    void everyLossAndOptimizerTrainsAnMlp() {
        for (String loss : List.of("cross_entropy", "mse", "mae", "hinge", "bce", "multi_margin")) {
            TrainResult r = run(TrainConfig.builder().data("moons").hidden(16).loss(loss).epochs(15).backend("java").build());
            assertTrue(r.valAccuracy() >= 0.85, loss + ": " + r.valAccuracy());
        }
        for (String opt : List.of("sgd", "momentum", "adamw")) {
            TrainResult r = run(TrainConfig.builder().data("moons").hidden(16).optimizer(opt).l1(1e-5f).l2(1e-4f)
                    .dropout(0.1f).epochs(15).backend("java").build());
            assertTrue(r.valAccuracy() >= 0.85, opt + ": " + r.valAccuracy());
        }
    }
}
