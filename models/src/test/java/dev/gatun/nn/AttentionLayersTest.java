package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatun.autograd.AttentionF;
import dev.gatun.autograd.FiniteDifferences;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Embedding, positional encodings, multi-head attention and transformer blocks: names, shapes, masks, gradients. */
class AttentionLayersTest {
    private final Rng rng = new Rng(5);
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
    void parameterNamesAndShapesFollowPytorch() {
        try (var attn = new MultiHeadAttention(8, 2, rng);
             var block = new TransformerEncoderBlock(8, 2, 16, "gelu", 0f, rng)) {
            assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                    List.copyOf(attn.namedParameters().keySet()));
            assertArrayEquals(new int[] {24, 8}, attn.namedParameters().get("in_proj_weight").shape());
            assertEquals(List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
                    "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
                    "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"), List.copyOf(block.namedParameters().keySet()));
            assertArrayEquals(new int[] {16, 8}, block.namedParameters().get("linear1.weight").shape());
        }
    }

    @Test
    void attentionGradientsByFiniteDifferences() {
        try (var attn = new MultiHeadAttention(4, 2, rng)) {
            Var x = FiniteDifferences.input(rng, -1, 1, 2, 3, 4);
            Tensor causal = AttentionF.causalMask(3);
            boolean[][] padding = {{false, false, true}, {false, false, false}};
            Var[] params = attn.parameters().toArray(Var[]::new);
            FiniteDifferences.check("mha inputs", () -> attn.forward(x, x, x, causal, padding), x);
            FiniteDifferences.check("mha parameters", () -> attn.forward(x, x, x, causal, padding), params);
        }
    }

    @Test
    void encoderBlockGradientsByFiniteDifferences() {
        try (var block = new TransformerEncoderBlock(4, 2, 6, "relu", 0f, rng)) {
            Var x = FiniteDifferences.input(rng, -1, 1, 2, 3, 4);
            FiniteDifferences.check("encoder block input", () -> block.forward(x, AttentionF.causalMask(3), null), x);
            FiniteDifferences.check("encoder block parameters", () -> block.forward(x),
                    block.parameters().toArray(Var[]::new));
        }
    }

    @Test
    void causalLanguageModelDoesNotSeeTheFuture() {
        try (var lm = TokenTransformer.languageModel(5, 8, 2, 2, 6, 0f, rng)) {
            lm.eval();
            float[] a = lm.forward(Var.constant(Tensor.of(new float[] {1, 2, 3, 4, 0, 1}, 1, 6))).value().toArray();
            float[] b = lm.forward(Var.constant(Tensor.of(new float[] {1, 2, 3, 0, 4, 4}, 1, 6))).value().toArray();
            for (int i = 0; i < 3 * 5; i++) { // the first three positions' logits: same prefix, same logits
                assertEquals(a[i], b[i], 1e-5, "logit " + i);
            }
            assertThrows(IllegalArgumentException.class, () -> lm.forward(Var.constant(Tensor.zeros(1, 7))));
        }
    }

    @Test
    void encoderSeesTheWholeSequence() {
        try (var enc = new TokenTransformer(5, 8, 2, 1, 16, 6, false, "relu", 0f, rng)) {
            float[] a = enc.forward(Var.constant(Tensor.of(new float[] {1, 2, 3, 4, 0, 1}, 1, 6))).value().toArray();
            float[] b = enc.forward(Var.constant(Tensor.of(new float[] {1, 2, 3, 4, 0, 2}, 1, 6))).value().toArray();
            assertEquals(false, a[0] == b[0], "the first position hears the last token");
        }
    }

    @Test
    void sinusoidalTableIsVaswanis() {
        var pe = PositionalEncoding.sinusoidal(10, 4);
        float[] y = pe.forward(Var.constant(Tensor.zeros(1, 3, 4))).value().toArray();
        // position 2: sin(2), cos(2), sin(2 / 100), cos(2 / 100)
        assertArrayEquals(new float[] {(float) Math.sin(2), (float) Math.cos(2), (float) Math.sin(0.02), (float) Math.cos(0.02)},
                java.util.Arrays.copyOfRange(y, 8, 12), 1e-6f);
        assertEquals(0, pe.numParameters());
        try (var learned = PositionalEncoding.learned(10, 4, rng)) {
            Var x = FiniteDifferences.input(rng, -1, 1, 2, 3, 4);
            FiniteDifferences.check("learned positions", () -> learned.forward(x), learned.parameters().toArray(Var[]::new));
            assertThrows(IllegalArgumentException.class, () -> learned.forward(Var.constant(Tensor.zeros(1, 11, 4))));
        }
    }

    @Test
    void badShapesNameTheLayer() {
        try (var attn = new MultiHeadAttention(8, 2, rng)) {
            var e = assertThrows(IllegalArgumentException.class, () -> attn.forward(Var.constant(Tensor.zeros(2, 3, 6))));
            assertEquals(true, e.getMessage().startsWith("MultiHeadAttention"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(6, 4, rng));
    }
}
