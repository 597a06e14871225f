package dev.gatun.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad shapes are rejected before any kernel runs, with the op and both shapes in the message. */
class OpsValidationTest {
    private Scope scope;

    @BeforeEach
    void open() {
        scope = Scope.confined();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static void rejects(Executable call, String... mustMention) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String s : mustMention) {
            assertTrue(e.getMessage().contains(s), "message '" + e.getMessage() + "' should mention " + s);
        }
    }

    @Test
    void matmulInnerDimensions() {
        rejects(() -> Ops.matmul(Tensor.zeros(2, 3), Tensor.zeros(4, 5)), "matmul", "[2, 3]", "[4, 5]");
        rejects(() -> Ops.matmul(Tensor.zeros(2, 2, 3), Tensor.zeros(3, 3, 4)), "matmul", "batch");
        rejects(() -> Ops.matmul(Tensor.zeros(3), Tensor.zeros(3, 4)), "matmul", "rank");
        rejects(() -> Ops.matmulInto(Tensor.zeros(2, 3), false, Tensor.zeros(3, 4), false, Tensor.zeros(2, 5), 1, 0),
                "matmul", "[2, 5]", "[2, 4]");
    }

    @Test
    void binaryBroadcastFailure() {
        rejects(() -> Ops.add(Tensor.zeros(2, 3), Tensor.zeros(4, 3)), "add", "[2, 3]", "[4, 3]");
        rejects(() -> Ops.mul(Tensor.zeros(5), Tensor.zeros(2, 3)), "mul", "[5]", "[2, 3]");
    }

    @Test
    void concatAndSplit() {
        rejects(() -> Ops.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)), "concat", "[2, 3]", "[2, 4]");
        rejects(() -> Ops.concat(0), "concat");
        rejects(() -> Ops.split(Tensor.zeros(5, 2), 0, 2, 2), "split", "[2, 2]", "[5, 2]");
        rejects(() -> Ops.split(Tensor.zeros(5, 2), 2, 5), "split", "axis 2");
    }

    @Test
    void layerNormGammaAndEps() {
        rejects(() -> Ops.layerNorm(Tensor.zeros(2, 4), Tensor.zeros(3), null, 1e-5f), "layerNorm", "[2, 4]", "[3]");
        rejects(() -> Ops.layerNorm(Tensor.zeros(2, 4), null, null, -1f), "layerNorm", "eps");
        rejects(() -> Ops.layerNormBackward(Tensor.zeros(2, 4), Tensor.zeros(2, 3), null, Tensor.zeros(2),
                Tensor.zeros(2)), "layerNorm backward", "[2, 4]", "[2, 3]");
    }

    @Test
    void otherOps() {
        rejects(() -> Ops.softmaxBackward(Tensor.zeros(2, 3), Tensor.zeros(3, 2), false), "softmax backward", "[2, 3]",
                "[3, 2]");
        rejects(() -> Ops.sum(Tensor.zeros(2, 3), false, 2), "sum", "axis 2");
        rejects(() -> Ops.max(Tensor.zeros(0, 3), false, 0), "max", "empty");
        rejects(() -> Ops.sumTo(Tensor.zeros(2, 3), new int[] {4}), "sumTo", "[2, 3]", "[4]");
        rejects(() -> Ops.eltwiseBackward(dev.gatun.backend.EltwiseOp.TANH, 0, 0, Tensor.zeros(2), Tensor.zeros(3)),
                "tanh backward", "[2]", "[3]");
    }
}
