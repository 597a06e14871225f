package dev.gatun.ops;

import static dev.gatun.testing.GradCheck.check;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution, pooling and batch norm backward passes against central finite differences of
 * L = sum(w * op(x)), on the scalar oracle and the java backend (the native backends run the
 * same checks in the native module). Step and tolerance as {@link OpsGradientTest}.
 */
class OpsConvGradientTest {
    private static final double H = 1e-2;
    private static final double TOL = 2e-3;

    private Scope scope;
    private final Rng rng = new Rng(7);

    static Stream<Backend> backends() {
        return Stream.of(new ScalarBackend(), Backends.get("java"));
    }

    @BeforeEach
    void open() {
        scope = Scope.confined();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private Tensor rand(float lo, float hi, int... shape) {
        return Tensor.uniform(rng, lo, hi, shape);
    }

    /** Distinct values at least 0.05 apart in random order, so no finite-difference step changes a max. */
    private Tensor spread(int... shape) {
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
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void conv2dSrcWeightsBias(Backend backend) {
        Conv2dParams[] params = {
            Conv2dParams.of(1, 1),
            Conv2dParams.of(2, 0).withPadding(0, 1, 2, 1).withDilation(1, 2),
            Conv2dParams.of(1, 1).withGroups(2)};
        try (var u = Backends.using(backend)) {
            for (Conv2dParams p : params) {
                String what = "conv2d " + p + " on " + backend.name();
                Tensor x = rand(-1, 1, 2, 4, 5, 6), wt = rand(-1, 1, 6, 4 / p.groups(), 3, 2), b = rand(-1, 1, 6);
                Tensor y = Ops.conv2d(x, wt, b, p);
                Tensor w = rand(-1, 1, y.shape());
                Tensor dx = Ops.conv2dBackwardData(w, wt, x.shape(), p);
                Ops.Conv2dWeightGrads g = Ops.conv2dBackwardWeights(x, w, wt.shape(), true, p);
                check(what + " d/dsrc", () -> Ops.conv2d(x, wt, b, p), w, x, dx, H, TOL);
                check(what + " d/dweights", () -> Ops.conv2d(x, wt, b, p), w, wt, g.diffWeights(), H, TOL);
                check(what + " d/dbias", () -> Ops.conv2d(x, wt, b, p), w, b, g.diffBias(), H, TOL);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void maxAndAvgPool2d(Backend backend) {
        Pool2dParams[] params = {Pool2dParams.of(2, 2, 0), Pool2dParams.of(3, 2, 1), new Pool2dParams(2, 3, 1, 2, 1, 0, 0, 2)};
        try (var u = Backends.using(backend)) {
            for (Pool2dParams p : params) {
                String what = p + " on " + backend.name();
                Tensor x = spread(2, 2, 7, 6);
                Ops.MaxPoolResult max = Ops.maxPool2d(x, p);
                Tensor w = rand(-1, 1, max.dst().shape());
                Tensor dMax = Ops.maxPool2dBackward(w, max.indices(), x.shape(), p);
                check("maxPool2d " + what, () -> Ops.maxPool2d(x, p).dst(), w, x, dMax, H, TOL);
                for (boolean include : new boolean[] {true, false}) {
                    Tensor dAvg = Ops.avgPool2dBackward(w, x.shape(), p, include);
                    check("avgPool2d countIncludePad=" + include + " " + what, () -> Ops.avgPool2d(x, p, include), w, x,
                            dAvg, H, TOL);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void batchNorm2dSrcGammaBeta(Backend backend) {
        try (var u = Backends.using(backend)) {
            float eps = 1e-5f;
            String on = " on " + backend.name();
            Tensor x = rand(-2, 2, 3, 2, 4, 3), gamma = rand(0.5f, 1.5f, 2), beta = rand(-1, 1, 2);
            Tensor w = rand(-1, 1, x.shape());
            Ops.BatchNormResult fwd = Ops.batchNorm2dTraining(x, gamma, beta, null, null, 0.1f, eps);
            Ops.BatchNormGrads g = Ops.batchNorm2dBackward(x, w, gamma, fwd.mean(), fwd.variance(), eps);
            check("batchNorm2d d/dsrc" + on, () -> Ops.batchNorm2dTraining(x, gamma, beta, null, null, 0.1f, eps).dst(), w, x,
                    g.diffSrc(), H, TOL);
            check("batchNorm2d d/dgamma" + on, () -> Ops.batchNorm2dTraining(x, gamma, beta, null, null, 0.1f, eps).dst(), w,
                    gamma, g.diffGamma(), H, TOL);
            check("batchNorm2d d/dbeta" + on, () -> Ops.batchNorm2dTraining(x, gamma, beta, null, null, 0.1f, eps).dst(), w,
                    beta, g.diffBeta(), H, TOL);
            Ops.BatchNormResult plain = Ops.batchNorm2dTraining(x, null, null, null, null, 0.1f, eps);
            Tensor dx = Ops.batchNorm2dBackward(x, w, null, plain.mean(), plain.variance(), eps).diffSrc();
            check("batchNorm2d without affine d/dsrc" + on,
                    () -> Ops.batchNorm2dTraining(x, null, null, null, null, 0.1f, eps).dst(), w, x, dx, H, TOL);
        }
    }
}
