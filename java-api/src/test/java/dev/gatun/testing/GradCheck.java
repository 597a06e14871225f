package dev.gatun.testing;

import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.function.Supplier;

/**
 * Gradient checks by central finite differences. The scalar loss is {@code L = sum_i w_i y_i}
 * with {@code y = f()} and fixed random weights {@code w}, summed in double; its derivative with
 * respect to an input element x_j is {@code (L(x_j + h) - L(x_j - h)) / 2h}, compared with the
 * analytic gradient (the backward op fed with {@code diffDst = w}). Inputs are perturbed in
 * place, one element at a time, and restored. Public and backend-agnostic, for the native
 * module's tests too.
 */
public final class GradCheck {
    private GradCheck() {}

    /** L = sum_i w_i y_i in double, with y computed by {@code f} in a scope of its own. */
    public static double loss(Supplier<Tensor> f, Tensor w) {
        try (Scope scope = Scope.confined()) {
            float[] y = f.get().toArray();
            float[] wv = w.toArray();
            if (y.length != wv.length) {
                throw new AssertionError("loss: output has " + y.length + " elements, weights " + wv.length);
            }
            double sum = 0;
            for (int i = 0; i < y.length; i++) {
                sum += (double) wv[i] * y[i];
            }
            return sum;
        }
    }

    /**
     * Asserts that {@code analytic} is dL/dx for every element of {@code x} (contiguous, read by
     * {@code f}), within {@code tol * (1 + |numeric|)}.
     */
    public static void check(String what, Supplier<Tensor> f, Tensor w, Tensor x, Tensor analytic, double h, double tol) {
        if (!x.sameShape(analytic)) {
            throw new AssertionError(what + ": gradient shape " + Shapes.str(analytic.shape()) + " for input "
                    + Shapes.str(x.shape()));
        }
        float[] xs = x.toArray();
        float[] grad = analytic.toArray();
        for (int j = 0; j < xs.length; j++) {
            float saved = xs[j];
            xs[j] = saved + (float) h;
            x.copyFrom(xs);
            double up = loss(f, w);
            xs[j] = saved - (float) h;
            x.copyFrom(xs);
            double down = loss(f, w);
            xs[j] = saved;
            x.copyFrom(xs);
            double realStep = (double) (saved + (float) h) - (double) (saved - (float) h); // h as float rounds it
            double numeric = (up - down) / realStep;
            if (!(Math.abs(numeric - grad[j]) <= tol * (1 + Math.abs(numeric)))) {
                throw new AssertionError(what + ": d/dx[" + j + "] analytic " + grad[j] + ", numeric " + numeric
                        + " (x = " + saved + ", h = " + h + ")");
            }
        }
    }
}
