package dev.gatun.ops;

import static dev.gatun.ops.OpChecks.backend;
import static dev.gatun.ops.OpChecks.checkOut;
import static dev.gatun.ops.OpChecks.dense;
import static dev.gatun.ops.OpChecks.opName;

import dev.gatun.backend.BinaryOp;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * Broadcasting elementwise binary ops behind {@link Ops#binary}: operands are padded to the
 * output's rank as views, never copied to full size.
 */
final class BinaryOps {
    private BinaryOps() {}

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = opName(op);
        OpChecks.live(name, a);
        OpChecks.live(name, b);
        int[] shape = Shapes.broadcast(name, a.shape(), b.shape());
        Tensor dst = Tensor.empty(shape);
        backend().binary(op, padded(name, a, shape.length), padded(name, b, shape.length), dst);
        return dst;
    }

    static void binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        String name = opName(op);
        OpChecks.live(name, a);
        OpChecks.live(name, b);
        int[] shape = Shapes.broadcast(name, a.shape(), b.shape());
        checkOut(name, dst, shape);
        Outputs.writable(name, "dst", dst);
        Tensor pa = padded(name, a, shape.length), pb = padded(name, b, shape.length);
        Outputs.inPlaceOnly(name, "dst", dst, "a", pa);
        Outputs.inPlaceOnly(name, "dst", dst, "b", pb);
        backend().binary(op, pa, pb, dst);
    }

    /** Operand as a contiguous tensor of the given rank (ones prepended, a view). */
    private static Tensor padded(String op, Tensor t, int rank) {
        Tensor d = dense(op, t);
        return d.rank() == rank ? d : d.reshape(Shapes.padLeft(d.shape(), rank));
    }
}
