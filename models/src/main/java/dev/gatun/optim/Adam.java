package dev.gatun.optim;

import dev.gatun.nn.Parameter;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with PyTorch's exact formulas ({@code torch.optim.Adam}, L2 weight decay added to the
 * gradient). Per element, at the parameter's step t = 1, 2, ...:
 *
 * <pre>
 * g = g + weightDecay * w                      (AdamW instead decays w = w * (1 - lr * weightDecay))
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * w = w - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * so the first step moves each weight by lr * g / (|g| + eps), about lr * sign(g).
 * {@code new Adam(params, 1e-3f)} uses betas (0.9, 0.999), eps 1e-8, no weight decay.
 */
public sealed class Adam extends Optimizer permits AdamW {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final Tensor[] m;
    private final Tensor[] v;
    private final Tensor[] t; // the step count, a float scalar as in PyTorch 1.12+

    public Adam(List<Parameter> params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f, 0f);
    }

    public Adam(List<Parameter> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        this(params, lr, beta1, beta2, eps, weightDecay, false);
    }

    Adam(List<Parameter> params, float lr, float beta1, float beta2, float eps, float weightDecay, boolean decoupled) {
        super(params, lr);
        String name = decoupled ? "AdamW" : "Adam";
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException(name + ": betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
        }
        checkNonNegative(name, "eps", eps);
        checkNonNegative(name, "weight decay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.m = new Tensor[params.size()];
        this.v = new Tensor[params.size()];
        this.t = new Tensor[params.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = stateLike(i);
            v[i] = stateLike(i);
            t[i] = Tensor.zeros(params.get(i).value().scope());
        }
    }

    @Override
    protected void update(int index, MemorySegment w, MemorySegment g, long n) {
        float lr = learningRate();
        MemorySegment ts = t[index].segment();
        long step = (long) ts.get(F32, 0) + 1;
        ts.set(F32, 0, step);
        double biasCorrection1 = 1.0 - Math.pow(beta1, step);
        double biasCorrection2 = 1.0 - Math.pow(beta2, step);
        float stepSize = (float) (lr / biasCorrection1);
        float bc2Sqrt = (float) Math.sqrt(biasCorrection2);
        float decay = decoupled ? 1f - lr * weightDecay : 1f;
        float l2 = decoupled ? 0f : weightDecay;
        KERNELS.adam(w, g, unchecked(m[index].segment()), unchecked(v[index].segment()), n, beta1, beta2, stepSize, bc2Sqrt,
                eps, decay, l2);
    }

    @Override
    public Map<String, Tensor> state(int index) {
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("step", t[index]);
        s.put("exp_avg", m[index]);
        s.put("exp_avg_sq", v[index]);
        return s;
    }

    @Override
    public boolean hasState(int index) {
        return t[index].item() > 0;
    }
}
