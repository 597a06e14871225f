package dev.gatun.optim;

import dev.gatun.backend.VectorSupport;
import java.lang.foreign.MemorySegment;

/**
 * The optimizers' per-element updates as single passes over a parameter's floats, with every
 * constant of the step computed once by the caller. Two implementations give bit-identical
 * results: {@link ScalarUpdateKernels}, plain loops, and {@code VectorUpdateKernels}, the
 * same arithmetic in the same order on Vector API lanes (elementwise IEEE operations round
 * the same in a lane as in a scalar, and a float square root is correctly rounded either way).
 * The vector one is chosen once when {@code jdk.incubator.vector} is readable, loaded by name
 * so this package links without the module.
 */
interface UpdateKernels {

    /**
     * SGD over {@code n} floats: {@code d = g + weightDecay * w}; with a momentum buffer
     * {@code buf} (else null) {@code b = first ? d : momentum * buf + (1 - dampening) * d},
     * {@code buf = b}, {@code d = nesterov ? d + momentum * b : b}; then {@code w = w - lr * d}.
     */
    void sgd(MemorySegment w, MemorySegment g, MemorySegment buf, long n, float lr, float weightDecay, float momentum,
             float dampening, boolean nesterov, boolean first);

    /**
     * Adam over {@code n} floats: {@code w = w * decay}, {@code g = g + l2 * w},
     * {@code m = beta1 * m + (1 - beta1) * g}, {@code v = beta2 * v + (1 - beta2) * g * g},
     * {@code w = w - stepSize * m / (sqrt(v) / bc2Sqrt + eps)}.
     */
    void adam(MemorySegment w, MemorySegment g, MemorySegment m, MemorySegment v, long n, float beta1, float beta2,
              float stepSize, float bc2Sqrt, float eps, float decay, float l2);

    /** The kernels this JVM runs: the Vector API ones when usable. */
    static UpdateKernels get() {
        return Chosen.KERNELS;
    }

    /** Chosen on first use, in a holder so class loading cannot deadlock. */
    final class Chosen {
        static final UpdateKernels KERNELS = choose();

        private Chosen() {}

        private static UpdateKernels choose() {
            if (VectorSupport.usable()) {
                try {
                    return (UpdateKernels) Class.forName("dev.gatun.optim.VectorUpdateKernels")
                            .getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    // fall through to the scalar loops, which compute the same bits
                }
            }
            return new ScalarUpdateKernels();
        }
    }
}
