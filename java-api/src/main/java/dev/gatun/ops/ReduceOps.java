package dev.gatun.ops;

import static dev.gatun.ops.OpChecks.backend;
import static dev.gatun.ops.OpChecks.dense;
import static dev.gatun.ops.OpChecks.opName;

import dev.gatun.backend.ReduceOp;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/** Reductions over axes behind {@link Ops#reduce}, and {@link Ops#sumTo}, the gradient of a broadcast. */
final class ReduceOps {
    private ReduceOps() {}

    static Tensor reduce(ReduceOp op, Tensor x, boolean keepDims, int... axes) {
        String name = opName(op);
        Tensor src = dense(name, x);
        int rank = src.rank();
        boolean[] reduced = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        for (int a : axes) {
            reduced[Shapes.axis(name, a, rank)] = true;
        }
        int[] keep = src.shape();
        int kept = 0;
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                if (keep[i] == 0 && op == ReduceOp.MAX) {
                    throw new IllegalArgumentException(name + ": cannot take the max over empty axis " + i + " of shape "
                            + Shapes.str(src.shape()));
                }
                keep[i] = 1;
            } else {
                kept++;
            }
        }
        Tensor dst = Tensor.zeros(keep);
        backend().reduce(op, src, dst);
        if (keepDims) {
            return dst;
        }
        int[] out = new int[kept];
        for (int i = 0, j = 0; i < rank; i++) {
            if (!reduced[i]) {
                out[j++] = keep[i];
            }
        }
        return dst.reshape(out);
    }

    static Tensor sumTo(Tensor grad, int[] shape) {
        if (grad == null) {
            throw new IllegalArgumentException("sumTo: tensor argument is null");
        }
        OpChecks.live("sumTo", grad);
        int[] g = grad.shape();
        if (Arrays.equals(g, shape)) {
            return grad;
        }
        int[] full = Shapes.broadcast("sumTo", shape, g);
        if (!Arrays.equals(full, g)) {
            throw new IllegalArgumentException("shape mismatch in sumTo: " + Shapes.str(g) + " cannot be summed to "
                    + Shapes.str(shape));
        }
        int[] target = Shapes.padLeft(shape, g.length);
        Tensor dst = Tensor.zeros(target);
        backend().reduce(ReduceOp.SUM, dense("sumTo", grad), dst);
        return dst.reshape(shape);
    }
}
