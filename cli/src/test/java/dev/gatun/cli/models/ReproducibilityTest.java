package dev.gatun.cli.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One seed, one loss curve; and every backend draws (nearly) the same curve. */
class ReproducibilityTest {

    /** Records the running training loss after every step. */
    private static final class StepLosses implements TrainListener {
        final List<Double> losses = new ArrayList<>();

        @Override
        public void step(int epoch, long rowsDone, double loss) {
            losses.add(loss);
        }
    }

    private static double[] stepLosses(String backend, int steps, TrainConfig.Builder config) {
        StepLosses rec = new StepLosses();
        try (Training.Run run = Training.run(config.backend(backend).build(), rec)) {
            assertTrue(rec.losses.size() >= steps, "ran " + rec.losses.size() + " steps");
            return rec.losses.subList(0, steps).stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** 800 training rows in batches of 40: 20 steps per epoch, with dropout to exercise its seeded masks. */
    private static TrainConfig.Builder spirals() {
        return TrainConfig.builder().model("mlp").data("spirals").hidden(32, 32).dropout(0.1f).batch(40).epochs(2).seed(7);
    }

    private static TrainResult threeEpochs(String backend, long seed) {
        try (Training.Run run = Training.run(spirals().backend(backend).epochs(3).seed(seed).build(), TrainListener.NONE)) {
            return run.result();
        }
    }

    @Test
    void sameSeedSameLossCurveBitForBitOnTheScalarBackend() {
        TrainResult a = threeEpochs("scalar", 7), b = threeEpochs("scalar", 7);
        assertArrayEquals(a.trainLosses(), b.trainLosses(), "bit-identical per-epoch losses");
        assertEquals(a.valLoss(), b.valLoss());
        assertArrayEquals(a.weights().get("0.weight").values(), b.weights().get("0.weight").values());
        assertArrayEquals(stepLosses("scalar", 20, spirals()), stepLosses("scalar", 20, spirals()), "and per step");
    }

    /**
     * The java backend is bit-for-bit reproducible too: its kernels sum vector lanes in a fixed
     * order ({@code Lanes.sum}), not with {@code reduceLanes(ADD)}, whose order differs between
     * the interpreter and C2-compiled code.
     */
    @Test
    void sameSeedSameLossCurveBitForBitOnTheJavaBackend() {
        TrainResult a = threeEpochs("java", 7), b = threeEpochs("java", 7);
        double[] la = a.trainLosses();
        assertArrayEquals(la, b.trainLosses(), "bit-identical per-epoch losses");
        assertArrayEquals(stepLosses("java", 20, spirals()), stepLosses("java", 20, spirals()), "and per step");
        double[] otherSeed = threeEpochs("java", 8).trainLosses();
        assertTrue(Math.abs(otherSeed[2] - la[2]) > 1e-4 * la[2], "another seed, another curve: " + otherSeed[2] + " vs " + la[2]);
    }

    @Test
    void everyBackendFollowsTheScalarOraclesCurveOverTwentySteps() {
        double[] oracle = stepLosses("scalar", 20, spirals());
        List<String> ran = new ArrayList<>();
        for (Backend b : Backends.available()) {
            double[] curve = stepLosses(b.name(), 20, spirals());
            for (int i = 0; i < 20; i++) {
                // float32 sums in another order drift a little each step; 1e-3 relative is far below any real bug
                assertEquals(oracle[i], curve[i], 1e-3 * Math.abs(oracle[i]) + 1e-5, b.name() + " step " + (i + 1));
            }
            ran.add(b.name());
        }
        assertTrue(ran.contains("java") && ran.contains("scalar"), "ran on " + ran);
    }
}
