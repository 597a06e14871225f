package dev.gatun.serve;

import dev.gatun.tensor.Tensor;

/** Small {@link LayerPlan}s from a lambda. */
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

    /** A step that does nothing: its output is its input (Dropout and Identity at inference). */
    public static LayerPlan identity(Tensor input) {
        return of(input, () -> {});
    }
}
