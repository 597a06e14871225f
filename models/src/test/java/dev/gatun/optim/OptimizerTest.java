package dev.gatun.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.nn.Parameter;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first steps of each optimizer against hand arithmetic. A single weight w starts at 1; its
 * gradient comes from a loss whose derivative is known: L = 0.5 w (g = 0.5, constant) or
 * L = w^2 / 2 (g = w).
 */
@SuppressWarnings("try") // scopes and NoGrad blocks act by being open, unreferenced
class OptimizerTest {
    private Backends.Using backend;
    private Scope params;
    private Parameter w;

    @BeforeEach
    void setUp() {
        backend = Backends.using(Backends.get("scalar"));
        params = Scope.detachedShared();
        w = new Parameter("w", Tensor.zeros(params, 1));
        w.value().fill(1f);
    }

    @AfterEach
    void tearDown() {
        params.close();
        backend.close();
    }

    /** Runs one step: zeroGrad, backward of loss(w), step, in a step scope; returns the new w. */
    private float step(Optimizer opt, Function<Var, Var> loss) {
        try (Scope step = Scope.confined()) {
            opt.zeroGrad();
            F.sum(loss.apply(w)).backward();
            opt.step();
        }
        return w.value().item();
    }

    private static Var constantHalf(Var w) {
        return F.mul(w, 0.5f); // dL/dw = 0.5
    }

    private static Var halfSquare(Var w) {
        return F.mul(F.square(w), 0.5f); // dL/dw = w
    }

    @Test
    void plainSgd() {
        SGD sgd = new SGD(List.of(w), 0.1f);
        // w = 1 - 0.1 * 1 = 0.9; then 0.9 - 0.1 * 0.9 = 0.81; then 0.81 * 0.9 = 0.729
        assertEquals(0.9f, step(sgd, OptimizerTest::halfSquare), 1e-7);
        assertEquals(0.81f, step(sgd, OptimizerTest::halfSquare), 1e-7);
        assertEquals(0.729f, step(sgd, OptimizerTest::halfSquare), 1e-7);
        assertEquals(3, sgd.stepCount());
    }

    @Test
    void sgdWithMomentum() {
        SGD sgd = new SGD(List.of(w), 0.1f, 0.9f, 0f, 0f, false);
        // g = 0.5. step 1: buf = g = 0.5,               w = 1 - 0.1 * 0.5 = 0.95
        //          step 2: buf = 0.9 * 0.5 + 0.5 = 0.95,  w = 0.95 - 0.095 = 0.855
        //          step 3: buf = 0.9 * 0.95 + 0.5 = 1.355, w = 0.855 - 0.1355 = 0.7195
        assertEquals(0.95f, step(sgd, OptimizerTest::constantHalf), 1e-6);
        assertEquals(0.855f, step(sgd, OptimizerTest::constantHalf), 1e-6);
        assertEquals(0.7195f, step(sgd, OptimizerTest::constantHalf), 1e-6);
    }

    @Test
    void sgdWithNesterovMomentum() {
        SGD sgd = new SGD(List.of(w), 0.1f, 0.9f, 0f, 0f, true);
        // g = 0.5. step 1: buf = 0.5,  d = g + 0.9 * buf = 0.95,  w = 1 - 0.095 = 0.905
        //          step 2: buf = 0.95, d = 0.5 + 0.855 = 1.355,   w = 0.905 - 0.1355 = 0.7695
        assertEquals(0.905f, step(sgd, OptimizerTest::constantHalf), 1e-6);
        assertEquals(0.7695f, step(sgd, OptimizerTest::constantHalf), 1e-6);
    }

    @Test
    void sgdWithWeightDecayAndDampening() {
        SGD decay = new SGD(List.of(w), 0.1f, 0f, 0f, 0.1f, false);
        // d = 0.5 + 0.1 w. step 1: d = 0.6, w = 0.94; step 2: d = 0.594, w = 0.94 - 0.0594 = 0.8806
        assertEquals(0.94f, step(decay, OptimizerTest::constantHalf), 1e-6);
        assertEquals(0.8806f, step(decay, OptimizerTest::constantHalf), 1e-6);
        w.value().fill(1f);
        SGD damped = new SGD(List.of(w), 0.1f, 0.9f, 0.5f, 0f, false);
        // step 1: buf = g = 0.5 (no dampening on the first step), w = 0.95
        // step 2: buf = 0.9 * 0.5 + (1 - 0.5) * 0.5 = 0.7, w = 0.95 - 0.07 = 0.88
        assertEquals(0.95f, step(damped, OptimizerTest::constantHalf), 1e-6);
        assertEquals(0.88f, step(damped, OptimizerTest::constantHalf), 1e-6);
    }

    @Test
    void adamFirstStepMovesByLearningRateTimesSign() {
        Adam adam = new Adam(List.of(w), 0.1f);
        // step 1: m = 0.1 g, v = 0.001 g^2; m / (1 - 0.9) = g, v / (1 - 0.999) = g^2:
        // w -= 0.1 * g / (|g| + 1e-8) = 0.1 * sign(g). With g = w = 1: w = 0.9
        assertEquals(0.9f, step(adam, OptimizerTest::halfSquare), 1e-6);
        // step 2, g = 0.9: m = 0.9 * 0.1 + 0.1 * 0.9 = 0.18, v = 0.999 * 0.001 + 0.001 * 0.81 = 0.001809
        // w -= 0.1 * (0.18 / (1 - 0.81)) / (sqrt(0.001809) / sqrt(1 - 0.998001) + 1e-8)
        double m2 = 0.18, v2 = 0.001809;
        double expected = 0.9 - 0.1 * (m2 / (1 - 0.81)) / (Math.sqrt(v2) / Math.sqrt(1 - 0.998001) + 1e-8);
        assertEquals(expected, step(adam, OptimizerTest::halfSquare), 1e-6);
        // a negative gradient moves up by lr on the first step: sign(g) = -1
        Parameter u = new Parameter("u", Tensor.zeros(params, 1));
        Adam other = new Adam(List.of(u), 0.01f);
        try (Scope s = Scope.confined()) {
            F.sum(F.mul(u, -3f)).backward();
            other.step();
        }
        assertEquals(0.01f, u.value().item(), 1e-8);
    }

