package dev.gatun.cli.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.data.CharCorpus;
import dev.gatun.data.Glyphs;
import dev.gatun.data.Reversal;
import dev.gatun.data.SineWaves;
import dev.gatun.data.Split;
import dev.gatun.data.TokenSequences;
import dev.gatun.nn.Module;
import dev.gatun.nn.TokenTransformer;
import dev.gatun.train.Head;
import dev.gatun.train.TrainListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every new model trains on every backend that loads, and each backend's per-step losses follow
 * the scalar oracle's over the first steps: small models, tiny data, one epoch of a few steps.
 */
class ModelBackendsTest {
    private static final int STEPS = 6;
    private static final Split GLYPHS = new Split(Glyphs.generate("glyphs", 16 * STEPS, 1), Glyphs.generate("glyphs", 10, 2));
    private static final Split SINE = Split.random(SineWaves.generate(16 * STEPS + 16, 16, 1), 0.15, 2);
    private static final TokenSequences.Split REVERSE = Reversal.split(16 * STEPS, 16, 8, 1);
    private static final TokenSequences.Split TEXT = CharCorpus.of("text", CharCorpus.load(CharCorpus.EMBEDDED, 16, 16, 0.1)
            .text().substring(0, 2200), 16, 16, 0.1).split();

    /** Records the running mean loss after every step. */
    private static final class StepLosses implements TrainListener {
        final List<Double> losses = new ArrayList<>();

        @Override
        public void step(int epoch, long rowsDone, double loss) {
            losses.add(loss);
        }
    }

    private static TrainConfig config(String model) {
        return TrainConfig.builder().model(model).hidden(8).batch(16).epochs(1).lr(0.01f).patience(0).seed(3).build();
    }

    /** Trains {@code model} on the current backend and returns its step losses. */
    private static double[] train(String model) {
        StepLosses rec = new StepLosses();
        TrainConfig c = config(model);
        Networks.Seeds seeds = Networks.Seeds.of(c.seed());
        switch (model) {
            case "cnn" -> {
                Head head = Head.forTask(GLYPHS.train(), null);
                Networks.fit("cnn", CnnKind.network(28, new int[] {4, 8}, CnnKind.FC, 10, 0f, seeds), head, c, 1, GLYPHS, seeds, rec)
                        .release().run();
            }
            case "rnn", "lstm", "gru" -> {
                Head head = Head.forTask(SINE.train(), null);
                Networks.fit(model, new RecurrentModels.Forecaster(model, 8, 2, seeds.init()), head, c, 1, SINE, seeds, rec)
                        .release().run();
            }
            case "transformer" -> token(new TokenTransformer(10, 8, 2, 2, 16, 8, false, "relu", 0f, seeds.init()), c,
                    REVERSE, rec);
            case "char-transformer" -> token(TokenTransformer.languageModel(TEXT.train().vocabSize(), 8, 2, 1, 16, 0f,
                    seeds.init()), c, TEXT, rec);
            case "char-lstm" -> token(new RecurrentModels.CharacterModel("lstm", TEXT.train().vocabSize(), 8, 1,
                    seeds.init()), c, TEXT, rec);
            default -> throw new IllegalArgumentException(model);
        }
        assertTrue(rec.losses.size() >= STEPS, model + " ran " + rec.losses.size() + " steps");
        return rec.losses.subList(0, STEPS).stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void token(Module model, TrainConfig c, TokenSequences.Split data, TrainListener rec) {
        try (model) {
            TokenTasks.fit("tokens", model, c, 1, data, rec);
        }
    }

    private static double[] on(String backend, Function<String, double[]> run, String model) {
        try (var _ = Backends.using(Backends.get(backend))) {
            return run.apply(model);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "rnn", "lstm", "gru", "transformer", "char-transformer", "char-lstm"})
    void everyBackendFollowsTheOraclesLossCurve(String model) {
        double[] oracle = on("scalar", ModelBackendsTest::train, model);
        assertTrue(oracle[STEPS - 1] < oracle[0] * 1.5, model + " trains: " + java.util.Arrays.toString(oracle));
        List<String> ran = new ArrayList<>();
        for (Backend b : Backends.available()) {
            double[] curve = on(b.name(), ModelBackendsTest::train, model);
            for (int i = 0; i < STEPS; i++) {
                // float32 sums in another order drift a little each step; 1e-3 relative is far below any real bug
                assertEquals(oracle[i], curve[i], 1e-3 * Math.abs(oracle[i]) + 1e-5, model + " on " + b.name() + ", step " + (i + 1));
            }
            ran.add(b.name());
        }
        assertTrue(ran.stream().anyMatch(n -> !n.equals("scalar")), "a backend other than the oracle ran: " + ran);
    }
}
