package dev.gatun.ops;

import static dev.gatun.testing.GradCheck.check;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every differentiable op's backward against central finite differences of
 * L = sum(w * op(x)), on the scalar oracle and on the java backend. Values are float32, so
 * the step is large (h = 1e-2) and the tolerance loose (2e-3 relative): enough to catch a
 * wrong formula, which is off by O(1).
 */
class OpsGradientTest {
    private static final double H = 1e-2;
    private static final double TOL = 2e-3;

    private Scope scope;
    private final Rng rng = new Rng(42);

    static Stream<Backend> backends() {
        return Stream.of(new ScalarBackend(), Backends.get("java"));
    }

    @BeforeEach
    void open() {
        scope = Scope.confined();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private Tensor rand(float lo, float hi, int... shape) {
        return Tensor.uniform(rng, lo, hi, shape);
    }

    /** Values in [lo, hi] at least 0.1 from 0, so no FD step crosses a kink (relu, abs, step at 0). */
    private Tensor awayFromZero(float lo, float hi, int... shape) {
        Tensor t = rand(lo, hi, shape);
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]) < 0.1f ? (v[i] < 0 ? -0.1f : 0.1f) - v[i] : v[i];
        }
        t.copyFrom(v);
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void eltwise(Backend backend) {
        try (var u = Backends.using(backend)) {
            for (EltwiseOp op : EltwiseOp.values()) {
                boolean positive = op == EltwiseOp.LOG || op == EltwiseOp.SQRT;
                Tensor x = positive ? rand(0.5f, 3f, 3, 5) : awayFromZero(-3f, 3f, 3, 5);
                Tensor w = rand(-1, 1, 3, 5);
                float alpha = op == EltwiseOp.RELU ? 0.2f : 1.5f;
                float beta = -0.5f;
                Tensor grad = Ops.eltwiseBackward(op, alpha, beta, x, w);
                check(op + " on " + backend.name(), () -> Ops.eltwise(op, alpha, beta, x), w, x, grad, H, TOL);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void softmaxAndLogSoftmax(Backend backend) {
        try (var u = Backends.using(backend)) {
            for (boolean log : new boolean[] {false, true}) {
                Tensor x = rand(-2, 2, 3, 6);
                Tensor w = rand(-1, 1, 3, 6);
                Tensor y = log ? Ops.logSoftmax(x) : Ops.softmax(x);
                Tensor grad = Ops.softmaxBackward(y, w, log);
                check((log ? "logSoftmax" : "softmax") + " on " + backend.name(),
                        () -> log ? Ops.logSoftmax(x) : Ops.softmax(x), w, x, grad, H, TOL);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void layerNormSrcGammaBeta(Backend backend) {
        try (var u = Backends.using(backend)) {
            float eps = 1e-5f;
            Tensor x = rand(-2, 2, 4, 6);
            Tensor gamma = rand(0.5f, 1.5f, 6);
            Tensor beta = rand(-1, 1, 6);
            Tensor w = rand(-1, 1, 4, 6);
            Ops.LayerNormResult fwd = Ops.layerNorm(x, gamma, beta, eps);
            Ops.LayerNormGrads g = Ops.layerNormBackward(x, w, gamma, fwd.mean(), fwd.rstd());
            String on = " on " + backend.name();
            check("layerNorm d/dsrc" + on, () -> Ops.layerNorm(x, gamma, beta, eps).dst(), w, x, g.diffSrc(), H, TOL);
            check("layerNorm d/dgamma" + on, () -> Ops.layerNorm(x, gamma, beta, eps).dst(), w, gamma, g.diffGamma(), H, TOL);
            check("layerNorm d/dbeta" + on, () -> Ops.layerNorm(x, gamma, beta, eps).dst(), w, beta, g.diffBeta(), H, TOL);
            // without gamma and beta: gamma = 1, beta = 0
            Ops.LayerNormResult plain = Ops.layerNorm(x, null, null, eps);
            Tensor dx = Ops.layerNormBackward(x, w, null, plain.mean(), plain.rstd()).diffSrc();
            check("layerNorm without affine d/dsrc" + on, () -> Ops.layerNorm(x, null, null, eps).dst(), w, x, dx, H, TOL);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void matmul(Backend backend) {
        try (var u = Backends.using(backend)) {
            String on = " on " + backend.name();
            // L = sum(w * (a @ b)): dL/da = w @ b^T, dL/db = a^T @ w
            Tensor a = rand(-1, 1, 3, 4), b = rand(-1, 1, 4, 5), w = rand(-1, 1, 3, 5);
            check("matmul d/da" + on, () -> Ops.matmul(a, b), w, a, Ops.matmul(w, false, b, true), H, TOL);
            check("matmul d/db" + on, () -> Ops.matmul(a, b), w, b, Ops.matmul(a, true, w, false), H, TOL);
            // transposed operands: c = a^T @ b^T with a [K,M], b [N,K]: dL/da = b^T @ w^T ... = (w @ b)^T
            Tensor at = rand(-1, 1, 4, 3), bt = rand(-1, 1, 5, 4);
            check("matmul a^T b^T d/da" + on, () -> Ops.matmul(at, true, bt, true), w, at,
                    Ops.matmul(bt, true, w, true), H, TOL);
            check("matmul a^T b^T d/db" + on, () -> Ops.matmul(at, true, bt, true), w, bt,
                    Ops.matmul(w, true, at, true), H, TOL);
            // batched a [2,3,4] with a shared b [4,5]: dL/db sums a_i^T @ w_i over the batch
            Tensor a3 = rand(-1, 1, 2, 3, 4), w3 = rand(-1, 1, 2, 3, 5);
            check("batched matmul d/da" + on, () -> Ops.matmul(a3, b), w3, a3, Ops.matmul(w3, false, b, true), H, TOL);
            Tensor dbShared = Ops.matmul(a3.reshape(6, 4), true, w3.reshape(6, 5), false);
            check("batched matmul d/d(shared b)" + on, () -> Ops.matmul(a3, b), w3, b, dbShared, H, TOL);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void binaryWithBroadcast(Backend backend) {
        try (var u = Backends.using(backend)) {
            int[][] bShapes = {{3, 4}, {1, 4}, {3, 1}, {4}};
            for (int[] bShape : bShapes) {
                for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV,
                                                   BinaryOp.MAX, BinaryOp.MIN}) {
                    Tensor a = rand(-2, 2, 3, 4);
                    Tensor b = op == BinaryOp.DIV ? rand(0.5f, 2f, bShape) : rand(-2, 2, bShape);
                    Tensor w = rand(-1, 1, 3, 4);
                    Tensor[] g = binaryGrads(op, a, b, w);
                    String what = op + " [3, 4] and " + java.util.Arrays.toString(bShape) + " on " + backend.name();
                    check(what + " d/da", () -> Ops.binary(op, a, b), w, a, g[0], H, TOL);
                    check(what + " d/db", () -> Ops.binary(op, a, b), w, b, g[1], H, TOL);
                }
            }
        }
    }

    /** dL/da and dL/db of L = sum(w * (a op b)), summed back to each operand's shape by sumTo. */
    private static Tensor[] binaryGrads(BinaryOp op, Tensor a, Tensor b, Tensor w) {
        Tensor da, db;
        switch (op) {
            case ADD -> { // d(a + b) = da + db
                da = w;
                db = w;
            }
            case SUB -> { // d(a - b) = da - db
                da = w;
                db = Ops.mul(w, -1f);
            }
            case MUL -> { // d(a b) = b da + a db
                da = Ops.mul(w, b);
                db = Ops.mul(w, a);
            }
            case DIV -> { // d(a / b) = da / b - a / b^2 db
                da = Ops.div(w, b);
                db = Ops.mul(Ops.div(Ops.mul(w, a), Ops.square(b)), -1f);
            }
            case MAX -> { // the larger operand takes the gradient (no ties among random values)
                Tensor aWins = Ops.binary(BinaryOp.GE, a, b);
                da = Ops.mul(w, aWins);
                db = Ops.sub(w, da);
            }
            case MIN -> {
                Tensor bWins = Ops.binary(BinaryOp.GE, a, b);
                db = Ops.mul(w, bWins);
                da = Ops.sub(w, db);
            }
            default -> throw new IllegalArgumentException(op + " has no gradient");
        }
        return new Tensor[] {Ops.sumTo(da, a.shape()), Ops.sumTo(db, b.shape())};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void reductions(Backend backend) {
        try (var u = Backends.using(backend)) {
            String on = " on " + backend.name();
            Tensor x = rand(-2, 2, 3, 4, 5);
            Tensor w = rand(-1, 1, 3, 1, 5); // reduce axis 1, keeping it
            // d/dx sum_j x_j = 1: every element gets its row's weight
            Tensor dSum = w.broadcastTo(3, 4, 5).copy();
            check("sum over axis 1" + on, () -> Ops.sum(x, true, 1), w, x, dSum, H, TOL);
            // d/dx mean = 1 / count
            check("mean over axis 1" + on, () -> Ops.mean(x, true, 1), w, x, Ops.mul(dSum, 1f / 4), H, TOL);
            // d/dx max = 1 at the arg max, 0 elsewhere
            Tensor isMax = Ops.binary(BinaryOp.EQ, x, Ops.max(x, true, 1));
            check("max over axis 1" + on, () -> Ops.max(x, true, 1), w, x, Ops.mul(dSum, isMax), H, TOL);
            // everything, and the leading axes (as for a bias gradient)
            Tensor w1 = rand(-1, 1, 1);
            check("sum of all" + on, () -> Ops.sum(x, false), w1, x, w1.reshape(1, 1, 1).broadcastTo(3, 4, 5).copy(), H, TOL);
            Tensor w5 = rand(-1, 1, 5);
            check("sum over axes 0, 1" + on, () -> Ops.sum(x, false, 0, 1), w5, x, w5.broadcastTo(3, 4, 5).copy(), H, TOL);
        }
    }
}
