package dev.gatun.optim;

import dev.gatun.nn.Parameter;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov and L2 weight decay,
 * with PyTorch's {@code torch.optim.SGD} semantics. Per element, with g the gradient:
 *
 * <pre>
 * g = g + weightDecay * w
 * if momentum != 0:
 *     buf = (first step) ? g : momentum * buf + (1 - dampening) * g
 *     g = nesterov ? g + momentum * buf : buf
 * w = w - lr * g
 * </pre>
 *
 * {@code new SGD(params, 0.1f)} is plain SGD; {@code new SGD(params, 0.1f, 0.9f, 0f, 0f, true)}
 * is Nesterov momentum.
 */
public final class SGD extends Optimizer {
    private final float momentum;
    private final float dampening;
    private final float weightDecay;
    private final boolean nesterov;
    private final Tensor[] buffers; // momentum buffers; null without momentum
    private final boolean[] started;

    public SGD(List<Parameter> params, float lr) {
        this(params, lr, 0f, 0f, 0f, false);
    }

    public SGD(List<Parameter> params, float lr, float momentum, float dampening, float weightDecay, boolean nesterov) {
        super(params, lr);
        checkNonNegative("SGD", "momentum", momentum);
        checkNonNegative("SGD", "dampening", dampening);
        checkNonNegative("SGD", "weight decay", weightDecay);
        if (nesterov && (momentum == 0f || dampening != 0f)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and zero dampening, got momentum="
                    + momentum + " dampening=" + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.buffers = momentum == 0f ? null : new Tensor[params.size()];
        this.started = new boolean[params.size()];
        for (int i = 0; buffers != null && i < buffers.length; i++) {
            buffers[i] = stateLike(i);
        }
    }

    @Override
    protected void update(int index, MemorySegment w, MemorySegment g, long n) {
        float lr = learningRate();
        MemorySegment buf = buffers == null ? null : unchecked(buffers[index].segment());
        boolean first = !started[index];
        started[index] = true;
        KERNELS.sgd(w, g, buf, n, lr, weightDecay, momentum, dampening, nesterov, first);
    }

    @Override
    public Map<String, Tensor> state(int index) {
        return buffers == null ? Map.of() : Map.of("momentum_buffer", buffers[index]);
    }

    @Override
    public boolean hasState(int index) {
        return buffers != null && started[index];
    }

    @Override
    public void restoreState(int index, boolean present) {
        super.restoreState(index, present);
        started[index] = present && buffers != null;
    }

    public float momentum() {
        return momentum;
    }
}
