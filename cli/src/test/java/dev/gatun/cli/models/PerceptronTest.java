package dev.gatun.cli.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.data.DataSets;
import dev.gatun.data.Dataset;
import dev.gatun.data.Split;
import dev.gatun.data.Synthetic;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PerceptronTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void neverPassesSeventyFivePercentOnXorAfterAnyEpoch(long seed) {
        Split xor = DataSets.load("xor", null, 0, seed);
        Perceptron p = new Perceptron(2, 2);
        int[] order = new int[xor.train().rows()];
        java.util.Arrays.setAll(order, i -> i);
        var rng = new dev.gatun.tensor.Rng(seed);
        for (int epoch = 0; epoch < 50; epoch++) {
            rng.shuffle(order);
            int mistakes = p.epoch(xor.train(), order, 0.5f);
            assertTrue(mistakes > 0, "the rule cannot converge on XOR");
            assertTrue(p.accuracy(xor.train()) <= 0.75, "epoch " + epoch + ": " + p.accuracy(xor.train()));
            assertTrue(p.accuracy(xor.validation()) <= 0.75);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void reachesHundredPercentOnLinearAndStops(long seed) {
        Split linear = DataSets.load("linear", null, 0.2, seed);
        TrainResult r = PerceptronTraining.train(new Perceptron(2, 2), linear, 100, 1f, seed, TrainListener.NONE);
        assertEquals(1.0, r.finalTrainAccuracy());
        assertEquals(0.0, r.finalTrainLoss());
        assertTrue(r.stoppedEarly(), "converged before the epoch budget: " + r.epochs());
        assertTrue(r.valAccuracy() >= 0.98, "validation " + r.valAccuracy());
    }

    @Test
    void ruleMovesTheWeightsByTheError() {
        // w = 0, b = 0; x = (1, 2), y = 1: yhat = step(0) = 0, so w += 0.5 * (1 - 0) * x = (0.5, 1), b = 0.5.
        Perceptron p = new Perceptron(2, 2);
        assertTrue(p.learn(new float[] {1, 2}, 1, 0.5f));
        assertEquals(java.util.List.of(0.5f, 1f), asList(p.weights().get("weight").values()));
        assertEquals(0.5f, p.weights().get("bias").values()[0]);
        // Now yhat = step(0.5 + 2 + 0.5) = 1 = y: nothing changes.
        assertTrue(!p.learn(new float[] {1, 2}, 1, 0.5f));
        // x = (2, 0), y = 0: yhat = step(1 + 0.5) = 1, so w -= 0.5 * x = (-0.5, 1), b = 0.
        assertTrue(p.learn(new float[] {2, 0}, 0, 0.5f));
        assertEquals(java.util.List.of(-0.5f, 1f), asList(p.weights().get("weight").values()));
        assertEquals(0f, p.weights().get("bias").values()[0]);
    }

    @Test
    void multiclassPerceptronSeparatesWellSpacedBlobs() {
        Dataset blobs = Synthetic.blobs(50, 3, 2, 0.3, 5);
        TrainResult r = PerceptronTraining.train(new Perceptron(2, 3), Split.random(blobs, 0.2, 1).standardized().split(),
                200, 1f, 1, TrainListener.NONE);
        assertEquals(3, r.weights().get("weight").shape()[0], "one weight row per class");
        assertTrue(r.finalTrainAccuracy() >= 0.95, "train accuracy " + r.finalTrainAccuracy());
    }

    private static java.util.List<Float> asList(float[] v) {
        java.util.List<Float> out = new java.util.ArrayList<>();
        for (float f : v) {
            out.add(f);
        }
        return out;
    }
}
