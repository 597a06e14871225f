package dev.gatun.ops;

import static dev.gatun.ops.OpChecks.backend;
import static dev.gatun.ops.OpChecks.checkOut;
import static dev.gatun.ops.OpChecks.dense;
import static dev.gatun.ops.OpChecks.opName;
import static dev.gatun.ops.OpChecks.sameShape;

import dev.gatun.backend.EltwiseOp;
import dev.gatun.tensor.Tensor;

/**
 * Unary elementwise ops behind {@link Ops#eltwise}: one entry point over {@link
 * dev.gatun.backend.EltwiseOp}, forward and backward.
 */
final class EltwiseOps {
    private EltwiseOps() {}

    static Tensor eltwise(EltwiseOp op, float alpha, float beta, Tensor x) {
        Tensor src = dense(opName(op), x);
        Tensor dst = Tensor.empty(src.shape());
        backend().eltwise(op, alpha, beta, src, dst);
        return dst;
    }

    static void eltwiseInto(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
        String name = opName(op);
        Tensor s = dense(name, src);
        checkOut(name, dst, s.shape());
        Outputs.writable(name, "dst", dst);
        Outputs.inPlaceOnly(name, "dst", dst, "src", s);
        backend().eltwise(op, alpha, beta, s, dst);
    }

    static Tensor eltwiseBackward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor diffDst) {
        String name = opName(op) + " backward";
        Tensor s = dense(name, src);
        Tensor dd = dense(name, diffDst);
        sameShape(name, s, dd);
        Tensor diffSrc = Tensor.empty(s.shape());
        backend().eltwiseBackward(op, alpha, beta, s, dd, diffSrc);
        return diffSrc;
    }
}
