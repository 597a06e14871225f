package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The model planned once for one input shape: an input buffer, the layers' steps and buffers,
 * and the output they leave, all in a scope of the plan's own. One thread uses a plan at a time
 * (the {@link Predictor} hands them out), so the scope's arena is never contended; it is a shared
 * arena only so that {@link Predictor#close()} may free it from any thread.
 */
final class Plan implements AutoCloseable {
    final Scope scope;
    final Tensor input;
    final Tensor output;
    final MemorySegment in; // the segments of input and output, taken once
    final MemorySegment out;
    private final LayerPlan model;

    Plan(Module module, int[] inputShape, Backend backend, PlanWeights weights) {
        scope = Scope.detachedShared();
        try {
            PlanContext ctx = new PlanContext(backend, scope, weights);
            input = ctx.buffer(inputShape);
            model = LayerPlans.contiguous(module.plan(input, ctx), ctx); // not contiguous(): a copy made now would never change
            output = model.output();
            in = input.segment();
            out = output.segment();
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
    }

    void run() {
        model.run();
    }

    @Override
    public void close() {
        scope.close();
    }
}
