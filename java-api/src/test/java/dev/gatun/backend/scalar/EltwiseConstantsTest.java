package dev.gatun.backend.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.backend.EltwiseOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each {@link EltwiseOp} declares the constants its math reads, and the oracle agrees: changing
 * an undeclared constant changes nothing (forward or derivative), changing a declared one changes
 * something. A backend that keys cached work on the declared constants (oneDNN) relies on it.
 */
class EltwiseConstantsTest {
    private static final double[] XS = {-3.5, -1.25, -0.5, 0.25, 0.75, 1.5, 4.0};

    @ParameterizedTest
    @EnumSource(EltwiseOp.class)
    void declaredConstantsAreExactlyTheOnesTheMathReads(EltwiseOp op) {
        assertEquals(op.usesAlpha(), dependsOn(op, 0.3, 0.2, 1.7, 0.2), op + " alpha");
        assertEquals(op.usesBeta(), dependsOn(op, 0.3, 0.2, 0.3, -0.9), op + " beta");
        assertEquals(op.usesAlpha() ? 0.3f : 0f, op.alphaOrZero(0.3f), 0f);
        assertEquals(op.usesBeta() ? 0.2f : 0f, op.betaOrZero(0.2f), 0f);
    }

    private static boolean dependsOn(EltwiseOp op, double a0, double b0, double a1, double b1) {
        boolean differs = false;
        for (double x0 : XS) {
            double x = op == EltwiseOp.LOG || op == EltwiseOp.SQRT ? Math.abs(x0) : x0; // inside the domain
            differs |= Double.compare(EltwiseMath.forward(op, a0, b0, x), EltwiseMath.forward(op, a1, b1, x)) != 0;
            differs |= Double.compare(EltwiseMath.derivative(op, a0, b0, x), EltwiseMath.derivative(op, a1, b1, x)) != 0;
        }
        return differs;
    }
}
