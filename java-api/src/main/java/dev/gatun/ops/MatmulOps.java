package dev.gatun.ops;

import static dev.gatun.ops.OpChecks.backend;
import static dev.gatun.ops.OpChecks.checkOut;
import static dev.gatun.ops.OpChecks.matched;
import static dev.gatun.ops.OpChecks.mismatch;

import dev.gatun.backend.Backend;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * Matrix products behind {@link Ops#matmul}: the inner, batch and output checks, and staging when
 * the output overlaps an operand. Operands are both float32 or both bfloat16; the product is float32.
 */
final class MatmulOps {
    private MatmulOps() {}

    static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        int[] cShape = matmulShape(a, transA, b, transB);
        Tensor c = Tensor.empty(cShape);
        backend().matmul(matched("matmul", a, b), transA, matched("matmul", b, a), transB, c, 1f, 0f);
        return c;
    }

    static void matmulInto(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
        checkMatmul(a, transA, b, transB);
        int m = transA ? a.dim(-1) : a.dim(-2);
        int n = transB ? b.dim(-2) : b.dim(-1);
        int rank = Math.max(a.rank(), b.rank());
        int batch = a.rank() == 3 ? a.dim(0) : b.dim(0);
        if (c == null) {
            throw new IllegalArgumentException("matmul: output tensor is null");
        }
        OpChecks.live("matmul", c);
        if (c.rank() != rank || c.dim(-2) != m || c.dim(-1) != n || (rank == 3 && c.dim(0) != batch)) {
            checkOut("matmul", c, matmulShape(a, transA, b, transB)); // builds the message
        }
        if (!c.isContiguous()) {
            throw new IllegalArgumentException("matmul: output tensor " + Shapes.str(c.shape()) + " must be contiguous");
        }
        Outputs.writable("matmul", "c", c);
        Tensor da = matched("matmul", a, b), db = matched("matmul", b, a);
        Backend backend = backend();
        if (Outputs.overlaps(c, da) || Outputs.overlaps(c, db)) {
            Outputs.staged(backend, c, beta != 0f, t -> backend.matmul(da, transA, db, transB, t, alpha, beta));
        } else {
            backend.matmul(da, transA, db, transB, c, alpha, beta);
        }
    }

    /** {@link Backend#linear}: x [M,K] and w [N,K] (float32 or bf16 pairs), bias [N] or [1,N] or null, y [M,N], all checked. */
    static void linearInto(Tensor x, Tensor w, Tensor bias, boolean relu, Tensor y) {
        String op = "linear";
        checkMatmul(x, false, w, true);
        if (x.rank() != 2 || w.rank() != 2) {
            throw mismatch(op, x, w, "expected input [M, K] and weights [N, K]");
        }
        int m = x.dim(0), n = w.dim(0);
        Tensor b = null;
        if (bias != null) {
            b = OpChecks.dense(op, bias);
            if (b.numel() != n || b.rank() > 2 || (b.rank() == 2 && b.dim(0) != 1)) {
                throw new IllegalArgumentException("shape mismatch in " + op + ": bias " + Shapes.str(bias.shape())
                        + ", expected [" + n + "] or [1, " + n + "] (one per output)");
            }
            b = b.reshape(1, n);
        }
        if (y == null) {
            throw new IllegalArgumentException(op + ": output tensor is null");
        }
        checkOut(op, y, new int[] {m, n});
        if (!y.isContiguous()) {
            throw new IllegalArgumentException(op + ": output tensor " + Shapes.str(y.shape()) + " must be contiguous");
        }
        Outputs.writable(op, "y", y);
        Tensor dx = matched(op, x, w), dw = matched(op, w, x);
        for (Tensor in : new Tensor[] {dx, dw, b}) {
            if (in != null && Outputs.overlaps(y, in)) {
                throw new IllegalArgumentException(op + ": output " + Shapes.str(y.shape()) + " shares memory with an input "
                        + Shapes.str(in.shape()));
            }
        }
        backend().linear(dx, dw, b, relu, y);
    }

    static int[] matmulShape(Tensor a, boolean transA, Tensor b, boolean transB) {
        checkMatmul(a, transA, b, transB);
        int m = transA ? a.dim(-1) : a.dim(-2);
        int n = transB ? b.dim(-2) : b.dim(-1);
        if (a.rank() == 2 && b.rank() == 2) {
            return new int[] {m, n};
        }
        return new int[] {a.rank() == 3 ? a.dim(0) : b.dim(0), m, n};
    }

    /** Liveness, ranks, inner and batch dimensions of a matmul; allocates only to throw. */
    private static void checkMatmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("matmul: tensor argument is null");
        }
        a.checkAccess("matmul");
        b.checkAccess("matmul");
        int ra = a.rank(), rb = b.rank();
        if (ra < 2 || ra > 3 || rb < 2 || rb > 3) {
            throw mismatch("matmul", a, b, "operands must have rank 2 or 3");
        }
        int ka = transA ? a.dim(-2) : a.dim(-1);
        int kb = transB ? b.dim(-1) : b.dim(-2);
        if (ka != kb) {
            throw mismatch("matmul", a, b, "inner dimensions " + ka + " and " + kb + " differ"
                    + (transA || transB ? " (transA=" + transA + ", transB=" + transB + ")" : ""));
        }
        if (ra == 3 && rb == 3 && a.dim(0) != b.dim(0)) {
            throw mismatch("matmul", a, b, "batch sizes " + a.dim(0) + " and " + b.dim(0) + " differ");
        }
    }
}
