package dev.gatun.autograd;

import dev.gatun.backend.BinaryOp;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node of the autograd tape: a {@link Tensor} value, whether it wants a gradient, and, when an
 * op in {@link F} produced it, the closure that turns the gradient of this value into gradients
 * of the op's inputs.
 *
 * <pre>{@code
 * Var x = Var.constant(input);                 // data: no gradient
 * Var w = Var.leaf(Tensor.zeros(3, 2), true);  // a trainable leaf
 * Var loss = F.mean(F.square(F.matmul(x, w)));
 * loss.backward();                             // w.grad() += dloss/dw
 * w.zeroGrad();
 * }</pre>
 *
 * <p>Gradients of leaves <em>accumulate</em> ({@code +=}) across {@link #backward()} calls
 * until {@link #zeroGrad()}; a leaf's gradient tensor is allocated once, in the same scope as
 * its value (so a parameter's gradient lives as long as the parameter). Gradients of
 * intermediate values are temporaries in the current scope and are not kept. Inside a
 * {@link NoGrad} block ops record nothing.
 */
public class Var {
    /** Creation order: an op's result is always newer than its inputs, so sorting by it is a topological order. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** Turns the gradient of an op's output into the gradients of its inputs (null where not needed). */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    private final Tensor value;
    private final boolean requiresGrad;
    private final String op; // "leaf" for leaves: names the op in error messages
    private final Var[] inputs; // empty for leaves and unrecorded results
    private final Backward backward; // null for leaves and unrecorded results
    private final long sequence = SEQUENCE.incrementAndGet();
    private Tensor grad;
    private boolean gradStale; // zeroGrad() was called: grad holds old values that read as zeros

    /** A leaf; subclasses ({@code Parameter}) call this. */
    protected Var(Tensor value, boolean requiresGrad) {
        this(value, requiresGrad, "leaf", new Var[0], null);
    }

    private Var(Tensor value, boolean requiresGrad, String op, Var[] inputs, Backward backward) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": value tensor is null");
        }
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    /** A value that never gets a gradient (data, targets, masks). */
    public static Var constant(Tensor value) {
        return new Var(value, false);
    }

    /** A leaf; with {@code requiresGrad} its gradient accumulates in {@link #grad()}. */
    public static Var leaf(Tensor value, boolean requiresGrad) {
        return new Var(value, requiresGrad);
    }

    /**
     * The result of a differentiable op: the extension point for new ops. Records {@code backward}
     * only when some input requires a gradient and no {@link NoGrad} block is active; otherwise the
     * result is a constant and the closure (with what it captured) is dropped.
     */
    public static Var result(String op, Tensor value, Backward backward, Var... inputs) {
        boolean record = false;
        if (!NoGrad.isActive()) {
            for (Var in : inputs) {
                record |= in != null && in.requiresGrad;
            }
        }
        return record ? new Var(value, true, op, inputs.clone(), backward) : new Var(value, false, op, new Var[0], null);
    }

    public Tensor value() {
        return value;
    }

    /** The accumulated gradient of a leaf, or null before its first backward pass. */
    public Tensor grad() {
        if (gradStale && grad.isAlive()) {
            grad.fill(0f);
            gradStale = false;
        }
        return grad;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for values no recorded op produced (parameters, data, constants). */
    public boolean isLeaf() {
        return backward == null;
    }

    /** The op that produced this value ("leaf" for leaves). */
    public String op() {
        return op;
    }

    public int[] shape() {
        return value.shape();
    }

    public int dim(int axis) {
        return value.dim(axis);
    }

    public int rank() {
        return value.rank();
    }

    /** The value of a one-element Var (a loss). */
    public float item() {
        return value.item();
    }

    /** The same value cut off from the tape: a constant. */
    public Var detach() {
        return constant(value);
    }

    /**
     * Sets the accumulated gradient to zero (keeps the tensor, so nothing is reallocated). The
     * zeros are written lazily: the next backward pass overwrites the gradient instead of adding
     * to it, so a training step does not pass over every gradient once to zero it and once more
     * to add.
     */
    public void zeroGrad() {
        gradStale = grad != null;
    }

    /** Backpropagates from a one-element value (a loss), seeding its gradient with 1. */
    public void backward() {
        if (value.numel() != 1) {
            throw new IllegalStateException("backward: called on " + op + " of shape " + Shapes.str(value.shape())
                    + "; only a one-element value (a loss) can seed itself, pass a gradient with backward(Tensor)");
        }
        backward(Tensor.full(1f, value.shape()));
    }

    /**
     * Backpropagates {@code seed} (dLoss/dthis, same shape as the value) through the tape in
     * reverse topological order, accumulating into the gradients of the leaves that require one.
     * Temporaries go to the current scope.
     */
    public void backward(Tensor seed) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: " + op + " of shape " + Shapes.str(value.shape())
                    + " does not require a gradient (no input requires one, or it was made under NoGrad)");
        }
        checkGradShape(this, seed, "backward seed");
        Map<Var, Tensor> pending = new IdentityHashMap<>();
        pending.put(this, seed);
        for (Var node : reachable()) {
            Tensor g = pending.remove(node);
            if (g == null) {
                continue; // no path from the seed carried a gradient here
            }
            if (node.backward == null) {
                node.accumulate(g);
                continue;
            }
            Tensor[] grads = node.backward.apply(g);
            if (grads.length != node.inputs.length) {
                throw new IllegalStateException("backward of " + node.op + " returned " + grads.length
                        + " gradients for " + node.inputs.length + " inputs");
            }
            for (int i = 0; i < grads.length; i++) {
                Var in = node.inputs[i];
                if (in == null || !in.requiresGrad || grads[i] == null) {
                    continue;
                }
                checkGradShape(in, grads[i], "backward of " + node.op + " (input " + i + ")");
                Tensor sum = pending.get(in);
                pending.put(in, sum == null ? grads[i] : Ops.add(sum, grads[i]));
            }
        }
    }

    /** Every recorded node from here back to the leaves, newest first (a reverse topological order). */
    private List<Var> reachable() {
        List<Var> nodes = new ArrayList<>();
        Map<Var, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Var> todo = new ArrayDeque<>();
        todo.push(this);
        seen.put(this, Boolean.TRUE);
        while (!todo.isEmpty()) { // iterative, so long chains (RNNs) cannot overflow the stack
            Var v = todo.pop();
            nodes.add(v);
            for (Var in : v.inputs) {
                if (in != null && in.requiresGrad && seen.put(in, Boolean.TRUE) == null) {
                    todo.push(in);
                }
            }
        }
        nodes.sort(Comparator.comparingLong((Var v) -> v.sequence).reversed());
        return nodes;
    }

    /** grad += g (grad = g after {@link #zeroGrad()}), allocating grad in the value's own scope the first time. */
    private void accumulate(Tensor g) {
        if (grad == null || !grad.isAlive()) {
            grad = Tensor.zeros(value.scope(), value.shape());
            gradStale = true;
        }
        if (gradStale) {
            Ops.copyInto(g, grad);
            gradStale = false;
        } else {
            Ops.binaryInto(BinaryOp.ADD, grad, g, grad);
        }
    }

    private static void checkGradShape(Var v, Tensor g, String where) {
        if (!Arrays.equals(v.value.shape(), g.shape())) {
            throw new IllegalStateException(where + ": gradient of shape " + Shapes.str(g.shape()) + " for "
                    + v.op + " of shape " + Shapes.str(v.value.shape()));
        }
    }

    @Override
    public String toString() {
        return "Var[" + op + ", " + value + (requiresGrad ? ", requiresGrad" : "") + "]";
    }
}
