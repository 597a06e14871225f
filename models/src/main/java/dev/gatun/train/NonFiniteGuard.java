package dev.gatun.train;

import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.nn.Module;
import dev.gatun.nn.Parameter;
import dev.gatun.nn.Sequential;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;

/**
 * The trainer's "stop at the first NaN" option (like PyTorch's anomaly detection, but checked
 * per step rather than per op, so it costs a few passes over the parameters, not a slower tape).
 * Each step is checked three times: the loss after the forward pass, every gradient after the
 * backward pass, every parameter after the update. A bad loss replays the forward pass layer by
 * layer (into nested {@link Sequential}s) to name the first layer whose output went non-finite.
 */
final class NonFiniteGuard {
    private final Module model;
    private final Map<String, Parameter> parameters;

    NonFiniteGuard(Module model) {
        this.model = model;
        this.parameters = model.namedParameters();
    }

    /** After the forward pass: a non-finite loss is traced back to the input, a layer or the loss itself. */
    void checkLoss(long step, int epoch, Var input, Var loss) {
        float value = loss.value().item();
        if (Float.isFinite(value)) {
            return;
        }
        String what = "gave the loss " + value;
        if (!isFinite(input.value())) {
            throw new NonFiniteException(step, epoch, "the input batch", "holds NaN or infinity, which " + what);
        }
        for (var e : parameters.entrySet()) {
            if (!isFinite(e.getValue().value())) {
                throw new NonFiniteException(step, epoch, "parameter '" + e.getKey() + "'", "holds NaN or infinity");
            }
        }
        String culprit;
        try (var _ = NoGrad.enter()) {
            culprit = firstNonFiniteLayer("", model, input).culprit;
        }
        throw new NonFiniteException(step, epoch, culprit == null ? "the loss function" : "layer " + culprit,
                culprit == null ? "of finite outputs " + what : "output is non-finite and " + what);
    }

    /** After backward: names the first parameter whose gradient is not finite. */
    void checkGradients(long step, int epoch) {
        for (var e : parameters.entrySet()) {
            Tensor grad = e.getValue().grad();
            if (grad != null && !isFinite(grad)) {
                throw new NonFiniteException(step, epoch, "gradient of '" + e.getKey() + "'", "holds NaN or infinity");
            }
        }
    }

    /** After the optimizer's update: names the first parameter it made non-finite. */
    void checkParameters(long step, int epoch) {
        for (var e : parameters.entrySet()) {
            if (!isFinite(e.getValue().value())) {
                throw new NonFiniteException(step, epoch, "parameter '" + e.getKey() + "'",
                        "became NaN or infinite in the optimizer's update");
            }
        }
    }

    private record Probe(Var out, String culprit) {}

    /** Runs {@code m} on {@code x}, stepping into Sequentials, until an output is non-finite. */
    private static Probe firstNonFiniteLayer(String path, Module m, Var x) {
        if (m instanceof Sequential s) {
            Var h = x;
            for (int i = 0; i < s.size(); i++) {
                Probe p = firstNonFiniteLayer(path + i + ".", s.get(i), h);
                if (p.culprit != null) {
                    return p;
                }
                h = p.out;
            }
            return new Probe(h, null);
        }
        Var out = m.forward(x);
        String name = path.isEmpty() ? "" : "'" + path.substring(0, path.length() - 1) + "' ";
        return new Probe(out, isFinite(out.value()) ? null : name + "(" + m.getClass().getSimpleName() + ")");
    }

    static boolean isFinite(Tensor t) {
        Tensor c = t.isContiguous() ? t : t.contiguous();
        MemorySegment s = c.segment();
        for (long i = 0, n = c.numel(); i < n; i++) {
            if (!Float.isFinite(s.getAtIndex(ValueLayout.JAVA_FLOAT, i))) {
                return false;
            }
        }
        return true;
    }
}