    @Test
    void adamWithL2WeightDecayAddsItToTheGradient() {
        Adam adam = new Adam(List.of(w), 0.1f, 0.9f, 0.999f, 1e-8f, 0.5f);
        // g = 0.5 + 0.5 * 1 = 1 > 0: the first step is still lr * sign(g): w = 0.9
        assertEquals(0.9f, step(adam, OptimizerTest::constantHalf), 1e-6);
    }

    @Test
    void adamWDecaysTheWeightThenSteps() {
        AdamW adamw = new AdamW(List.of(w), 0.1f, 0.9f, 0.999f, 1e-8f, 0.1f);
        // g = 0.5 constant. step 1: w = 1 * (1 - 0.1 * 0.1) = 0.99, then - 0.1 * sign(g): 0.89
        // step 2: w = 0.89 * 0.99 = 0.8811; with a constant g, m/bc1 = g and v/bc2 = g^2: - 0.1 again: 0.7811
        assertEquals(0.89f, step(adamw, OptimizerTest::constantHalf), 1e-6);
        assertEquals(0.7811f, step(adamw, OptimizerTest::constantHalf), 1e-6);
        assertEquals(AdamW.DEFAULT_WEIGHT_DECAY, 0.01f);
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Parameter unused = new Parameter("unused", Tensor.zeros(params, 2));
        unused.value().fill(3f);
        Adam adam = new Adam(List.of(w, unused), 0.1f);
        step(adam, OptimizerTest::halfSquare);
        assertNull(unused.grad());
        assertEquals(3f, unused.value().get(0));
    }

    @Test
    void stateLivesInTheParametersScope() {
        Adam adam;
        try (Scope step = Scope.confined()) {
            adam = new Adam(List.of(w), 0.1f); // built inside a step scope, its state must not die with it
        }
        assertEquals(0.9f, step(adam, OptimizerTest::halfSquare), 1e-6);
    }

    @Test
    void gradientClippingByGlobalNorm() {
        Parameter a = new Parameter("a", Tensor.zeros(params, 2));
        Parameter b = new Parameter("b", Tensor.zeros(params, 1));
        try (Scope s = Scope.confined()) {
            // grads: a = [3, 0], b = [4]: global norm 5
            F.add(F.sum(F.mul(a, Var.constant(Tensor.of(new float[] {3, 0})))), F.sum(F.mul(b, 4f))).backward();
        }
        List<Parameter> both = List.of(a, b);
        assertEquals(5f, GradClip.clipGradNorm(both, 10f), 1e-6);
        assertEquals(3f, a.grad().get(0), "below the limit: unchanged");
        assertEquals(5f, GradClip.clipGradNorm(both, 1f), 1e-6, "returns the norm before clipping");
        // scaled by 1 / (5 + 1e-6): [0.6, 0], [0.8]
        assertEquals(0.6f, a.grad().get(0), 1e-6);
        assertEquals(0.8f, b.grad().get(0), 1e-6);
    }

    @Test
    void stepDecaySchedule() {
        SGD sgd = new SGD(List.of(w), 1f);
        StepDecay schedule = new StepDecay(sgd, 2, 0.5f);
        // epochs 1..5: 1, 0.5, 0.5, 0.25, 0.25 (halved every 2 epochs)
        float[] expected = {1f, 0.5f, 0.5f, 0.25f, 0.25f};
        for (float lr : expected) {
            assertEquals(lr, schedule.step(), 1e-7);
            assertEquals(lr, sgd.learningRate(), 1e-7);
        }
    }

    @Test
    void cosineAnnealingSchedule() {
        SGD sgd = new SGD(List.of(w), 1f);
        CosineAnnealing schedule = new CosineAnnealing(sgd, 4, 0.2f);
        // lr = 0.2 + 0.8 * (1 + cos(pi e / 4)) / 2
        for (int e = 1; e <= 4; e++) {
            assertEquals(0.2 + 0.8 * (1 + Math.cos(Math.PI * e / 4)) / 2, schedule.step(), 1e-6);
        }
        assertEquals(0.2f, schedule.step(), 1e-6, "stays at etaMin after tMax");
    }

    @Test
    void byName() {
        assertTrue(Optimizers.byName("sgd", List.of(w), 0.1f) instanceof SGD);
        assertEquals(0.9f, ((SGD) Optimizers.byName("momentum", List.of(w), 0.1f)).momentum());
        assertTrue(Optimizers.byName("nesterov", List.of(w), 0.1f) instanceof SGD);
        assertTrue(Optimizers.byName("adam", List.of(w), 0.1f) instanceof Adam);
        assertTrue(Optimizers.byName("AdamW", List.of(w), 0.1f) instanceof AdamW);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.byName("lbfgs", List.of(w), 0.1f));
        assertTrue(e.getMessage().contains("adamw"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w), -1f));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w), 0.1f, 0f, 0f, 0f, true));
    }
}
