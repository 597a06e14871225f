package dev.gatun.optim;

import dev.gatun.nn.Parameter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Gradient clipping by global norm, as PyTorch's {@code clip_grad_norm_}: call between
 * {@code backward()} and {@code step()}: {@code float norm = GradClip.clipGradNorm(params, 1f);}
 */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales every gradient by {@code maxNorm / (norm + 1e-6)} when that is below 1, where norm
     * is the L2 norm of all gradients together; returns that norm (before clipping).
     * Parameters without a gradient are ignored.
     */
    public static float clipGradNorm(List<Parameter> params, float maxNorm) {
        if (!(maxNorm > 0f)) {
            throw new IllegalArgumentException("clipGradNorm: max norm must be positive, got " + maxNorm);
        }
        double sumSq = 0;
        for (Parameter p : params) {
            if (p.grad() != null) {
                MemorySegment g = p.grad().segment();
                for (long i = 0, n = p.grad().numel(); i < n; i++) {
                    double gi = g.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                    sumSq += gi * gi;
                }
            }
        }
        float norm = (float) Math.sqrt(sumSq);
        float coef = (float) (maxNorm / (norm + 1e-6));
        if (coef < 1f) {
            for (Parameter p : params) {
                if (p.grad() != null) {
                    MemorySegment g = p.grad().segment();
                    for (long i = 0, n = p.grad().numel(); i < n; i++) {
                        g.setAtIndex(ValueLayout.JAVA_FLOAT, i, g.getAtIndex(ValueLayout.JAVA_FLOAT, i) * coef);
                    }
                }
            }
        }
        return norm;
    }
}
