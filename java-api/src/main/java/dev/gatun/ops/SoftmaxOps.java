package dev.gatun.ops;

import static dev.gatun.ops.OpChecks.backend;
import static dev.gatun.ops.OpChecks.dense;
import static dev.gatun.ops.OpChecks.sameShape;

import dev.gatun.tensor.Tensor;

/** Softmax and log-softmax over the last axis behind {@link Ops#softmax}, forward and backward. */
final class SoftmaxOps {
    private SoftmaxOps() {}

    static Tensor softmax(Tensor x, boolean log) {
        String name = log ? "logSoftmax" : "softmax";
        Tensor src = dense(name, x);
        if (src.rank() == 0) {
            throw new IllegalArgumentException(name + ": needs at least one axis, got a scalar");
        }
        Tensor dst = Tensor.empty(src.shape());
        backend().softmax(src, dst, log);
        return dst;
    }

    static Tensor softmaxBackward(Tensor dst, Tensor diffDst, boolean log) {
        String name = (log ? "logSoftmax" : "softmax") + " backward";
        Tensor d = dense(name, dst);
        Tensor dd = dense(name, diffDst);
        sameShape(name, d, dd);
        Tensor diffSrc = Tensor.empty(d.shape());
        backend().softmaxBackward(d, dd, diffSrc, log);
        return diffSrc;
    }
}
