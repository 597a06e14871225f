package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.AttentionF;
import dev.gatun.autograd.Var;
import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link TransformerEncoderBlock} and {@link MultiHeadAttention} load PyTorch's
 * {@code TransformerEncoderLayer(norm_first=True, batch_first=True)} state dict as it is and
 * reproduce its outputs under a causal and a key-padding mask (golden files made by
 * {@code src/test/resources/torch/make_attention_golden.py}).
 */
class TorchAttentionGoldenTest {
    private static final double REL_TOL = 1e-5;
    private static final boolean[][] PADDING = {{false, false, false, false, false}, {false, false, false, true, true}};

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchAttentionGoldenTest.class.getResource("/torch/" + name).toURI());
    }

    @Test
    void encoderBlockAndAttentionReproducePytorch() throws Exception {
        try (var block = new TransformerEncoderBlock(16, 4, 32, "gelu", 0f, new Rng(1));
             SafetensorsFile io = SafetensorsFile.open(resource("attention.io.safetensors"));
             Scope scope = Scope.confined()) {
            Checkpoint.load(resource("attention.safetensors"), block);
            block.eval();
            Var x = Var.constant(io.tensor("x"));
            float[] y = block.forward(x, AttentionF.causalMask(5), PADDING).value().toArray();
            assertClose(io.floats("y"), y, "encoder layer");
            MultiHeadAttention attn = (MultiHeadAttention) block.children().get("self_attn");
            float[] yAttn = attn.forward(x, x, x, AttentionF.causalMask(5), PADDING).value().toArray();
            assertClose(io.floats("y_attn"), yAttn, "self-attention");
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double maxErr = 0, maxRef = 1e-30;
        for (int i = 0; i < expected.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(expected[i] - actual[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        assertTrue(expected.length == actual.length && maxErr / maxRef <= REL_TOL,
                what + ": relative error " + maxErr / maxRef);
    }
}
