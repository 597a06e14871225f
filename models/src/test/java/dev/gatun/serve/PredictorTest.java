package dev.gatun.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.Var;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.nn.AvgPool2d;
import dev.gatun.nn.BatchNorm2d;
import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Dropout;
import dev.gatun.nn.Flatten;
import dev.gatun.nn.GELU;
import dev.gatun.nn.GRU;
import dev.gatun.nn.LSTM;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.LeakyReLU;
import dev.gatun.nn.Linear;
import dev.gatun.nn.MaxPool2d;
import dev.gatun.nn.Module;
import dev.gatun.nn.MultiHeadAttention;
import dev.gatun.nn.RNN;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.Sigmoid;
import dev.gatun.nn.Softmax;
import dev.gatun.nn.Tanh;
import dev.gatun.nn.TokenTransformer;
import dev.gatun.nn.TransformerEncoderBlock;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A predictor computes what the model's forward computes in eval mode, through every way in and out. */
class PredictorTest {
    /** Every layer the predictor plans by itself. */
    static Sequential everyLayer(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(12, 16, rng), new ReLU(), new Linear(16, 16, rng), new LayerNorm(16),
                new GELU(false), new Dropout(0.5f, rng.split()), new Linear(16, 16, false, rng), new Tanh(),
                new Linear(16, 8, rng), new LeakyReLU(0.1f), new Sigmoid(), new GELU(true), new Linear(8, 5, rng),
                new Softmax());
    }

    /** The model's own forward in eval mode, the reference. */
    static float[] forward(Module model, float[] x, int... shape) {
        model.eval();
        try (Scope s = Scope.confined()) {
            return model.forward(Var.constant(Tensor.of(x, shape))).value().toArray();
        }
    }

    static float[] input(long seed, int n) {
        Rng rng = new Rng(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(-2, 2);
        }
        return x;
    }

    static void assertClose(float[] want, float[] got) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6f * Math.max(1f, Math.abs(want[i])), "element " + i);
        }
    }

    @Test
    void matchesTheModelAtBatchOneAndFour() {
        try (Sequential model = everyLayer(1)) {
            for (int batch : new int[] {1, 4}) {
                float[] x = input(batch, batch * 12);
                try (Predictor p = Predictor.of(model, batch, 12)) {
                    assertArrayEquals(new int[] {batch, 5}, p.outputShape());
                    assertClose(forward(model, x, batch, 12), p.predict(x));
                }
            }
        }
    }

    @Test
    void acceptsArraysSegmentsAndStridedTensors() {
        try (Sequential model = everyLayer(2); Predictor p = Predictor.of(model, 3, 12)) {
            float[] x = input(5, 36);
            float[] want = forward(model, x, 3, 12);
            float[] out = new float[15];
            p.predict(x, out);
            assertClose(want, out);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment in = arena.allocateFrom(ValueLayout.JAVA_FLOAT, x);
                MemorySegment o = arena.allocate(15 * 4L);
                p.predict(in, o);
                assertClose(want, o.toArray(ValueLayout.JAVA_FLOAT));
            }
            try (Scope s = Scope.confined()) {
                Tensor transposed = Tensor.of(x, 3, 12).transpose(0, 1).copy().transpose(0, 1); // strided [3, 12]
                assertTrue(!transposed.isContiguous());
                Tensor y = Tensor.zeros(5, 3).transpose(0, 1); // a strided output
                p.predict(transposed, y);
                assertClose(want, y.toArray());
                assertClose(want, p.predict(Tensor.of(x, 3, 12)).toArray());
            }
        }
    }

    /** A layer whose plan hands on a strided view of its input (H and W swapped), as a user's module may. */
    private static final class SwapHeightAndWidth extends Module {
        @Override
        public Var forward(Var x) {
            return dev.gatun.autograd.F.transpose(x, 2, 3);
        }

        @Override
        public LayerPlan plan(Tensor input, PlanContext ctx) {
            return LayerPlans.identity(input.transpose(2, 3));
        }
    }

    @Test
    void aStridedViewBetweenLayersOrAsTheOutputIsCopiedEveryCall() {
        // between layers: the pooling after the view reads a contiguous copy (its kernel takes no view);
        // as the model's output: copied on every call, not once when planned
        Rng rng = new Rng(23);
        try (Sequential model = new Sequential(new Linear(6, 32, rng), new dev.gatun.nn.Unflatten(2, 4, 4),
                new SwapHeightAndWidth(), new MaxPool2d(2), new Flatten(), new Linear(8, 3, rng))) {
            float[] x = input(24, 2 * 6);
            try (Predictor p = Predictor.of(model, 2, 6)) {
                assertClose(forward(model, x, 2, 6), p.predict(x));
            }
        }
        try (SwapHeightAndWidth swap = new SwapHeightAndWidth(); Predictor p = Predictor.of(swap, 1, 2, 3, 4)) {
            for (long seed : new long[] {1, 2}) {
                float[] x = input(seed, 24);
                assertClose(forward(swap, x, 1, 2, 3, 4), p.predict(x));
            }
        }
    }

    @Test
    void plansConvolutionPoolingBatchNormAndFlatten() {
        Rng rng = new Rng(21);
        try (Sequential cnn = new Sequential(new Conv2d(2, 3, 3, Conv2dParams.of(1, 1), rng), new BatchNorm2d(3), new ReLU(),
                new AvgPool2d(2), new Conv2d(3, 4, 3, Conv2dParams.of(2, 1), rng), new MaxPool2d(2), new Flatten(),
                new Linear(4, 3, rng))) {
            try (Scope s = Scope.confined()) { // running statistics that are not (0, 1)
                cnn.train().forward(Tensor.uniform(rng, -1, 3, 4, 2, 8, 8));
            }
            float[] x = input(22, 3 * 2 * 8 * 8);
            try (Predictor p = Predictor.of(cnn, 3, 2, 8, 8)) {
                assertClose(forward(cnn, x, 3, 2, 8, 8), p.predict(x));
            }
        }
    }

    @Test
    void plansStackedBidirectionalBatchFirstRecurrentLayers() {
        Rng rng = new Rng(23);
        for (Module rnn : new Module[] {new LSTM(5, 6, 2, true, true, true, rng), new GRU(5, 6, 2, false, true, true, rng),
                new RNN(5, 6, 1, "relu", true, false, false, rng)}) {
            try (rnn) {
                float[] x = input(24, 3 * 4 * 5);
                try (Predictor p = Predictor.of(rnn, 3, 4, 5)) {
                    assertClose(forward(rnn, x, 3, 4, 5), p.predict(x));
                }
            }
        }
    }

    @Test
    void plansSelfAttentionAndTheEncoderBlock() {
        Rng rng = new Rng(25);
        for (Module m : new Module[] {new MultiHeadAttention(12, 3, rng), new TransformerEncoderBlock(12, 2, 20, "gelu", 0.1f, rng)}) {
            try (m) {
                float[] x = input(26, 3 * 7 * 12);
                try (Predictor p = Predictor.of(m, 3, 7, 12)) {
                    assertClose(forward(m, x, 3, 7, 12), p.predict(x));
                }
            }
        }
    }

    @Test
    void readsItsWeightsInPlaceFromAMappedCheckpoint(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.safetensors");
        try (Sequential saved = everyLayer(4); Sequential other = everyLayer(5)) {
            Checkpoint.save(file, saved);
            float[] x = input(7, 12);
            try (SafetensorsFile mapped = SafetensorsFile.open(file);
                    Predictor p = Predictor.builder(other).inputShape(1, 12).weightsFrom(mapped).build()) {
                assertClose(forward(saved, x, 1, 12), p.predict(x));
            }
            try (Sequential narrow = new Sequential(new Linear(12, 3, new Rng(1)));
                    SafetensorsFile mapped = SafetensorsFile.open(file)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Predictor.builder(narrow).inputShape(1, 12).weightsFrom(mapped).build());
                assertEquals("Predictor: " + file + ": tensor 0.weight: shape [16, 12] in the file, expected [3, 12]",
                        e.getMessage());
            }
        }
    }

    @Test
    void refusesWrongSizesUnknownLayersAndUseAfterClose() {
        try (Sequential model = everyLayer(3)) {
            Predictor p = Predictor.of(model, 1, 12);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[11]));
            assertEquals("Predictor: input has 11 floats, expected 12 for shape [1, 12]", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Predictor.of(model, 1, 13));
            assertEquals("Predictor: Linear(12, 16) planned on input [1, 13] (expected [..., 12])", e.getMessage());
            try (Scope s = Scope.confined()) {
                Predictor wide = Predictor.of(model, 2, 12);
                e = assertThrows(IllegalArgumentException.class,
                        () -> wide.predict(Tensor.zeros(2, 12), Tensor.zeros(1, 5).broadcastTo(2, 5)));
                assertEquals("Predictor: output tensor [2, 5] is a broadcast view (stride 0 on axis 0); it cannot be written",
                        e.getMessage());
                wide.close();
            }
            p.close();
            assertEquals("Predictor: used after close",
                    assertThrows(IllegalStateException.class, () -> p.predict(new float[12])).getMessage());
        }
        Module custom = new Module() {
            @Override
            public Var forward(Var x) {
                return x;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Predictor.of(custom, 1, 2));
        assertTrue(e.getMessage().contains("no inference plan for") && e.getMessage().contains("Inferable"), e.getMessage());
    }

    @Test
    void aModuleCanPlanItself() {
        class Doubler extends Module { // plans itself as every built-in layer does
            @Override
            public Var forward(Var x) {
                return dev.gatun.autograd.F.mul(x, 2f);
            }

            @Override
            public LayerPlan plan(Tensor input, PlanContext ctx) {
                Tensor out = ctx.buffer(input.shape());
                return LayerPlans.of(out, () -> ctx.backend().eltwise(dev.gatun.backend.EltwiseOp.LINEAR, 2f, 0f, input, out));
            }
        }
        Rng rng = new Rng(4);
        try (Sequential model = new Sequential(new Linear(3, 4, rng), new Doubler());
                Predictor p = Predictor.of(model, 2, 3)) {
            float[] x = input(6, 6);
            assertClose(forward(model, x, 2, 3), p.predict(x));
        }
    }

    /** A user's module that serves MultiHeadAttention's head-averaged weights under a causal mask. */
    static final class CausalAttentionMap extends Module {
        private final MultiHeadAttention attn;

        CausalAttentionMap(Rng rng) {
            attn = child("attn", new MultiHeadAttention(8, 2, rng));
        }

        @Override
        public Var forward(Var x) {
            Tensor mask = dev.gatun.autograd.AttentionF.causalMask(x.dim(1));
            return attn.forwardWithWeights(x, x, x, mask, null).weights();
        }

        @Override
        public LayerPlan plan(Tensor input, PlanContext ctx) {
            Tensor mask = dev.gatun.autograd.AttentionF.causalMask(input.dim(1));
            MultiHeadAttention.PlannedAttention planned = attn.planSelfAttention(input, mask, true, ctx);
            return LayerPlans.of(planned.weights(), planned.step()::run);
        }
    }

    @Test
    void plansAttentionWeightsUnderACausalMask() {
        try (CausalAttentionMap model = new CausalAttentionMap(new Rng(31)); Predictor p = Predictor.of(model, 2, 5, 8)) {
            float[] x = input(32, 2 * 5 * 8);
            assertArrayEquals(new int[] {2, 5, 5}, p.outputShape());
            float[] got = p.predict(x);
            assertClose(forward(model, x, 2, 5, 8), got);
            assertEquals(0f, got[1], 0f); // query 0 does not see key 1
        }
    }

    @Test
    void plansACausalLanguageModelFromTokenIds() {
        try (TokenTransformer lm = TokenTransformer.languageModel(11, 8, 2, 2, 6, 0.1f, new Rng(33));
             Predictor p = Predictor.of(lm, 2, 6)) {
            float[] ids = {1, 4, 10, 0, 3, 3, 7, 2, 2, 9, 5, 1};
            assertArrayEquals(new int[] {2, 6, 11}, p.outputShape());
            assertClose(forward(lm, ids, 2, 6), p.predict(ids));
            float[] bad = ids.clone();
            bad[3] = 11;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.predict(bad));
            assertEquals("Predictor: Embedding id 11.0 at flat position 3 is not a whole number in [0, 11)", e.getMessage());
            assertClose(forward(lm, ids, 2, 6), p.predict(ids)); // the plan still serves
        }
    }
}
