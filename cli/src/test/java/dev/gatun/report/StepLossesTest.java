package dev.gatun.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatun.cli.models.TrainConfig;
import dev.gatun.cli.models.Training;
import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepLossesTest {
    /** What the trainer reports: after each batch, the mean over the epoch's rows so far. */
    private static void epoch(TrainListener l, int epoch, int[] batchRows, double[] batchLoss) {
        double sum = 0;
        long rows = 0;
        for (int i = 0; i < batchRows.length; i++) {
            sum += batchLoss[i] * batchRows[i];
            rows += batchRows[i];
            l.step(epoch, rows, sum / rows);
        }
    }

    @Test
    void recoversEachBatchLossFromTheRunningMeansAtItsPositionInEpochs() {
        StepLosses steps = new StepLosses();
        steps.start("mlp", 2, 25);
        epoch(steps, 1, new int[] {10, 10, 5}, new double[] {2, 1, 4});
        epoch(steps, 2, new int[] {10, 10, 5}, new double[] {3, 0.5, 0.25});
        StepLosses.Series s = steps.points(100);
        assertEquals(6, steps.size());
        assertEquals(1, s.stepsPerPoint());
        assertArrayEquals(new double[] {0.4, 0.8, 1.0, 1.4, 1.8, 2.0}, s.x(), 1e-12);
        assertArrayEquals(new double[] {2, 1, 4, 3, 0.5, 0.25}, s.y(), 1e-12);
    }

    @Test
    void mergesManyStepsIntoRowWeightedMeans() {
        StepLosses steps = new StepLosses();
        steps.start("mlp", 1, 80);
        epoch(steps, 1, new int[] {10, 10, 10, 10, 30, 10}, new double[] {1, 3, 2, 4, 1, 5});
        StepLosses.Series s = steps.points(3);
        assertEquals(2, s.stepsPerPoint());
        assertArrayEquals(new double[] {0.25, 0.5, 1.0}, s.x(), 1e-12, "each point where its last step ends");
        assertArrayEquals(new double[] {2, 3, (1 * 30 + 5 * 10) / 40.0}, s.y(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> steps.points(0));
    }

    @Test
    void theTrainersStepsAddUpToItsEpochLosses() {
        // The contract StepLosses relies on: the trainer reports the running mean over the epoch's rows.
        StepLosses steps = new StepLosses();
        TrainResult r;
        try (Training.Run run = Training.run(TrainConfig.builder().model("mlp").data("spirals").hidden(16).epochs(3)
                .batch(32).patience(0).backend("java").threads(1).build(), steps)) {
            r = run.result();
        }
        long rows = r.history().get(0).samples();
        assertEquals(3 * ((rows + 31) / 32), steps.size(), "one point per mini-batch");
        StepLosses.Series s = steps.points(Integer.MAX_VALUE);
        double[] epochMean = new double[3];
        for (int i = 0; i < s.x().length; i++) {
            double previous = i == 0 ? 0 : s.x()[i - 1];
            int epoch = (int) Math.ceil(s.x()[i] - 1e-9); // the last step of epoch 1 is at 1.0
            epochMean[epoch - 1] += (s.x()[i] - previous) * s.y()[i]; // its share of the epoch's rows, times its loss
        }
        for (EpochMetrics m : r.history()) {
            assertEquals(m.trainLoss(), epochMean[m.epoch() - 1], 1e-9 * m.trainLoss(), "epoch " + m.epoch());
        }
    }

    @Test
    void passesEveryCallOnToTheListenerItWraps() {
        List<String> heard = new ArrayList<>();
        StepLosses steps = new StepLosses(new TrainListener() {
            @Override
            public void start(String model, int epochs, long rowsPerEpoch) {
                heard.add("start " + model + " " + epochs + " " + rowsPerEpoch);
            }

            @Override
            public void step(int epoch, long rowsDone, double loss) {
                heard.add("step " + epoch + " " + rowsDone + " " + loss);
            }

            @Override
            public void epoch(EpochMetrics m) {
                heard.add("epoch " + m.epoch());
            }

            @Override
            public void note(String message) {
                heard.add("note " + message);
            }
        });
        steps.start("lstm", 3, 8);
        steps.step(1, 8, 0.5);
        steps.epoch(new EpochMetrics(1, 0.5, Double.NaN, 0.4, Double.NaN, 8, 0.1));
        steps.note("threads 1");
        assertEquals(List.of("start lstm 3 8", "step 1 8 0.5", "epoch 1", "note threads 1"), heard);
    }
}
