package dev.gatun.nn;

import dev.gatun.autograd.Var;
import dev.gatun.serve.Inferable;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer or a model: owns {@link Parameter}s and child modules, and maps an input {@link Var}
 * to an output {@link Var} with the differentiable functions of {@link dev.gatun.autograd.F}.
 *
 * <pre>{@code
 * try (Module model = new Sequential(new Linear(2, 8, rng), new Tanh(), new Linear(8, 1, rng))) {
 *     model.namedParameters();            // {"0.weight", "0.bias", "2.weight", "2.bias"}
 *     try (Scope step = Scope.confined()) {
 *         Var loss = lossFn.forward(model.forward(Var.constant(x)), y);
 *         model.zeroGrad();
 *         loss.backward();                // grads land in the parameters' scope
 *         optimizer.step();
 *     }                                   // every temporary of the step is freed here
 * }                                       // parameters, grads and optimizer state freed here
 * }</pre>
 *
 * <p>A subclass creates its parameters with {@link #parameter(String, int...)} and registers its
 * children with {@link #child(String, Module)} in its constructor. Parameters live in a shared
 * scope of the module's own (created at the first parameter, not made current), so they outlive
 * every step scope and can be read from any thread; {@link #close()} frees them and the
 * children's.
 *
 * <p>Next to {@code forward}, a module plans its own inference ({@link #plan}) for
 * {@link dev.gatun.serve.Predictor}: the same computation in eval mode on buffers fixed ahead.
 */
public abstract class Module implements AutoCloseable, Inferable {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private Scope scope; // created with the first parameter
    private boolean training = true;

    /** Maps an input to an output, recording on the tape when gradients are wanted. */
    public abstract Var forward(Var x);

    /** {@code forward} on a constant input. */
    public Var forward(Tensor x) {
        return forward(Var.constant(x));
    }

    /**
     * Plans this module's eval-mode forward for a {@link dev.gatun.serve.Predictor}; see
     * {@link Inferable}. A module without a plan of its own refuses to be served.
     */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        throw new IllegalArgumentException("Predictor: no inference plan for " + getClass().getName()
                + "; such a module overrides plan (" + Inferable.class.getName() + ")");
    }

    /** Creates a zero-filled parameter [shape] in this module's scope and registers it. */
    protected Parameter parameter(String name, int... shape) {
        checkName(name);
        Parameter p = new Parameter(name, Tensor.zeros(scope(), shape));
        parameters.put(name, p);
        return p;
    }

    /** Registers a child module under {@code name} (its parameters appear as "name.weight"). */
    protected <M extends Module> M child(String name, M module) {
        checkName(name);
        if (module == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": child '" + name + "' is null");
        }
        children.put(name, module);
        return module;
    }

    private Scope scope() {
        if (scope == null) {
            scope = Scope.detachedShared();
        }
        return scope;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": bad name '" + name + "' (non-empty, no dots)");
        }
        if (parameters.containsKey(name) || children.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already used");
        }
    }

    /** Every parameter, depth first in registration order, with PyTorch's dotted names ("0.weight"). */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        parameters.forEach((name, p) -> out.put(prefix + name, p));
        children.forEach((name, m) -> m.collect(prefix + name + ".", out));
    }

    // ---- buffers and the state dict (checkpoints) ----------------------------------------

    /**
     * Creates a zero-filled buffer [shape] in this module's scope and registers it: state that is
     * saved and loaded with the parameters but not trained (BatchNorm's {@code running_mean}).
     */
    protected Tensor buffer(String name, int... shape) {
        checkName(name);
        Tensor t = Tensor.zeros(scope(), shape);
        buffers.put(name, t);
        return t;
    }

    /** Every buffer, depth first in registration order, with dotted names ("1.running_mean"). */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        walk("", (prefix, m) -> m.buffers.forEach((name, t) -> out.put(prefix + name, t)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * PyTorch's {@code state_dict()}: every parameter's and buffer's live tensor under its dotted
     * name, in PyTorch's order (a module's parameters, then its buffers, then each child's).
     * Writing into these tensors changes the model.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        walk("", (prefix, m) -> {
            m.parameters.forEach((name, p) -> out.put(prefix + name, p.value()));
            m.buffers.forEach((name, t) -> out.put(prefix + name, t));
        });
        return Collections.unmodifiableMap(out);
    }

    private void walk(String prefix, java.util.function.BiConsumer<String, Module> visit) {
        visit.accept(prefix, this);
        children.forEach((name, m) -> m.walk(prefix + name + ".", visit));
    }

    /** Every parameter, in the order of {@link #namedParameters()}. */
    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** The direct children, by name. */
    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Total number of scalar weights. */
    public long numParameters() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** Training mode (dropout active) for this module and its children; returns this. */
    public Module train() {
        return train(true);
    }

    /** Evaluation mode (dropout is the identity) for this module and its children; returns this. */
    public Module eval() {
        return train(false);
    }

    public Module train(boolean on) {
        training = on;
        children.values().forEach(m -> m.train(on));
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    /** Sets every parameter's accumulated gradient to zero. */
    public void zeroGrad() {
        parameters().forEach(Parameter::zeroGrad);
    }

    /** Frees the parameters of this module and of its children (with their gradients and optimizer state). */
    @Override
    public void close() {
        children.values().forEach(Module::close);
        if (scope != null) {
            scope.close();
        }
    }

    /** What goes between the parentheses in {@link #toString()}, like PyTorch's extra_repr. */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch-style summary: {@code Sequential((0): Linear(in_features=2, out_features=8, bias=True) ...)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((name, m) -> sb.append("  (").append(name).append("): ")
                    .append(m.toString().replace("\n", "\n  ")).append('\n'));
        }
        return sb.append(')').toString();
    }
}
