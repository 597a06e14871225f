package dev.gatun.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.data.Dataset;
import dev.gatun.data.Split;
import dev.gatun.data.Synthetic;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.optim.SGD;
import dev.gatun.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The trainer's {@code --stop-on-nan}: the first bad step is named, with the layer or parameter. */
class NonFiniteGuardTest {

    /** log(x): NaN for the negative outputs of the Linear layer before it. */
    static final class Log extends Module {
        @Override
        public Var forward(Var x) {
            return F.log(x);
        }
    }

    private static TrainResult train(Module model, float lr, boolean stop) {
        Dataset moons = Synthetic.moons(64, 0.1, 3);
        try (var _ = Backends.using(Backends.get("java"))) {
            Head head = Head.forTask(moons, null);
            Trainer t = Trainer.builder(model, head.loss(), new SGD(model.parameters(), lr)).stopOnNonFinite(stop)
                    .epochs(3).batch(16).shuffle(new Rng(5)).build();
            Split split = Split.random(moons, 0.25, 1);
            try (Examples train = Examples.of(split.train(), head); Examples val = Examples.of(split.validation(), head)) {
                return t.fit("guard", train, val, TrainListener.NONE);
            }
        }
    }

    @Test
    void namesTheFirstLayerWhoseOutputIsNotFinite() {
        Rng rng = new Rng(1);
        try (Module model = new Sequential(new Sequential(new Linear(2, 8, rng), new Log()), new ReLU(), new Linear(8, 2, rng))) {
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> train(model, 0.1f, true));
            assertEquals(1, e.step(), "the very first step's forward pass produces NaN");
            assertEquals("layer '0.1' (Log)", e.where(), e.getMessage());
            assertTrue(e.getMessage().startsWith("non-finite value at step 1 (epoch 1): layer '0.1' (Log) output"), e.getMessage());
        }
    }

    @Test
    void namesTheParameterAnExplodingUpdateBroke() {
        Rng rng = new Rng(2);
        try (Module model = new Sequential(new Linear(2, 16, rng), new ReLU(), new Linear(16, 2, rng))) {
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> train(model, 1e38f, true));
            // Huge but finite weights may overflow in the next forward pass before any weight is infinite.
            assertTrue(e.where().matches("(parameter|gradient of|layer) '\\d\\.?\\w*'.*"), e.getMessage());
            assertTrue(e.step() <= 3, "found within the first steps, not at the end of the epoch: " + e.getMessage());
        }
    }

    @Test
    void withoutTheOptionTheDivergenceIsReportedAtTheEndOfTheEpoch() {
        Rng rng = new Rng(2);
        try (Module model = new Sequential(new Linear(2, 16, rng), new ReLU(), new Linear(16, 2, rng))) {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> train(model, 1e38f, false));
            assertTrue(!(e instanceof NonFiniteException) && e.getMessage().contains("in epoch 1"), e.getMessage());
        }
    }

    @Test
    void aHealthyRunIsUntouched() {
        Rng rng = new Rng(3);
        try (Module model = new Sequential(new Linear(2, 16, rng), new ReLU(), new Linear(16, 2, rng))) {
            TrainResult r = train(model, 0.1f, true);
            assertEquals(3, r.epochs());
            assertTrue(Double.isFinite(r.valLoss()));
        }
    }
}
