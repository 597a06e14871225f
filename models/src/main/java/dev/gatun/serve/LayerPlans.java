package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.tensor.Tensor;
import java.util.List;

/** Small {@link LayerPlan}s: from a lambda, the identity, a chain, an elementwise function. */
public final class LayerPlans {
    private LayerPlans() {}

    /** A step that runs {@code body} and leaves its result in {@code output}. */
    public static LayerPlan of(Tensor output, Runnable body) {
        return new LayerPlan() {
            @Override
            public Tensor output() {
                return output;
            }

            @Override
            public void run() {
                body.run();
            }
        };
    }

    /** A step that does nothing: its output is its input, or a view of it (Dropout, Identity, Flatten). */
    public static LayerPlan identity(Tensor output) {
        return of(output, () -> {});
    }

    /**
     * {@code step}, followed, when its output is a strided view (a user's layer may hand one on),
     * by a copy into a buffer of the plan: the backends' kernels read contiguous memory, and the
     * plan-time checks through Ops, which accept views, would otherwise pass a step that fails.
     */
    public static LayerPlan contiguous(LayerPlan step, PlanContext ctx) {
        Tensor out = step.output();
        if (out.isContiguous()) {
            return step;
        }
        Tensor dense = ctx.buffer(out.shape());
        Backend be = ctx.backend();
        return of(dense, () -> {
            step.run();
            be.copy(out, dense);
        });
    }

    /** Steps run in order, each planned on the previous one's output; the last one's output is the chain's. */
    public static LayerPlan chain(Tensor input, List<LayerPlan> steps) {
        LayerPlan[] chain = steps.toArray(LayerPlan[]::new);
        return of(chain.length == 0 ? input : chain[chain.length - 1].output(), () -> {
            for (LayerPlan s : chain) {
                s.run();
            }
        });
    }

    /**
     * {@code f(input)} in place on {@code input}: an activation overwrites the buffer the layer
     * before it wrote, which nothing else reads (plan a copy first where something does); or
     * nothing at all, when the int8 product that wrote {@code input} applies it
     * ({@link PlanContext#fuseActivation}).
     */
    public static LayerPlan eltwise(EltwiseOp op, float alpha, Tensor input, PlanContext ctx) {
        if (ctx.fuseActivation(op, alpha, input)) {
            return identity(input);
        }
        Backend be = ctx.backend();
        return of(input, () -> be.eltwise(op, alpha, 0f, input, input));
    }
}
