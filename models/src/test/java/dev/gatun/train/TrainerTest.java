package dev.gatun.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Backends;
import dev.gatun.data.Dataset;
import dev.gatun.data.Synthetic;
import dev.gatun.data.TokenSequences;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.Parameter;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.Tanh;
import dev.gatun.nn.loss.Penalty;
import dev.gatun.optim.SGD;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one training loop: penalties, clipping, schedules, accumulation, gradient listeners, early stopping, NaN guard. */
class TrainerTest {
    private Backends.Using using;

    @BeforeEach
    void javaBackend() {
        using = Backends.using(Backends.get("java"));
    }

    @AfterEach
    void restore() {
        using.close();
    }

    private static Sequential net(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(2, 8, rng), new Tanh(), new Linear(8, 2, rng));
    }

    private static final Dataset MOONS = Synthetic.moons(16, 0.1, 3); // 32 rows
    private static final Head HEAD = Head.forTask(MOONS, null);

    /** Each parameter's gradient at each update, copied. */
    private static final class Gradients implements TrainStep.GradientListener {
        final List<List<float[]>> updates = new ArrayList<>();
        final List<Long> numbers = new ArrayList<>();

        @Override
        public void gradients(long update, List<Parameter> parameters) {
            numbers.add(update);
            updates.add(parameters.stream().map(p -> p.grad().toArray()).toList());
        }
    }

    private static TrainResult fit(Module model, float lr, Consumer<Trainer.Builder> settings, Dataset train,
                                   Dataset validation, TrainListener listener) {
        Trainer.Builder b = Trainer.builder(model, HEAD.loss(), new SGD(model.parameters(), lr)).epochs(1).batch(32);
        settings.accept(b);
        try (Examples t = Examples.of(train, HEAD); Examples v = Examples.of(validation, HEAD)) {
            return b.build().fit("test", t, v, listener);
        }
    }

    private static Dataset none() {
        return MOONS.subset("empty", new int[0]);
    }

    @Test
    void accumulatedMicroBatchesGiveTheGradientOfOneBigBatch() {
        Gradients big = new Gradients(), small = new Gradients();
        try (Module a = net(1); Module b = net(1)) {
            fit(a, 0.1f, s -> s.gradientListener(big), MOONS, none(), TrainListener.NONE);
            // 32 rows in batches of 10, 10, 10, 2: one update of unequal micro-batches
            fit(b, 0.1f, s -> s.batch(10).accumulate(4).gradientListener(small), MOONS, none(), TrainListener.NONE);
            assertEquals(1, big.updates.size());
            assertEquals(1, small.updates.size(), "four batches, one update");
            for (int p = 0; p < 4; p++) {
                float[] g = big.updates.get(0).get(p), h = small.updates.get(0).get(p);
                for (int i = 0; i < g.length; i++) {
                    assertEquals(g[i], h[i], 1e-5f, "parameter " + p + " element " + i);
                }
            }
            assertStateEquals(a, b, 1e-5f);
        }
    }

    @Test
    void withoutAccumulationEveryBatchIsAnUpdateAndListenersHearEach() {
        Gradients g = new Gradients();
        try (Module m = net(1)) {
            fit(m, 0.1f, s -> s.batch(8).epochs(2).gradientListener(g).shuffle(new Rng(2)), MOONS, none(), TrainListener.NONE);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), g.numbers);
        }
    }

    @Test
    void aGradientListenerCanChangeTheGradientsBeforeTheUpdate() {
        try (Module m = net(1); Module original = net(1)) {
            TrainStep.GradientListener zero = (u, params) -> params.forEach(p -> p.grad().fill(0f));
            fit(m, 0.5f, s -> s.batch(8).gradientListener(zero), MOONS, none(), TrainListener.NONE);
            assertStateEquals(original, m, 0f); // SGD of zero gradients changes nothing
        }
    }

    @Test
    void l2PenaltyAddsTwiceLambdaTimesTheWeightsToTheirGradients() {
        Gradients plain = new Gradients(), penalized = new Gradients();
        float lambda = 0.25f;
        try (Module a = net(4); Module b = net(4)) {
            fit(a, 0.1f, s -> s.gradientListener(plain), MOONS, none(), TrainListener.NONE);
            fit(b, 0.1f, s -> s.gradientListener(penalized).penalties(List.of(Penalty.l2(lambda, false))), MOONS, none(),
                    TrainListener.NONE);
            List<Parameter> params = net(4).parameters(); // the initial weights
            for (int p = 0; p < params.size(); p++) {
                float[] w = params.get(p).value().toArray();
                float[] g0 = plain.updates.get(0).get(p), g1 = penalized.updates.get(0).get(p);
                boolean weight = params.get(p).rank() >= 2;
                for (int i = 0; i < w.length; i++) {
                    assertEquals(g0[i] + (weight ? 2 * lambda * w[i] : 0f), g1[i], 1e-5f, "parameter " + p);
                }
            }
        }
    }

    @Test
    void l1PenaltyAddsLambdaTimesTheSign() {
        Gradients plain = new Gradients(), penalized = new Gradients();
        try (Module a = net(4); Module b = net(4)) {
            fit(a, 0.1f, s -> s.gradientListener(plain), MOONS, none(), TrainListener.NONE);
            fit(b, 0.1f, s -> s.gradientListener(penalized).penalties(List.of(Penalty.l1(0.5f, false))), MOONS, none(),
                    TrainListener.NONE);
            float[] w = net(4).parameters().get(0).value().toArray();
            float[] g0 = plain.updates.get(0).get(0), g1 = penalized.updates.get(0).get(0);
            for (int i = 0; i < w.length; i++) {
                assertEquals(g0[i] + 0.5f * Math.signum(w[i]), g1[i], 1e-5f);
            }
        }
    }

    @Test
    void clippingScalesTheUpdateToTheMaximumNorm() {
        Gradients raw = new Gradients();
        try (Module m = net(5); Module before = net(5)) {
            float lr = 1f, clip = 1e-3f;
            fit(m, lr, s -> s.clipNorm(clip).gradientListener(raw), MOONS, none(), TrainListener.NONE);
            double rawNorm = 0, stepNorm = 0;
            for (int p = 0; p < 4; p++) {
                float[] g = raw.updates.get(0).get(p);
                float[] w0 = before.parameters().get(p).value().toArray(), w1 = m.parameters().get(p).value().toArray();
                for (int i = 0; i < g.length; i++) {
                    rawNorm += g[i] * g[i];
                    stepNorm += (w0[i] - w1[i]) * (w0[i] - w1[i]);
                }
            }
            assertTrue(Math.sqrt(rawNorm) > 10 * clip, "the listener sees the gradients before clipping");
            assertEquals(clip, Math.sqrt(stepNorm) / lr, clip * 1e-2, "the update of SGD with lr 1 is the clipped gradient");
        }
    }

    @Test
    void schedulesSetTheRateOfEachEpoch() {
        for (String spec : new String[] {"cosine", "step:2:0.1", "none"}) {
            try (Module m = net(1)) {
                SGD sgd = new SGD(m.parameters(), 0.4f);
                List<Float> rates = new ArrayList<>();
                TrainListener record = new TrainListener() {
                    @Override
                    public void step(int epoch, long rowsDone, double loss) {
                        if (rowsDone == 32) {
                            rates.add(sgd.learningRate());
                        }
                    }
                };
                Trainer t = Trainer.builder(m, HEAD.loss(), sgd).epochs(4).batch(32).schedule(LrSchedules.parse(spec, 4)).build();
                try (Examples e = Examples.of(MOONS, HEAD); Examples v = Examples.of(none(), HEAD)) {
                    t.fit(spec, e, v, record);
                }
                float[] expected = switch (spec) {
                    case "cosine" -> new float[] {0.4f, 0.2f * (1 + (float) Math.cos(Math.PI / 4)), 0.2f,
                            0.2f * (1 + (float) Math.cos(3 * Math.PI / 4))};
                    case "step:2:0.1" -> new float[] {0.4f, 0.4f, 0.04f, 0.04f};
                    default -> new float[] {0.4f, 0.4f, 0.4f, 0.4f};
                };
                for (int e = 0; e < 4; e++) {
                    assertEquals(expected[e], rates.get(e), 1e-6f, spec + " epoch " + (e + 1));
                }
            }
        }
    }

    @Test
    void badSchedulesAreRejectedWithTheForms() {
        for (String bad : new String[] {"linear", "step", "step:0", "step:2:-1", "cosine:x", "cosine:1:2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LrSchedules.parse(bad, 10), bad);
            assertTrue(e.getMessage().contains("step:N[:GAMMA]"), e.getMessage());
        }
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsWeights() {
        // validation = the training rows with every label flipped: each epoch of learning makes it worse
        int[] flipped = new int[MOONS.rows()];
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = 1 - MOONS.label(i);
        }
        Dataset opposite = Dataset.classification("opposite", MOONS.features(), 2, flipped, 2);
        List<float[]> firstEpoch = new ArrayList<>();
        try (Module m = net(6)) {
            TrainListener keep = new TrainListener() {
                @Override
                public void epoch(EpochMetrics metrics) {
                    if (metrics.epoch() == 1) {
                        m.parameters().forEach(p -> firstEpoch.add(p.value().toArray()));
                    }
                }
            };
            TrainResult r = fit(m, 0.5f, s -> s.epochs(20).batch(8).patience(3), MOONS, opposite, keep);
            assertEquals(1, r.bestEpoch());
            assertEquals(4, r.epochs(), "stops 3 epochs after the best");
            assertTrue(r.stoppedEarly());
            for (int p = 0; p < firstEpoch.size(); p++) {
                assertArrayEquals(firstEpoch.get(p), m.parameters().get(p).value().toArray(), "restored parameter " + p);
            }
            assertEquals(r.history().getFirst().valLoss(), r.valLoss(), 1e-6, "the result is the restored model's");
        }
    }

    @Test
    void earlyStoppingPutsBackBatchNormStatisticsWithTheWeights() {
        Rng rng = new Rng(8);
        try (Module m = new Sequential(new dev.gatun.nn.Conv2d(1, 2, 3, dev.gatun.backend.Conv2dParams.of(1, 1), rng),
                new dev.gatun.nn.BatchNorm2d(2))) {
            m.stateDict().values().forEach(t -> t.fill(1f));
            EarlyStopping stopping = new EarlyStopping(m, 1, true);
            assertFalse(stopping.stopAfter(new EpochMetrics(1, 1, 0, 0.5, 0, 8, 1), 5));
            m.stateDict().values().forEach(t -> t.fill(2f)); // a worse epoch moves weights and running statistics
            assertTrue(stopping.stopAfter(new EpochMetrics(2, 1, 0, 0.9, 0, 8, 1), 5));
            List<String> notes = new ArrayList<>();
            stopping.restoreBest(new TrainListener() {
                @Override
                public void note(String message) {
                    notes.add(message);
                }
            });
            m.stateDict().forEach((name, t) -> assertArrayEquals(new float[(int) t.numel()], minus(t.toArray(), 1f), name));
            assertTrue(m.stateDict().containsKey("1.running_mean"));
            assertTrue(notes.getFirst().contains("restored the weights of epoch 1"), notes.toString());
        }
    }

    private static float[] minus(float[] v, float c) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= c;
        }
        return out;
    }

    @Test
    void theNanGuardStopsAtTheFirstBadStepAndWithoutItTheEpochEndCatchesIt() {
        float[] x = MOONS.features();
        x[5] = Float.NaN;
        Dataset poisoned = Dataset.classification("poisoned", x, 2, labels(MOONS), 2);
        try (Module m = net(7)) {
            NonFiniteException e = assertThrows(NonFiniteException.class,
                    () -> fit(m, 0.1f, s -> s.batch(8).stopOnNonFinite(true), poisoned, none(), TrainListener.NONE));
            assertEquals(1, e.step());
            assertTrue(e.where().contains("input batch"), e.getMessage());
        }
        try (Module m = net(7)) {
            ArithmeticException e = assertThrows(ArithmeticException.class,
                    () -> fit(m, 0.1f, s -> s.batch(8), poisoned, none(), TrainListener.NONE));
            assertFalse(e instanceof NonFiniteException);
            assertTrue(e.getMessage().contains("epoch 1"), e.getMessage());
        }
    }

    @Test
    void theSameSeedGivesTheSameLossesAndShufflingChangesThem() {
        try (Module a = net(1); Module b = net(1); Module c = net(1)) {
            TrainResult ra = fit(a, 0.1f, s -> s.batch(8).epochs(3).shuffle(new Rng(9)), MOONS, MOONS, TrainListener.NONE);
            TrainResult rb = fit(b, 0.1f, s -> s.batch(8).epochs(3).shuffle(new Rng(9)), MOONS, MOONS, TrainListener.NONE);
            TrainResult rc = fit(c, 0.1f, s -> s.batch(8).epochs(3), MOONS, MOONS, TrainListener.NONE);
            assertArrayEquals(ra.trainLosses(), rb.trainLosses());
            assertNotEquals(ra.trainLosses()[2], rc.trainLosses()[2]);
        }
    }

    /** A Linear that records the first feature of every row it is trained on, batch by batch. */
    private static final class Recording extends Module {
        final List<float[]> batches = new ArrayList<>();
        private final Linear linear = child("linear", new Linear(2, 2, new Rng(1)));

        @Override
        public dev.gatun.autograd.Var forward(dev.gatun.autograd.Var x) {
            if (isTraining()) {
                Tensor v = x.value();
                float[] first = new float[v.dim(0)];
                for (int i = 0; i < first.length; i++) {
                    first[i] = v.get(i, 0);
                }
                batches.add(first);
            }
            return linear.forward(x);
        }
    }

    @Test
    void batchesCoverEveryRowOncePerEpochInSeededOrder() {
        float[] x = new float[40];
        for (int i = 0; i < 20; i++) {
            x[2 * i] = i; // row i's first feature names it
        }
        int[] y = new int[20];
        Dataset d = Dataset.classification("rows", x, 2, y, 2);
        List<List<float[]>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (Recording m = new Recording()) {
                fit(m, 0.1f, s -> s.batch(8).epochs(3).shuffle(new Rng(1)), d, none(), TrainListener.NONE);
                runs.add(m.batches);
            }
        }
        List<float[]> a = runs.get(0), b = runs.get(1);
        assertEquals(9, a.size());
        for (int epoch = 0; epoch < 3; epoch++) {
            java.util.Set<Float> seen = new java.util.HashSet<>();
            for (int i = 0; i < 3; i++) {
                float[] batch = a.get(3 * epoch + i);
                assertEquals(i < 2 ? 8 : 4, batch.length);
                for (float r : batch) {
                    assertTrue(seen.add(r), "row " + r + " twice in epoch " + epoch);
                }
                assertArrayEquals(batch, b.get(3 * epoch + i), "same seed, same batches");
            }
            assertEquals(20, seen.size());
        }
        assertFalse(java.util.Arrays.equals(a.get(0), a.get(3)), "each epoch is reshuffled");
    }

    @Test
    void gatheredBatchesHoldTheShuffledRowsAndTheirLabels() {
        try (Examples e = Examples.of(MOONS, HEAD); Scope s = Scope.confined()) {
            int[] order = {7, 3, 30, 0, 12};
            Tensor x = Tensor.zeros(s, 3, 2), y = Tensor.zeros(s, 3);
            int[] labels = new int[3];
            e.gather(order, 1, 4, x, y, labels);
            for (int i = 0; i < 3; i++) {
                int r = order[1 + i];
                assertArrayEquals(MOONS.row(r), new float[] {x.get(i, 0), x.get(i, 1)});
                assertEquals(MOONS.label(r), labels[i]);
                assertEquals(MOONS.label(r), y.get(i), 0f);
            }
        }
    }

    @Test
    void tokenSequencesTrainPerPosition() {
        // identity over 4 tokens: the target at each position is the input there
        Rng rng = new Rng(3);
        int rows = 64, len = 5;
        int[] ids = new int[rows * len];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(4);
        }
        TokenSequences data = new TokenSequences("copy", ids, ids.clone(), rows, len, new int[] {'a', 'b', 'c', 'd'});
        try (Module m = new Sequential(new dev.gatun.nn.Embedding(4, 8, rng), new Linear(8, 4, rng));
             Examples e = Examples.of(data)) {
            Trainer t = Trainer.builder(m, new dev.gatun.nn.loss.CrossEntropyLoss(), new dev.gatun.optim.Adam(m.parameters(), 0.05f))
                    .perPosition(true).epochs(15).batch(16).shuffle(new Rng(1)).clipNorm(1f).build();
            TrainResult r = t.fit("copy", e, e, TrainListener.NONE);
            assertEquals(1.0, r.valAccuracy(), 1e-9, "every token copied");
            int[] predicted = t.predict(e);
            assertArrayEquals(ids, predicted);
        }
    }

    private static int[] labels(Dataset d) {
        int[] y = new int[d.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = d.label(i);
        }
        return y;
    }

    static void assertStateEquals(Module a, Module b, float tolerance) {
        Map<String, Tensor> sa = a.stateDict(), sb = b.stateDict();
        assertEquals(sa.keySet(), sb.keySet());
        sa.forEach((name, t) -> {
            float[] u = t.toArray(), v = sb.get(name).toArray();
            for (int i = 0; i < u.length; i++) {
                assertEquals(u[i], v[i], tolerance, name + "[" + i + "]");
            }
        });
    }
}
