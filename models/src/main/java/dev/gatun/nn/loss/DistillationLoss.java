package dev.gatun.nn.loss;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * Knowledge distillation (Hinton, Vinyals and Dean, 2015): a student's logits [N,C] against
 * targets [N, 1+C] that hold each row's class index, then the teacher's logits for that row;
 * the mean over the batch of
 * <pre>
 *   alpha * T^2 * KL(softmax(teacher / T) || softmax(student / T)) + (1 - alpha) * CE(student, label)
 * </pre>
 * as PyTorch writes it with {@code kl_div(log_softmax(s / T), softmax(t / T), reduction="batchmean")}.
 * The temperature T softens both distributions, so the student learns how the teacher ranks the
 * wrong classes too; T^2 keeps the soft term's gradients the size of the hard term's as T grows.
 * The teacher's logits are fixed data (computed once, in inference), so only the student gets
 * gradients: {@code (alpha T / N) (softmax(s/T) - softmax(t/T)) + ((1 - alpha) / N) (softmax(s) - onehot)}.
 */
public final class DistillationLoss implements Loss {
    private final float temperature;
    private final float alpha;

    /** {@code temperature} > 0 and finite; {@code alpha} in [0, 1] (1: the teacher only, 0: the labels only). */
    public DistillationLoss(float temperature, float alpha) {
        if (!(temperature > 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("DistillationLoss: temperature must be positive and finite, got " + temperature);
        }
        if (!(alpha >= 0f && alpha <= 1f)) {
            throw new IllegalArgumentException("DistillationLoss: alpha must be in [0, 1], got " + alpha);
        }
        this.temperature = temperature;
        this.alpha = alpha;
    }

    public float temperature() {
        return temperature;
    }

    public float alpha() {
        return alpha;
    }

    @Override
    public Var forward(Var output, Tensor target) {
        String name = "DistillationLoss";
        target.checkAccess(name);
        int[] os = output.shape();
        if (os.length != 2 || target.rank() != 2 || target.dim(0) != os[0] || target.dim(1) != os[1] + 1) {
            throw new IllegalArgumentException("shape mismatch in " + name + ": output " + Shapes.str(os) + " and target "
                    + Shapes.str(target.shape()) + " (expected [N, C] and [N, 1 + C]: the label, then the teacher's logits)");
        }
        int n = os[0], c = os[1];
        Var loss = null;
        if (alpha < 1f) {
            int[] classes = Targets.classes(name, output, target.slice(1, 0, 1).contiguous());
            loss = F.softmaxCrossEntropy(output, Targets.oneHot(classes, c, 1f, 0f), (1f - alpha) / n);
        }
        if (alpha > 0f) {
            float t = temperature, weight = alpha * t * t / n;
            Tensor teacher = Ops.mul(target.slice(1, 1, 1 + c).contiguous(), 1f / t);
            Tensor logP = Ops.logSoftmax(teacher), p = Ops.softmax(teacher);
            // KL(p || q) = sum p log p - sum p log q: the cross-entropy below, plus the teacher's (constant) negative entropy
            float negativeEntropy = Ops.sum(Ops.mul(p, logP), false).item();
            Var soft = F.add(F.softmaxCrossEntropy(F.mul(output, 1f / t), p, weight), weight * negativeEntropy);
            loss = loss == null ? soft : F.add(loss, soft);
        }
        return loss;
    }

    @Override
    public String name() {
        return "distillation";
    }
}
