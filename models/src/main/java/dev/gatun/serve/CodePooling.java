package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Tensor;

/**
 * A planned eval-mode max pooling that runs on floats, or, once {@link #useCodes} binds them, on
 * the uint8 codes an int8 product wrote for the next one ({@link Backend#quantizedMaxPool2d}):
 * quantizing is monotone, so pooling the codes gives exactly the codes the next product would
 * have quantized from the float pooling.
 */
final class CodePooling implements Runnable {
    private final Backend backend;
    private final Runnable floats;
    private final Pool2dParams p;
    private final int[] outputShape;
    private Tensor in, out; // the codes, once bound

    CodePooling(Backend backend, Tensor y, Pool2dParams p, Runnable floats) {
        this.backend = backend;
        this.floats = floats;
        this.p = p;
        outputShape = y.shape();
    }

    int[] outputShape() {
        return outputShape.clone();
    }

    /** From now on pools {@code codesIn} (the float input's shape) into {@code codesOut}, after checking them through Ops. */
    void useCodes(Tensor codesIn, Tensor codesOut, PlanContext ctx) {
        ctx.check(() -> Ops.quantizedMaxPool2dInto(codesIn, codesOut, p));
        in = codesIn;
        out = codesOut;
    }

    @Override
    public void run() {
        if (in == null) {
            floats.run();
        } else {
            backend.quantizedMaxPool2d(in, out, p);
        }
    }
}
