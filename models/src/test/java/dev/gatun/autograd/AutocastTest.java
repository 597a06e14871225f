package dev.gatun.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Flatten;
import dev.gatun.nn.Linear;
import dev.gatun.nn.MaxPool2d;
import dev.gatun.nn.Module;
import dev.gatun.nn.Parameter;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.loss.CrossEntropyLoss;
import dev.gatun.tensor.BFloat16;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mixed precision: inside an {@link Autocast#bf16()} region, linear, matmul and convolution read
 * bf16 operands and write float32, forward and backward; gradients stay float32 and agree with
 * float32 training within what bf16's 8-bit mantissa allows.
 */
class AutocastTest {

    static List<Backend> backends() {
        return Backends.available();
    }

    @Test
    void linearInsideARegionIsTheFloat32ProductOfTheRoundedOperands() {
        try (Scope s = Scope.confined()) {
            Rng rng = new Rng(1);
            Tensor x = Tensor.normal(rng, 0, 1, 5, 7), w = Tensor.normal(rng, 0, 1, 3, 7);
            Var y32 = F.linear(Var.constant(x), Var.constant(w), null);
            Var y16;
            try (Autocast a = Autocast.bf16()) {
                assertEquals(DataType.BFLOAT16, Autocast.current());
                y16 = F.linear(Var.constant(x), Var.constant(w), null);
            }
            assertEquals(DataType.FLOAT32, Autocast.current());
            assertEquals(DataType.FLOAT32, y16.value().dtype(), "products write float32");
            float[] xr = x.toArray(), wr = w.toArray(), got = y16.value().toArray();
            boolean differs = false;
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 3; j++) {
                    double want = 0, bound = 0;
                    for (int k = 0; k < 7; k++) {
                        double term = (double) BFloat16.round(xr[i * 7 + k]) * BFloat16.round(wr[j * 7 + k]);
                        want += term;
                        bound += Math.abs(term);
                    }
                    assertEquals(want, got[i * 3 + j], 2 * 9 * 0x1p-24 * bound + 1e-30, "y[" + i + "," + j + "]");
                    differs |= got[i * 3 + j] != y32.value().toArray()[i * 3 + j];
                }
            }
            assertTrue(differs, "the region changed nothing: the operands were not rounded to bf16");
        }
    }

    static Sequential mlp(Rng rng) {
        return new Sequential(new Linear(12, 32, rng), new ReLU(), new Linear(32, 4, rng));
    }

    static Sequential cnn(Rng rng) {
        return new Sequential(new Conv2d(2, 6, 3, Conv2dParams.of(1, 1), rng), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(6 * 4 * 4, 5, rng));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void mixedPrecisionGradientsAgreeWithFloat32WithinBf16Tolerance(Backend backend) {
        try (Backends.Using u = Backends.using(backend); Scope s = Scope.confined()) {
            Rng data = new Rng(5);
            check("mlp", mlp(new Rng(3)), Tensor.normal(data, 0, 1, 16, 12), randomLabels(data, 16, 4));
            check("cnn", cnn(new Rng(3)), Tensor.normal(data, 0, 1, 8, 2, 8, 8), randomLabels(data, 8, 5));
        }
    }

    private static Tensor randomLabels(Rng rng, int n, int classes) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return Tensor.of(y);
    }

    /**
     * Each parameter's gradient under bf16 against float32: ||g16 - g32|| <= 2^-4 ||g32||. Rounding
     * the operands costs a relative 2^-8 per product, and the errors of a forward and a backward
     * pass through two or three layers add up to a few times that, far below this bound; a
     * gradient of the wrong layer, a transpose or a dropped term is off by order 1.
     */
    private static void check(String name, Module model, Tensor x, Tensor y) {
        float[][] g32 = gradients(model, x, y, false), g16 = gradients(model, x, y, true);
        List<Parameter> ps = model.parameters();
        for (int p = 0; p < ps.size(); p++) {
            double diff = 0, norm = 0;
            for (int i = 0; i < g32[p].length; i++) {
                diff += (g16[p][i] - g32[p][i]) * (double) (g16[p][i] - g32[p][i]);
                norm += g32[p][i] * (double) g32[p][i];
            }
            double rel = Math.sqrt(diff / norm);
            assertTrue(rel <= 0x1p-4, name + " parameter " + p + " on " + Backends.current().name()
                    + ": relative gradient difference " + rel);
            assertNotEquals(0.0, diff, name + " parameter " + p + ": bf16 gave float32's gradient exactly (not rounded?)");
        }
    }

    private static float[][] gradients(Module model, Tensor x, Tensor y, boolean bf16) {
        List<Parameter> ps = model.parameters();
        for (Parameter p : ps) {
            p.zeroGrad();
        }
        try (Scope step = Scope.confined(); Autocast a = bf16 ? Autocast.bf16() : null) {
            new CrossEntropyLoss().forward(model.forward(Var.constant(x)), y).backward();
            float[][] out = new float[ps.size()][];
            for (int i = 0; i < out.length; i++) {
                assertEquals(DataType.FLOAT32, ps.get(i).grad().dtype(), "gradients stay float32");
                out[i] = ps.get(i).grad().toArray();
            }
            return out;
        }
    }

    @Test
    void regionsNestAndBelongToTheirThread() throws Exception {
        try (Autocast outer = Autocast.bf16()) {
            try (Autocast inner = Autocast.float32()) {
                assertEquals(DataType.FLOAT32, Autocast.current());
            }
            assertEquals(DataType.BFLOAT16, Autocast.current());
            var pool = Executors.newSingleThreadExecutor();
            try {
                Future<DataType> other = pool.submit(Autocast::current);
                assertEquals(DataType.FLOAT32, other.get(), "another thread is not in this thread's region");
                Future<?> wrongThread = pool.submit(outer::close);
                var e = assertThrows(java.util.concurrent.ExecutionException.class, wrongThread::get);
                assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
            } finally {
                pool.shutdown();
            }
        }
        assertEquals(DataType.FLOAT32, Autocast.current());
    }
}
