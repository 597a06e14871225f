package dev.gatun.nn.loss;

import static dev.gatun.autograd.FiniteDifferences.awayFromZero;
import static dev.gatun.autograd.FiniteDifferences.check;
import static dev.gatun.autograd.FiniteDifferences.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.FiniteDifferences;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each loss's gradient by finite differences, hand-computed values for MSE and cross-entropy. */
class LossTest {
    private final Rng rng = new Rng(5);
    private Backends.Using backend;

    @BeforeEach
    void oracle() {
        backend = Backends.using(Backends.get("scalar"));
    }

    @AfterEach
    void restore() {
        backend.close();
    }

    private static Tensor classes(float... indices) {
        return Tensor.of(indices);
    }

    @Test
    void mseByHand() {
        // residuals r = out - target = [1 - 1.5, 2 - 2, 3 - 1] = [-0.5, 0, 2]
        // loss = (0.25 + 0 + 4) / 3; d/d out = 2 r / 3 = [-1/3, 0, 4/3]
        Var out = Var.leaf(Tensor.of(new float[] {1, 2, 3}, 3, 1), true);
        Var loss = new MSELoss().forward(out, Tensor.of(new float[] {1.5f, 2, 1})); // [N] target for [N,1]
        assertEquals(4.25 / 3, loss.item(), 1e-6);
        loss.backward();
        FiniteDifferences.assertClose(new float[] {-1f / 3, 0, 4f / 3}, out.grad().toArray(), 1e-6, "mse grad");
        // SUM: 0.25 + 0 + 4
        assertEquals(4.25, new MSELoss(Reduction.SUM).forward(out, Tensor.of(new float[] {1.5f, 2, 1}, 3, 1)).item(), 1e-6);
    }

    @Test
    void crossEntropyByHand() {
        // row 0: logits [0, 0, ln 2] -> softmax [1/4, 1/4, 1/2], class 2: loss ln 2, grad p - onehot = [1/4, 1/4, -1/2]
        // row 1: same logits, class 0: loss -ln(1/4) = ln 4 = 2 ln 2, grad [-3/4, 1/4, 1/2]
        // mean over the 2 rows: loss 1.5 ln 2, grads halved
        float ln2 = (float) Math.log(2);
        Var out = Var.leaf(Tensor.of(new float[] {0, 0, ln2, 0, 0, ln2}, 2, 3), true);
        Var loss = new CrossEntropyLoss().forward(out, classes(2, 0));
        assertEquals(1.5 * Math.log(2), loss.item(), 1e-6);
        loss.backward();
        FiniteDifferences.assertClose(new float[] {1f / 8, 1f / 8, -1f / 4, -3f / 8, 1f / 8, 1f / 4},
                out.grad().toArray(), 1e-6, "cross-entropy grad");
    }

    @Test
    void crossEntropyWithLabelSmoothingByHand() {
        // s = 0.3, C = 3: q = (1 - s) onehot + s / C = [0.1, 0.1, 0.8] for class 2
        // loss = -(0.1 ln 1/4 + 0.1 ln 1/4 + 0.8 ln 1/2) = (0.4 + 0.8) ln 2 = 1.2 ln 2
        float ln2 = (float) Math.log(2);
        Var out = Var.constant(Tensor.of(new float[] {0, 0, ln2}, 1, 3));
        assertEquals(1.2 * Math.log(2), new CrossEntropyLoss(Reduction.MEAN, 0.3f).forward(out, classes(2)).item(), 1e-6);
    }

    @Test
    void gradientsByFiniteDifferences() {
        Var reg = input(rng, -2, 2, 4, 3);
        Tensor regTarget = Tensor.uniform(rng, -2, 2, 4, 3);
        check("mse", () -> new MSELoss().forward(reg, regTarget), reg);
        check("mse sum", () -> new MSELoss(Reduction.SUM).forward(reg, regTarget), reg);
        Var residual = awayFromZero(rng, 0.1f, 1f, 4, 3); // |out - 0| away from the kink
        check("mae", () -> new L1Loss().forward(residual, Tensor.zeros(4, 3)), residual);

        Var logits = input(rng, -2, 2, 4, 3);
        Tensor labels = classes(0, 2, 1, 2);
        check("cross-entropy", () -> new CrossEntropyLoss().forward(logits, labels), logits);
        check("cross-entropy smoothed sum",
                () -> new CrossEntropyLoss(Reduction.SUM, 0.1f).forward(logits, labels), logits);

        Var scores = input(rng, -3, 3, 5, 1);
        Tensor bits = Tensor.of(new float[] {0, 1, 1, 0, 1}, 5, 1);
        check("bce with logits", () -> new BCEWithLogitsLoss().forward(scores, bits), scores);
    }

