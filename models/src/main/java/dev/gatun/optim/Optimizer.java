package dev.gatun.optim;

import dev.gatun.nn.Parameter;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their accumulated gradients:
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3f);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 *
 * <p>Parameters without a gradient yet are skipped, as in PyTorch. State tensors (momentum,
 * moments) are allocated once, at construction, in each parameter's own scope, so a step
 * allocates nothing. Each update is one pass over a parameter's off-heap floats, written like the
 * formulas in each subclass's javadoc (as llm.c's AdamW), on Vector API lanes where available; parameters and gradients must not be
 * used by another thread during {@link #step()}.
 */
public abstract class Optimizer {
    protected static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;
    /** One pass per parameter: Vector API lanes where available, else plain loops (the same bits). */
    static final UpdateKernels KERNELS = UpdateKernels.get();

    private final List<Parameter> params;
    private float lr;
    private long steps;

    protected Optimizer(List<Parameter> params, float lr) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimize");
        }
        this.params = List.copyOf(params);
        setLearningRate(lr);
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        steps++;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (p.grad() != null) {
                update(i, unchecked(p.value().segment()), unchecked(p.grad().segment()), p.value().numel());
            }
        }
    }

    /**
     * A view of {@code checked} (just obtained from a live tensor) that skips the per-access
     * liveness check of its arena. With the checks, C2 hoists them out of the update loops as
     * profiled loop predicates that fail on entry for some parameters, deoptimizes, recompiles
     * the same predicates and fails again, for the whole run: Adam's update of the 784-256-128-10
     * MLP took 6-8 ms per step instead of 0.06 ms ({@code -XX:-UseProfiledLoopPredicate} gives
     * the same cure). The memory belongs to the model's scope, which only closing the model
     * frees; closing it while another thread steps its optimizer is the caller's data race, as
     * with any buffer (see the class comment).
     */
    protected static MemorySegment unchecked(MemorySegment checked) {
        return MemorySegment.ofAddress(checked.address()).reinterpret(checked.byteSize());
    }

    /**
     * Updates parameter {@code index}: {@code w} and {@code g} are its value and gradient,
     * {@code n} floats each.
     */
    protected abstract void update(int index, MemorySegment w, MemorySegment g, long n);

    /** Zeroes every parameter's gradient. */
    public void zeroGrad() {
        params.forEach(Parameter::zeroGrad);
    }

    public float learningRate() {
        return lr;
    }

    public final void setLearningRate(float lr) {
        if (!(lr >= 0f) || !Float.isFinite(lr)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be finite and >= 0, got " + lr);
        }
        this.lr = lr;
    }

    /** Number of {@link #step()} calls so far. */
    public long stepCount() {
        return steps;
    }

    public List<Parameter> parameters() {
        return params;
    }

    // ---- state, for checkpoints ----------------------------------------------------------

    /**
     * The state PyTorch's optimizer keeps for parameter {@code index}, under PyTorch's keys, as
     * live tensors (writing them changes the optimizer): {@code momentum_buffer} for SGD with
     * momentum; {@code step} (a scalar), {@code exp_avg} and {@code exp_avg_sq} for Adam and
     * AdamW. Empty for an optimizer without state. The tensors exist from construction; see
     * {@link #hasState} for whether PyTorch would have them yet.
     */
    public Map<String, Tensor> state(int index) {
        return Map.of();
    }

    /** Whether parameter {@code index} has state yet: PyTorch creates it at its first update. */
    public boolean hasState(int index) {
        return false;
    }

    /**
     * After a checkpoint overwrote the {@link #state} tensors of parameter {@code index} (or
     * found none for it), marks its state present or absent; absent state is reset to zero.
     */
    public void restoreState(int index, boolean present) {
        if (!present) {
            state(index).values().forEach(t -> t.fill(0f));
        }
    }

    /** A zeroed state tensor shaped like parameter {@code index}, in that parameter's scope. */
    protected final Tensor stateLike(int index) {
        Tensor w = params.get(index).value();
        return Tensor.zeros(w.scope(), w.shape());
    }

    protected static void checkNonNegative(String opt, String what, float v) {
        if (!(v >= 0f) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(opt + ": " + what + " must be finite and >= 0, got " + v);
        }
    }
}
