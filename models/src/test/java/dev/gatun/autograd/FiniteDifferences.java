package dev.gatun.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Gradient checks by central finite differences for {@link Var} functions. The scalar loss is
 * {@code L = sum_i w_i y_i} over the output y = f(), with fixed random weights w, summed in
 * double; its analytic gradient comes from {@code y.backward(w)}, its numeric one from
 * {@code (L(x_j + h) - L(x_j - h)) / 2h} per input element. They must agree within
 * {@code tol * (1 + |numeric|)}. Inputs are float32 leaves, perturbed in place and restored.
 */
public final class FiniteDifferences {
    public static final double H = 5e-3;
    public static final double TOL = 1e-2;

    private FiniteDifferences() {}

    /** A leaf that requires a gradient, uniform in [lo, hi). */
    public static Var input(Rng rng, float lo, float hi, int... shape) {
        return Var.leaf(Tensor.uniform(rng, lo, hi, shape), true);
    }

    /** A leaf uniform in +-[lo, hi): magnitudes away from 0, for functions with a kink there. */
    public static Var awayFromZero(Rng rng, float lo, float hi, int... shape) {
        Tensor t = Tensor.uniform(rng, lo, hi, shape);
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextFloat() < 0.5f ? -v[i] : v[i];
        }
        t.copyFrom(v);
        return Var.leaf(t, true);
    }

    /** Checks the gradient of {@code f} with respect to each of {@code inputs}. */
    public static void check(String what, Supplier<Var> f, Var... inputs) {
        check(what, H, TOL, f, inputs);
    }

    @SuppressWarnings("try") // the scope only collects the temporaries
    public static void check(String what, double h, double tol, Supplier<Var> f, Var... inputs) {
        Rng rng = new Rng(what.hashCode());
        float[] w;
        try (Scope analytic = Scope.confined()) {
            Var y = f.get();
            w = Tensor.uniform(rng, -1f, 1f, y.shape()).toArray();
            for (Var in : inputs) {
                in.zeroGrad();
            }
            y.backward(Tensor.of(w).reshape(y.shape())); // of(w) alone is a vector, even for a [] output
        }
        for (int k = 0; k < inputs.length; k++) {
            Var in = inputs[k];
            assertNotNull(in.grad(), what + ": input " + k + " got no gradient");
            float[] grad = in.grad().toArray();
            float[] xs = in.value().toArray();
            for (int j = 0; j < xs.length; j++) {
                float saved = xs[j];
                xs[j] = saved + (float) h;
                in.value().copyFrom(xs);
                double up = weightedSum(f, w);
                xs[j] = saved - (float) h;
                in.value().copyFrom(xs);
                double down = weightedSum(f, w);
                xs[j] = saved;
                in.value().copyFrom(xs);
                double step = (double) (saved + (float) h) - (double) (saved - (float) h);
                double numeric = (up - down) / step;
                String where = what + ": d/d input" + k + "[" + j + "] (x = " + saved + ")";
                assertEquals(numeric, grad[j], tol * (1 + Math.abs(numeric)), where);
            }
        }
    }

    /** L = sum_i w_i y_i in double, f evaluated without recording, in a scope of its own. */
    @SuppressWarnings("try") // the scope and the NoGrad block act by being open
    public static double weightedSum(Supplier<Var> f, float[] w) {
        try (Scope scope = Scope.confined(); NoGrad off = NoGrad.enter()) {
            float[] y = f.get().value().toArray();
            if (y.length != w.length) {
                throw new AssertionError("output has " + y.length + " elements, weights " + w.length);
            }
            double sum = 0;
            for (int i = 0; i < y.length; i++) {
                sum += (double) w[i] * y[i];
            }
            return sum;
        }
    }

    /** Asserts two float arrays agree elementwise within {@code tol}. */
    public static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "] in " + Arrays.toString(actual));
        }
    }
}
