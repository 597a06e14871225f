package dev.gatun.testing;

import static dev.gatun.testing.Close.U;
import static dev.gatun.testing.Close.assertClose;

import dev.gatun.backend.Backend;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * A backend's bfloat16 matrix products and convolutions (bf16 operands, float32 accumulation and
 * results) against the scalar oracle run on the operands' exact float32 values. The product of
 * two bf16 values (8-bit mantissas) is exact in float32, so a kernel may differ from the oracle
 * only in how it sums: the tolerance is the float error bound of a sum of k terms,
 * {@code 2 (k + 2) u sum|terms|} with u = 2^-24, the same as for float32 kernels. The rounding to
 * bf16 itself (relative 2^-8) is in the operands both sides see.
 */
public final class Bf16Parity {
    private static final Backend ORACLE = new ScalarBackend();

    private Bf16Parity() {}

    /** Matmul shapes (m, n, k, batch: 0 for rank 2) that break kernels: 1s, odd sizes, lanes +- 1, a skinny product. */
    private static final int[][] MATMUL = {{1, 1, 1, 0}, {3, 5, 7, 0}, {17, 33, 15, 0}, {64, 64, 64, 0}, {1, 130, 257, 0},
        {8, 25, 150, 0}, {5, 9, 31, 3}, {33, 16, 65, 2}};

    /** Every matmul case with each transpose, alpha and beta, then every convolution case of {@link ConvParity}. */
    public static void checkAll(Backend candidate, long seed) {
        Rng rng = new Rng(seed);
        int i = 0;
        for (int[] s : MATMUL) {
            for (int t = 0; t < 4; t++) {
                checkMatmul(candidate, s[0], s[1], s[2], s[3], (t & 1) != 0, (t & 2) != 0, rng.split(), i++ % 2 == 1);
            }
        }
        for (ConvParity.ConvCase c : ConvParity.CONV_CASES) {
            ConvParity.checkConv(candidate, c, rng.split(), i++ % 2 == 1, t -> t.to(DataType.BFLOAT16));
        }
    }

    /** Random float32 values rounded to bf16. */
    private static Tensor bf16(Rng rng, int... shape) {
        return Tensor.uniform(rng, -2, 2, shape).to(DataType.BFLOAT16);
    }

    private static Tensor abs(Tensor t) {
        Tensor out = Tensor.zeros(t.shape());
        ORACLE.eltwise(EltwiseOp.ABS, 0, 0, t.to(DataType.FLOAT32), out);
        return out;
    }

    public static void checkMatmul(Backend candidate, int m, int n, int k, int batch, boolean transA, boolean transB,
                                   Rng rng, boolean shared) {
        int[] aShape = transA ? new int[] {k, m} : new int[] {m, k};
        int[] bShape = transB ? new int[] {n, k} : new int[] {k, n};
        int[] cShape = {m, n};
        if (batch > 0) {
            aShape = new int[] {batch, aShape[0], aShape[1]};
            cShape = new int[] {batch, m, n};
        }
        String what = "bf16 matmul " + Shapes.str(aShape) + (transA ? "^T" : "") + " x " + Shapes.str(bShape)
                + (transB ? "^T" : "") + " on " + candidate.name();
        try (Scope scope = shared ? Scope.shared() : Scope.confined()) {
            Tensor a = bf16(rng, aShape), b = bf16(rng, bShape);
            float alpha = rng.nextInt(2) == 0 ? 1f : 0.5f, beta = rng.nextInt(2) == 0 ? 0f : 1f;
            Tensor c0 = Tensor.uniform(rng, -1, 1, cShape);
            Tensor expected = c0.copy(), actual = c0.copy(), bound = abs(c0);
            ORACLE.matmul(a, transA, b, transB, expected, alpha, beta);
            candidate.matmul(a, transA, b, transB, actual, alpha, beta);
            ORACLE.matmul(abs(a), transA, abs(b), transB, bound, Math.abs(alpha), Math.abs(beta));
            float[] bd = bound.toArray();
            assertClose(what + ", alpha " + alpha + ", beta " + beta, expected.toArray(), actual.toArray(),
                    idx -> 2 * (k + 3) * U * bd[idx] + 1e-30, 0);
        }
    }
}
