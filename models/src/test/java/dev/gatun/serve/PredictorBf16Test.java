package dev.gatun.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.Autocast;
import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.nn.BatchNorm2d;
import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Flatten;
import dev.gatun.nn.Linear;
import dev.gatun.nn.MaxPool2d;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A bf16 predictor computes what the model's forward computes in an {@link Autocast#bf16()}
 * region (the same bf16 operands, float32 accumulation; only the kernels' summation order may
 * differ), and stays within bf16's rounding of the float32 predictor; its inputs and outputs are
 * float32.
 */
class PredictorBf16Test {

    static List<Backend> backends() {
        return Backends.available();
    }

    static Module mlp() {
        Rng rng = new Rng(7);
        return new Sequential(new Linear(20, 64, rng), new ReLU(), new Linear(64, 64, rng), new ReLU(), new Linear(64, 5, rng));
    }

    static Module cnn() {
        Rng rng = new Rng(7);
        return new Sequential(new Conv2d(1, 8, 3, Conv2dParams.of(1, 1), rng), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Conv2d(8, 16, 3, Conv2dParams.of(1, 0), rng), new ReLU(), new Flatten(), new Linear(16 * 4 * 4, 10, rng));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void bf16PredictorMatchesTheAutocastForwardAndStaysNearFloat32(Backend backend) {
        check(backend, mlp(), new int[] {3, 20});
        check(backend, cnn(), new int[] {2, 1, 12, 12});
    }

    private static void check(Backend backend, Module model, int[] inputShape) {
        model.eval();
        try (Backends.Using u = Backends.using(backend); Scope s = Scope.confined();
                Predictor p16 = Predictor.builder(model).inputShape(inputShape).backend(backend)
                        .precision(DataType.BFLOAT16).build();
                Predictor p32 = Predictor.builder(model).inputShape(inputShape).backend(backend).build()) {
            Tensor x = Tensor.normal(new Rng(3), 0, 1, inputShape);
            float[] got = p16.predict(x.toArray()), exact = p32.predict(x.toArray());
            float[] want;
            try (var ng = NoGrad.enter(); Autocast a = Autocast.bf16()) {
                want = model.forward(Var.constant(x)).value().toArray();
            }
            double max = 0, diff32 = 0;
            for (float v : exact) {
                max = Math.max(max, Math.abs(v));
            }
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5 * max + 1e-6, backend.name() + " output " + i);
                diff32 = Math.max(diff32, Math.abs(got[i] - exact[i]));
            }
            // a few roundings of 2^-8 through two or three layers; a wrong weight or layout is off by order 1
            assertTrue(diff32 <= 0x1p-4 * max, backend.name() + ": bf16 differs from float32 by " + diff32 + " of " + max);
            assertTrue(diff32 > 0, backend.name() + ": bf16 gave float32's output exactly (not rounded?)");
        }
    }

    @Test
    void precisionIsRequired() {
        var e = assertThrows(IllegalArgumentException.class, () -> Predictor.builder(mlp()).precision(null));
        assertTrue(e.getMessage().contains("precision"), e.getMessage());
    }
}
