package dev.gatun.autograd;

import static dev.gatun.autograd.FiniteDifferences.check;
import static dev.gatun.autograd.FiniteDifferences.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Backends;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AttentionF} against finite differences and hand-checked values, on the scalar oracle. */
class AttentionFGradientTest {
    private final Rng rng = new Rng(11);
    private Backends.Using backend;

    @BeforeEach
    void oracle() {
        backend = Backends.using(Backends.get("scalar"));
    }

    @AfterEach
    void restore() {
        backend.close();
    }

    @Test
    void embeddingGathersRows() {
        // weight rows are [0,1], [10,11], [20,21]; ids [[2,0],[1,2]] pick them in that order
        Var w = Var.constant(Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 3, 2));
        Var y = AttentionF.embedding(w, Tensor.of(new float[] {2, 0, 1, 2}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 2}, y.shape());
        assertArrayEquals(new float[] {20, 21, 0, 1, 10, 11, 20, 21}, y.value().toArray());
    }

    @Test
    void embeddingGradientAddsUpRepeatedIds() {
        Var w = input(rng, -1, 1, 5, 3);
        Tensor ids = Tensor.of(new float[] {4, 1, 4, 0, 4, 2}, 2, 3); // id 4 three times, id 3 never
        check("embedding", () -> AttentionF.embedding(w, ids), w);
        float[] unused = java.util.Arrays.copyOfRange(w.grad().toArray(), 9, 12);
        assertArrayEquals(new float[3], unused, "row 3 is never looked up: no gradient");
    }

    @Test
    void embeddingRejectsBadIds() {
        Var w = input(rng, -1, 1, 4, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> AttentionF.embedding(w, Tensor.of(new float[] {1, 4})));
        assertTrue(e.getMessage().contains("[0, 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AttentionF.embedding(w, Tensor.of(new float[] {1.5f})));
        assertThrows(IllegalArgumentException.class, () -> AttentionF.embedding(w, Tensor.of(new float[] {-1})));
    }

    @Test
    void attentionGradientsWithAndWithoutMasks() {
        // B=2, H=2 folded into 4 batch entries, Tq=Tk=3, d=2
        Var q = input(rng, -1, 1, 4, 3, 2);
        Var k = input(rng, -1, 1, 4, 3, 2);
        Var v = input(rng, -1, 1, 4, 3, 2);
        check("attention", () -> AttentionF.scaledDotProductAttention(q, k, v, 2, null), q, k, v);
        Tensor causal = AttentionF.causalMask(3);
        check("causal attention", () -> AttentionF.scaledDotProductAttention(q, k, v, 2, causal), q, k, v);
        Tensor padding = AttentionF.keyPaddingMask(new boolean[][] {{false, false, true}, {false, true, true}});
        check("padded attention", () -> AttentionF.scaledDotProductAttention(q, k, v, 2, padding), q, k, v);
    }

    @Test
    void causalMaskHidesTheFuture() {
        // with the causal mask the first query sees only the first key, so it returns the first value exactly
        Var q = Var.constant(Tensor.uniform(rng, -1, 1, 1, 3, 2));
        Var k = Var.constant(Tensor.uniform(rng, -1, 1, 1, 3, 2));
        Var v = Var.constant(Tensor.uniform(rng, -1, 1, 1, 3, 2));
        float[] out = AttentionF.scaledDotProductAttention(q, k, v, 1, AttentionF.causalMask(3)).value().toArray();
        float[] values = v.value().toArray();
        assertEquals(values[0], out[0], 1e-6);
        assertEquals(values[1], out[1], 1e-6);
    }

    @Test
    void paddedKeysGetNoWeight() {
        // uniform scores (q = 0): unpadded keys share the weight equally, the padded one gets none
        Var q = Var.constant(Tensor.zeros(1, 1, 2));
        Var k = Var.constant(Tensor.uniform(rng, -1, 1, 1, 3, 2));
        Var v = Var.constant(Tensor.of(new float[] {1, 0, 3, 0, 100, 0}, 1, 3, 2));
        Tensor mask = AttentionF.keyPaddingMask(new boolean[][] {{false, false, true}});
        float[] out = AttentionF.scaledDotProductAttention(q, k, v, 1, mask).value().toArray();
        assertEquals(2f, out[0], 1e-5); // (1 + 3) / 2
    }
}
