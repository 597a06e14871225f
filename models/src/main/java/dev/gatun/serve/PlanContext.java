package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.Map;

/**
 * What a layer gets while it is planned: the backend every step calls, buffers that belong to
 * this plan (one plan serves one thread at a time) and the predictor's copy of each weight.
 */
public final class PlanContext {
    private final Backend backend;
    private final Scope scope;
    private final Map<Tensor, Tensor> weights;

    PlanContext(Backend backend, Scope scope, Map<Tensor, Tensor> weights) {
        this.backend = backend;
        this.scope = scope;
        this.weights = weights;
    }

    /** The backend the predictor was built for; steps call its kernels directly. */
    public Backend backend() {
        return backend;
    }

    /** A zeroed buffer of this plan. */
    public Tensor buffer(int... shape) {
        return Tensor.zeros(scope, shape);
    }

    /** A buffer of this plan holding a copy of {@code constant} (a mask, a fixed table), made now. */
    public Tensor copyOf(Tensor constant) {
        Tensor t = buffer(constant.shape());
        backend.copy(constant, t);
        return t;
    }

    /**
     * Runs {@code op} once now on the plan's backend: a layer passes the validating
     * {@code Ops...Into} form of its kernel on its planned buffers, so Ops checks every shape
     * before a call is served and the step may call the kernel directly.
     */
    public void check(Runnable op) {
        try (var _ = Backends.using(backend)) {
            op.run();
        }
    }

    /**
     * The predictor's snapshot of {@code live}, a tensor of the model's
     * {@linkplain dev.gatun.nn.Module#stateDict() state dict}: reading it is safe while the model
     * trains on.
     */
    public Tensor weight(Tensor live) {
        Tensor w = weights.get(live);
        if (w == null) {
            throw new IllegalArgumentException("Predictor: a layer asked for a weight " + live
                    + " that is not in the model's state dict");
        }
        return w;
    }
}
