package dev.gatun.testing;

import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/** Element-by-element comparison with |actual - expected| <= atol + rtol * |expected|, NaN matching NaN. */
public final class Close {
    /** The unit roundoff of float32, 2^-24: the error bound of one rounding. */
    public static final double U = 0x1p-24;

    private Close() {}

    public static void assertClose(String what, Tensor expected, Tensor actual, double atol, double rtol) {
        if (!expected.sameShape(actual)) {
            throw new AssertionError(what + ": shape " + Shapes.str(actual.shape()) + ", expected "
                    + Shapes.str(expected.shape()));
        }
        assertClose(what, expected.toArray(), actual.toArray(), i -> atol, rtol);
    }

    /** Per-element absolute tolerance. */
    public interface Tolerance {
        double atol(int index);
    }

    public static void assertClose(String what, float[] expected, float[] actual, Tolerance atol, double rtol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) {
                    throw new AssertionError(what + ": element " + i + " is " + a + ", expected " + e);
                }
                continue;
            }
            if (e == a) { // covers equal infinities
                continue;
            }
            if (Float.isInfinite(e) || Float.isInfinite(a)) { // an infinite tolerance would pass anything
                throw new AssertionError(what + ": element " + i + " is " + a + ", expected " + e);
            }
            double tol = atol.atol(i) + rtol * Math.abs(e);
            if (!(Math.abs((double) a - e) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + a + ", expected " + e + " (|diff| "
                        + Math.abs((double) a - e) + " > tolerance " + tol + ")");
            }
        }
    }
}