    @Test
    void distillationByHand() {
        // teacher logits [0, ln 3] at T = 1: p = [1/4, 3/4]; student logits [0, 0]: q = [1/2, 1/2]
        // KL(p || q) = 1/4 ln(1/2) + 3/4 ln(3/2); CE(student, class 0) = ln 2
        Var out = Var.leaf(Tensor.of(new float[] {0, 0}, 1, 2), true);
        Tensor target = Tensor.of(new float[] {0, 0, (float) Math.log(3)}, 1, 3);
        double kl = 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5);
        assertEquals(kl, new DistillationLoss(1f, 1f).forward(out, target).item(), 1e-6, "the soft term alone");
        assertEquals(Math.log(2), new DistillationLoss(1f, 0f).forward(out, target).item(), 1e-6, "the hard term alone");
        Var l = new DistillationLoss(1f, 0.25f).forward(out, target);
        assertEquals(0.25 * kl + 0.75 * Math.log(2), l.item(), 1e-6);
        l.backward();
        // 0.25 (q - p) + 0.75 (q - onehot(0)) = 0.25 [1/4, -1/4] + 0.75 [-1/2, 1/2]
        FiniteDifferences.assertClose(new float[] {1f / 16 - 3f / 8, -1f / 16 + 3f / 8}, out.grad().toArray(), 1e-6,
                "distillation grad");
        // a student equal to the teacher has no soft loss, whatever the temperature (T^2 KL = 0)
        Var same = Var.leaf(Tensor.of(new float[] {0, (float) Math.log(3)}, 1, 2), false);
        assertEquals(0, new DistillationLoss(4f, 1f).forward(same, target).item(), 1e-6);
    }

    @Test
    void distillationGradientsByFiniteDifferencesAndItsChecks() {
        Var logits = input(rng, -2, 2, 4, 3);
        float[] t = new float[4 * 4];
        float[] labels = {0, 2, 1, 2};
        for (int r = 0; r < 4; r++) {
            t[r * 4] = labels[r];
            for (int c = 0; c < 3; c++) {
                t[r * 4 + 1 + c] = rng.uniform(-3f, 3f);
            }
        }
        Tensor target = Tensor.of(t, 4, 4);
        for (float temperature : new float[] {1f, 4f}) {
            for (float alpha : new float[] {0f, 0.5f, 0.9f, 1f}) {
                check("distillation T=" + temperature + " alpha=" + alpha,
                        () -> new DistillationLoss(temperature, alpha).forward(logits, target), logits);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(0f, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(2f, 1.5f));
        var wrong = assertThrows(IllegalArgumentException.class,
                () -> new DistillationLoss(2f, 0.5f).forward(logits, Tensor.zeros(4, 3)));
        assertTrue(wrong.getMessage().contains("[4, 3] and target [4, 3]"), wrong.getMessage());
        Tensor badLabel = Tensor.of(t.clone(), 4, 4);
        badLabel.set(3f, 0, 0); // class 3 of 3
        assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(2f, 0.5f).forward(logits, badLabel));
    }

    @Test
    void hingeGradientsAwayFromTheMargin() {
        // out * y in +-[0.1, 0.8] + 1 - ... : 1 - y x stays away from 0 when |x| < 0.9
        Var out = awayFromZero(rng, 0.1f, 0.8f, 6, 1);
        Tensor y = Tensor.of(new float[] {1, -1, 0, 1, 0, -1}, 6, 1); // 0 reads as -1
        check("binary hinge", () -> new HingeLoss().forward(out, y), out);
        // scores spaced by 0.25 plus small noise: x_j - x_y + 1 is never near 0
        float[] s = {0.0f, 0.5f, 1.75f, 2.5f, -0.5f, 0.75f, 3f, 0.25f, -1f};
        for (int i = 0; i < s.length; i++) {
            s[i] += 0.05f * rng.nextFloat();
        }
        Var scores = Var.leaf(Tensor.of(s, 3, 3), true);
        check("multi-margin", () -> new MultiMarginLoss().forward(scores, classes(1, 2, 0)), scores);
    }

    @Test
    void multiMarginByHand() {
        // x = [0.1, 0.2, 0.4], class 1: (max(0, 1 - 0.2 + 0.1) + max(0, 1 - 0.2 + 0.4)) / 3 = (0.9 + 1.2) / 3 = 0.7
        Var x = Var.constant(Tensor.of(new float[] {0.1f, 0.2f, 0.4f}, 1, 3));
        assertEquals(0.7, new MultiMarginLoss().forward(x, classes(1)).item(), 1e-6);
    }

    @Test
    void binaryHingeByHand() {
        // targets +1, -1 (as 0): max(0, 1 - 0.5) + max(0, 1 + 2) = 0.5 + 3, mean 1.75
        Var x = Var.constant(Tensor.of(new float[] {0.5f, 2f}));
        assertEquals(1.75, new HingeLoss().forward(x, Tensor.of(new float[] {1, 0})).item(), 1e-6);
    }

    @Test
    void zeroOneCountsMistakes() {
        // argmax per row: 2, 0, 1 against classes 2, 1, 1: one mistake in three
        Var scores = Var.constant(Tensor.of(new float[] {0, 1, 5, 3, 2, 1, 0, 4, 1}, 3, 3));
        Var error = new ZeroOneLoss().forward(scores, classes(2, 1, 1));
        assertEquals(1f / 3, error.item(), 1e-7);
        assertFalse(error.requiresGrad(), "a metric, not trained by gradient");
        // one logit per sample, threshold 0: predictions 1, 0, 1, 0 against labels 1, 0, 0, 0 (and the +-1 form)
        Var logits = Var.constant(Tensor.of(new float[] {2, -1, 0.5f, -3}, 4, 1));
        assertEquals(0.25f, new ZeroOneLoss().forward(logits, Tensor.of(new float[] {1, 0, 0, 0})).item());
        assertEquals(1f, new ZeroOneLoss(Reduction.SUM, 0f).forward(logits, Tensor.of(new float[] {1, -1, -1, -1})).item());
    }

    @Test
    void penaltiesAndTheirGradients() {
        Var w = awayFromZero(rng, 0.1f, 1f, 3, 2);
        dev.gatun.nn.Parameter weight = new dev.gatun.nn.Parameter("weight", w.value());
        dev.gatun.nn.Parameter bias = new dev.gatun.nn.Parameter("bias", Tensor.of(new float[] {0.5f, -2f}));
        java.util.List<dev.gatun.nn.Parameter> params = java.util.List.of(weight, bias);
        check("l2", () -> Penalty.l2(0.3f, true).apply(params), weight, bias);
        check("l1", () -> Penalty.l1(0.3f, true).apply(params), weight, bias);
        // biases excluded: L2 = 0.1 * (sum w^2), the bias gets no gradient
        double sumSq = 0;
        for (float v : weight.value().toArray()) {
            sumSq += v * v;
        }
        Var l2 = Penalty.l2(0.1f, false).apply(params);
        assertEquals(0.1 * sumSq, l2.item(), 1e-6);
        weight.zeroGrad();
        bias.zeroGrad();
        l2.backward();
        float[] wv = weight.value().toArray(), gw = weight.grad().toArray();
        for (int i = 0; i < wv.length; i++) {
            assertEquals(2 * 0.1f * wv[i], gw[i], 1e-6, "d(lambda w^2)/dw = 2 lambda w (no 1/2)");
        }
        assertArrayEquals(new float[2], bias.grad().toArray());
        // L1 with biases: 0.5 * (|0.5| + |-2| + sum |w|), gradient on the bias 0.5 * sign
        bias.zeroGrad();
        Penalty.l1(0.5f, true).apply(params).backward();
        assertArrayEquals(new float[] {0.5f, -0.5f}, bias.grad().toArray());
    }

    @Test
    void byNameAndBadTargets() {
        for (String name : Losses.names()) {
            assertEquals(name, Losses.byName(name).name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.byName("nope"));
        assertTrue(e.getMessage().contains("cross_entropy"), e.getMessage());
        Var logits = Var.constant(Tensor.zeros(2, 3));
        e = assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss().forward(logits, classes(0, 3)));
        assertTrue(e.getMessage().contains("target[1] = 3.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MSELoss().forward(logits, Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") || e.getMessage().contains("[2,3]"), e.getMessage());
    }
}
