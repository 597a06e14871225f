package dev.gatun.autograd;

import static dev.gatun.autograd.FiniteDifferences.check;
import static dev.gatun.autograd.FiniteDifferences.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every differentiable function of {@link ConvF} against central finite differences, on the scalar oracle. */
class ConvFGradientTest {
    private final Rng rng = new Rng(11);
    private Backends.Using backend;
    private Scope scope;

    @BeforeEach
    void oracle() {
        backend = Backends.using(Backends.get("scalar"));
        scope = Scope.confined();
    }

    @AfterEach
    void restore() {
        scope.close();
        backend.close();
    }

    @Test
    void conv2dWithStridePaddingDilationAndGroups() {
        Var x = input(rng, -1, 1, 2, 4, 6, 5);
        Var w = input(rng, -1, 1, 6, 2, 3, 2);
        Var b = input(rng, -1, 1, 6);
        Conv2dParams p = Conv2dParams.of(2, 1).withPadding(1, 0, 2, 1).withDilation(1, 2).withGroups(2);
        check("conv2d " + p, () -> ConvF.conv2d(x, w, b, p), x, w, b);
    }

    @Test
    void conv2dWithoutBiasAndAFrozenInput() {
        Var x = Var.constant(Tensor.uniform(rng, -1, 1, 1, 3, 5, 5));
        Var w = input(rng, -1, 1, 2, 3, 1, 1);
        check("conv2d 1x1", () -> ConvF.conv2d(x, w, null, Conv2dParams.of(1, 0)), w);
    }

    /** Distinct values 0.05 apart in random order: no finite-difference step changes which element is the max. */
    private Var spread(int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] v = new float[(int) t.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i - v.length / 2) * 0.05f;
        }
        for (int i = v.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float s = v[i];
            v[i] = v[j];
            v[j] = s;
        }
        t.copyFrom(v);
        return Var.leaf(t, true);
    }

    @Test
    void maxAndAvgPool2d() {
        Var x = spread(2, 3, 7, 6);
        Pool2dParams p = Pool2dParams.of(3, 2, 1);
        check("maxPool2d " + p, () -> ConvF.maxPool2d(x, p), x);
        check("avgPool2d " + p, () -> ConvF.avgPool2d(x, p, true), x);
        check("avgPool2d without padding counted " + p, () -> ConvF.avgPool2d(x, p, false), x);
    }

    @Test
    void batchNorm2dInTrainingAndEvaluation() {
        Var x = input(rng, -2, 2, 3, 2, 3, 4);
        Var gamma = input(rng, 0.5f, 1.5f, 2), beta = input(rng, -1, 1, 2);
        check("batchNorm2d training", () -> ConvF.batchNorm2d(x, gamma, beta, null, null, true, 0.1f, 1e-5f), x, gamma, beta);
        Tensor mean = Tensor.of(new float[] {0.3f, -0.2f}), var = Tensor.of(new float[] {1.5f, 0.7f});
        check("batchNorm2d evaluation", () -> ConvF.batchNorm2d(x, gamma, beta, mean, var, false, 0.1f, 1e-5f), x, gamma, beta);
        check("batchNorm2d training without affine", () -> ConvF.batchNorm2d(x, null, null, null, null, true, 0.1f, 1e-5f), x);
    }

    @Test
    void flattenKeepsTheLeadingAxesAndPassesTheGradientBack() {
        Var x = input(rng, -1, 1, 2, 3, 4, 5);
        assertArrayEquals(new int[] {2, 60}, ConvF.flatten(x).shape());
        assertArrayEquals(new int[] {2, 3, 20}, ConvF.flatten(x, 2).shape());
        check("flatten", () -> ConvF.flatten(x), x);
    }

    @Test
    void aFrozenWeightGetsNoGradient() {
        Var x = input(rng, -1, 1, 1, 2, 4, 4);
        Var w = Var.constant(Tensor.uniform(rng, -1, 1, 3, 2, 3, 3));
        Var y = ConvF.conv2d(x, w, null, Conv2dParams.of(1, 1));
        y.backward(Tensor.ones(y.shape()));
        assertNull(w.grad());
        assertEquals(32, x.grad().numel());
    }
}
