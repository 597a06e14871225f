package dev.gatun.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.checkpoint.CheckpointException;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.nn.Module;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Calibration, per-channel weight scales, the int8 predictor (the same bits on every backend,
 * close to float32) and quantized checkpoints (saved, loaded, refused when broken).
 */
class QuantizedPredictorTest {
    @TempDir
    Path dir;

    static List<Backend> backends() {
        return Backends.available();
    }

    private static float[] inputs(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(0f, 1f);
        }
        return v;
    }

    private static QuantizedModel calibrated(Module model, int[] batchShape, Calibration c) {
        try (Quantizer q = Quantizer.builder(model).batchShape(batchShape).calibration(c).build()) {
            int size = 1;
            for (int d : batchShape) {
                size *= d;
            }
            for (int b = 0; b < 4; b++) {
                q.observe(inputs(size, 100 + b));
            }
            return q.quantize();
        }
    }

    @Test
    void calibrationCoversTheRangeAndPercentilesClipOutliers() {
        float[] minMax = Calibration.affine(-1f, 3f);
        assertEquals(4f / 255f, minMax[0], 1e-7f);
        assertEquals(64f, minMax[1]); // the code of a real 0: round(1 / (4/255)) = 64
        assertArrayEquals(new float[] {2f / 255f, 0f}, Calibration.affine(0.5f, 2f), 1e-7f); // widened to include 0
        assertArrayEquals(new float[] {1f, 0f}, Calibration.affine(0f, 0f)); // only zeros

        try (Scope s = Scope.confined()) {
            float[] v = new float[10_000];
            for (int i = 0; i < v.length; i++) {
                v[i] = i / (float) v.length; // [0, 1)
            }
            v[17] = 1e6f; // one outlier
            Tensor t = Tensor.zeros(v.length);
            t.copyFrom(v);
            Calibration.Observer all = Calibration.minMax().observer(1), clipped = Calibration.percentile(99.9).observer(1);
            all.observe(t);
            clipped.observe(t);
            assertEquals(1e6f / 255f, all.range()[0], 1f);
            assertEquals(1f / 255f, clipped.range()[0], 0.01f / 255f);
        }
        assertEquals("percentile 99.99", Calibration.parse("99.99").toString());
        assertEquals("minmax", Calibration.parse("minmax").toString());
        assertThrows(IllegalArgumentException.class, () -> Calibration.percentile(40));
    }

    @Test
    void weightsGetOneSymmetricScalePerOutputChannel() {
        try (Scope s = Scope.confined()) {
            Tensor w = Tensor.zeros(3, 4);
            w.copyFrom(new float[] {1f, -2f, 0.5f, 0f, 0.01f, 0.02f, -0.03f, 0.005f, 0f, 0f, 0f, 0f});
            QuantizedLayer q = QuantizedLayer.of("fc", w, 0.1f, 0);
            assertArrayEquals(new float[] {2f / 127f, 0.03f / 127f, 1f}, q.weightScales(), 1e-9f);
            assertArrayEquals(new float[] {64, -127, 32, 0, 42, 85, -127, 21, 0, 0, 0, 0}, q.weights().toArray());
            float[] back = q.dequantizedWeights().toArray(), orig = w.toArray();
            for (int i = 0; i < orig.length; i++) {
                float step = q.weightScales()[i / 4];
                assertTrue(Math.abs(back[i] - orig[i]) <= step / 2 * 1.0001f, "element " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void int8PredictorGivesTheOraclesBitsAndStaysNearFloat32(Backend backend) {
        check(backend, PredictorBf16Test.mlp(), new int[] {16, 20}, new int[] {3, 20});
        check(backend, PredictorBf16Test.cnn(), new int[] {8, 1, 12, 12}, new int[] {2, 1, 12, 12});
    }

    private static void check(Backend backend, Module model, int[] calibration, int[] inputShape) {
        QuantizedModel q = calibrated(model, calibration, Calibration.minMax());
        assertEquals(model instanceof dev.gatun.nn.Sequential ? q.layers().size() : -1, q.layers().size());
        int size = 1;
        for (int d : inputShape) {
            size *= d;
        }
        float[] x = inputs(size, 7);
        float[] oracle, got, f32;
        try (Predictor o = Predictor.builder(model).inputShape(inputShape).backend(new ScalarBackend()).quantized(q).build();
             Predictor p = Predictor.builder(model).inputShape(inputShape).backend(backend).quantized(q).build();
             Predictor f = Predictor.builder(model).inputShape(inputShape).backend(backend).build()) {
            oracle = o.predict(x);
            got = p.predict(x);
            f32 = f.predict(x);
        }
        assertArrayEquals(oracle, got, "int8 predictor on " + backend.name() + " vs the scalar oracle, bit for bit");
        float max = 0f, err = 0f;
        for (int i = 0; i < f32.length; i++) {
            max = Math.max(max, Math.abs(f32[i]));
            err = Math.max(err, Math.abs(f32[i] - got[i]));
        }
        assertTrue(err <= 0.05f * max + 1e-3f, "int8 within 5% of the largest float32 output: error " + err + ", max " + max);
    }

    /**
     * Conv2d, BatchNorm2d (running statistics away from 0 and 1, a negative gamma) and ReLU, then
     * Linear and ReLU: in one chain the norm and the ReLUs fold into the int8 kernels (no norm or
     * activation call reaches the backend); with a {@link Barrier} between them (the same layers
     * and weights) nothing folds. The two give the same outputs up to the folded rounding.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void batchNormAndReluFoldIntoTheInt8ProductsBeforeThem(Backend backend) {
        Rng rng = new Rng(11);
        var conv = new dev.gatun.nn.Conv2d(1, 4, 3, dev.gatun.backend.Conv2dParams.of(1, 1), rng);
        var norm = new dev.gatun.nn.BatchNorm2d(4);
        var fc = new dev.gatun.nn.Linear(4 * 6 * 6, 5, rng);
        Map<String, Tensor> stats = norm.stateDict();
        stats.get("running_mean").copyFrom(new float[] {0.1f, -0.2f, 0.05f, 0.3f});
        stats.get("running_var").copyFrom(new float[] {0.5f, 2f, 0.01f, 1.5f});
        stats.get("weight").copyFrom(new float[] {1.5f, -0.7f, 0.2f, 1f});
        stats.get("bias").copyFrom(new float[] {0.1f, 0.2f, -0.3f, 0f});
        var fused = new dev.gatun.nn.Sequential(conv, norm, new dev.gatun.nn.ReLU(), new dev.gatun.nn.Flatten(), fc,
                new dev.gatun.nn.ReLU());
        var apart = new dev.gatun.nn.Sequential(conv, new Barrier(), norm, new Barrier(), new dev.gatun.nn.ReLU(),
                new dev.gatun.nn.Flatten(), fc, new Barrier(), new dev.gatun.nn.ReLU());
        fused.eval();
        apart.eval();
        QuantizedModel q = calibrated(fused, new int[] {8, 1, 6, 6}, Calibration.minMax());
        QuantizedLayer l = q.layers().get("4"); // the Linear, "6" in the chain with the barriers
        QuantizedModel qApart = new QuantizedModel(Map.of("0", q.layers().get("0"),
                "6", new QuantizedLayer("6", l.weights(), l.weightScales(), l.inputScale(), l.inputZeroPoint())), q.calibration());
        float[] x = inputs(2 * 36, 3);
        CountingBackend counting = new CountingBackend(backend);
        float[] folded, separate;
        try (Predictor p = Predictor.builder(fused).inputShape(2, 1, 6, 6).backend(counting).quantized(q).build()) {
            counting.normsAndActivations = 0;
            folded = p.predict(x);
            assertEquals(0, counting.normsAndActivations, "the norm and both ReLUs ran inside the int8 kernels");
        }
        try (Predictor p = Predictor.builder(apart).inputShape(2, 1, 6, 6).backend(counting).quantized(qApart).build()) {
            counting.normsAndActivations = 0;
            separate = p.predict(x);
            assertEquals(3, counting.normsAndActivations, "apart: the norm and two ReLUs of their own");
        }
        int zeros = 0;
        for (int i = 0; i < folded.length; i++) {
            assertEquals(separate[i], folded[i], 1e-4f * Math.max(1f, Math.abs(separate[i])), "output " + i);
            zeros += folded[i] == 0f ? 1 : 0;
        }
        assertTrue(zeros > 0 && zeros < folded.length, "the final ReLU clipped some outputs, not all: " + zeros);
    }

    /**
     * Conv2d, ReLU, MaxPool2d, Conv2d, ReLU, MaxPool2d, Flatten, Dropout, Linear (as the cnn): each
     * int8 product writes the next one's uint8 codes and the poolings pool codes, so one quantize
     * call remains (the model's input) and no float pooling runs; a {@link Barrier} before each
     * pooling keeps the float path (a quantize per product). The two agree up to the one rounding
     * the requantization saves (a code apart where a value sits within a rounding of a half step).
     * The codes path gives the oracle's outputs bit for bit with the codes NCHW and channels-last.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void int8ProductsWriteTheNextOnesCodesThroughMaxPooling(Backend backend) {
        Rng rng = new Rng(12);
        var conv1 = new dev.gatun.nn.Conv2d(1, 4, 3, dev.gatun.backend.Conv2dParams.of(1, 1), rng);
        var conv2 = new dev.gatun.nn.Conv2d(4, 6, 3, dev.gatun.backend.Conv2dParams.of(1, 1), rng);
        var fc = new dev.gatun.nn.Linear(6 * 2 * 2, 5, rng);
        var chained = new dev.gatun.nn.Sequential(conv1, new dev.gatun.nn.ReLU(), new dev.gatun.nn.MaxPool2d(2), conv2,
                new dev.gatun.nn.ReLU(), new dev.gatun.nn.MaxPool2d(2, 2, 1), new dev.gatun.nn.Flatten(),
                new dev.gatun.nn.Dropout(0.5f, rng), fc);
        var apart = new dev.gatun.nn.Sequential(conv1, new dev.gatun.nn.ReLU(), new Barrier(), new dev.gatun.nn.MaxPool2d(2),
                conv2, new dev.gatun.nn.ReLU(), new Barrier(), new dev.gatun.nn.MaxPool2d(2, 2, 1), new dev.gatun.nn.Flatten(),
                new dev.gatun.nn.Dropout(0.5f, rng), fc);
        chained.eval();
        apart.eval();
        QuantizedModel q = calibrated(chained, new int[] {8, 1, 6, 6}, Calibration.minMax());
        Map<String, QuantizedLayer> l = q.layers();
        QuantizedModel qApart = new QuantizedModel(Map.of("0", l.get("0"), "4", renamed(l.get("3"), "4"), "10", renamed(l.get("8"), "10")),
                q.calibration());
        float[] x = inputs(3 * 36, 5);
        CountingBackend counting = new CountingBackend(backend);
        float[] coded, floats, oracle;
        try (Predictor p = Predictor.builder(chained).inputShape(3, 1, 6, 6).backend(counting).quantized(q).build();
             Predictor o = Predictor.builder(chained).inputShape(3, 1, 6, 6).backend(new ScalarBackend()).quantized(q).build()) {
            counting.quantizes = counting.poolings = 0;
            coded = p.predict(x);
            oracle = o.predict(x);
            assertEquals(1, counting.quantizes, "only the model's input is quantized");
            assertEquals(0, counting.poolings, "both poolings ran on codes");
        }
        assertArrayEquals(oracle, coded, "the codes path on " + backend.name() + " vs the scalar oracle, bit for bit");
        counting.otherLayout = true; // the codes in the layout this backend does not prefer: NCHW for oneDNN, else channels-last
        try (Predictor p = Predictor.builder(chained).inputShape(3, 1, 6, 6).backend(counting).quantized(q).build()) {
            assertArrayEquals(oracle, p.predict(x), "the codes path in the other layout on " + backend.name());
        }
        counting.otherLayout = false;
        try (Predictor p = Predictor.builder(apart).inputShape(3, 1, 6, 6).backend(counting).quantized(qApart).build()) {
            counting.quantizes = counting.poolings = 0;
            floats = p.predict(x);
            assertEquals(3, counting.quantizes, "apart: each product quantizes its input");
            assertEquals(2, counting.poolings, "apart: two float poolings");
        }
        float max = 0f;
        for (float f : floats) {
            max = Math.max(max, Math.abs(f));
        }
        for (int i = 0; i < coded.length; i++) {
            assertEquals(floats[i], coded[i], 0.02f * max, "output " + i + " (a code apart at most, here and there)");
        }
    }

    private static QuantizedLayer renamed(QuantizedLayer l, String name) {
        return new QuantizedLayer(name, l.weights(), l.weightScales(), l.inputScale(), l.inputZeroPoint());
    }

    /** The identity that copies: a layer between two others that nothing folds through. */
    private static final class Barrier extends dev.gatun.nn.Module {
        @Override
        public dev.gatun.autograd.Var forward(dev.gatun.autograd.Var x) {
            return x;
        }

        @Override
        public LayerPlan plan(Tensor input, PlanContext ctx) {
            Tensor out = ctx.buffer(input.shape());
            return LayerPlans.of(out, () -> ctx.backend().copy(input, out));
        }
    }

    /** Counts the batch norms and activations, quantizations and float poolings that reach the backend. */
    private static final class CountingBackend extends dev.gatun.backend.ForwardingBackend {
        int normsAndActivations, quantizes, poolings;
        boolean otherLayout;

        @Override
        public boolean prefersChannelsLastCodes() {
            return delegate.prefersChannelsLastCodes() != otherLayout;
        }

        @Override
        public void quantize(Tensor src, float invScale, int zeroPoint, Tensor dst) {
            quantizes++;
            super.quantize(src, invScale, zeroPoint, dst);
        }

        @Override
        public void maxPool2d(Tensor src, Tensor dst, Tensor indices, dev.gatun.backend.Pool2dParams p) {
            poolings++;
            super.maxPool2d(src, dst, indices, p);
        }

        CountingBackend(Backend delegate) {
            super(delegate);
        }

        @Override
        public String name() {
            return "counting " + delegate.name();
        }

        @Override
        public String describe() {
            return name();
        }

        @Override
        public void batchNorm2d(Tensor src, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps, boolean training,
                                Tensor dst) {
            normsAndActivations++;
            super.batchNorm2d(src, gamma, beta, mean, var, eps, training, dst);
        }

        @Override
        public void eltwise(dev.gatun.backend.EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
            normsAndActivations++;
            super.eltwise(op, alpha, beta, src, dst);
        }
    }

    @Test
    void quantizedCheckpointsRoundTripAndAreSmaller() throws IOException {
        Module model = PredictorBf16Test.cnn();
        QuantizedModel q = calibrated(model, new int[] {8, 1, 12, 12}, Calibration.percentile(99.99));
        Path floats = dir.resolve("f32.safetensors"), ints = dir.resolve("int8.safetensors");
        Checkpoint.save(floats, model);
        q.save(ints, model, Map.of("note", "kept"));
        // weights are a quarter; the JSON header and the float biases and norms weigh in at this size (the
        // 4x figure is asserted on the Fashion-MNIST CNN, whose fully connected layer dominates)
        assertTrue(Files.size(ints) < Files.size(floats) / 2.5, Files.size(ints) + " vs " + Files.size(floats) + " bytes");

        Module fresh = PredictorBf16Test.cnn();
        QuantizedModel back = QuantizedModel.load(ints, fresh);
        assertEquals(q.layers().keySet(), back.layers().keySet());
        assertEquals("percentile 99.99", back.calibration());
        try (SafetensorsFile f = SafetensorsFile.open(ints)) {
            assertTrue(QuantizedModel.isQuantized(f));
            assertEquals("kept", f.metadata().get("note"));
            assertEquals(DataType.INT8, DataType.valueOf("INT8"));
            assertEquals("I8", f.entry("0.weight").dtype().name());
            assertEquals("U8", f.entry("0.input_zero_point").dtype().name());
        }
        float[] x = inputs(144, 3);
        try (Predictor a = Predictor.builder(model).inputShape(1, 1, 12, 12).quantized(q).build();
             Predictor b = Predictor.builder(fresh).inputShape(1, 1, 12, 12).quantized(back).build()) {
            assertArrayEquals(a.predict(x), b.predict(x), "the loaded quantization predicts the same bits");
        }
        // the loaded model's float weight is what the codes stand for
        QuantizedLayer l = back.layers().get("0");
        try (Scope s = Scope.confined()) {
            assertArrayEquals(l.dequantizedWeights().toArray(), fresh.stateDict().get("0.weight").toArray());
        }
    }

    @Test
    void brokenQuantizedCheckpointsAreRefusedAndLeaveTheModelAsItWas() throws IOException {
        Module model = PredictorBf16Test.mlp();
        QuantizedModel q = calibrated(model, new int[] {4, 20}, Calibration.minMax());
        Path file = dir.resolve("q.safetensors");
        q.save(file, model, Map.of());
        Module other = new dev.gatun.nn.Sequential(new dev.gatun.nn.Linear(20, 32, new Rng(1)));
        float[] before = other.stateDict().get("0.weight").toArray();
        CheckpointException e = assertThrows(CheckpointException.class, () -> QuantizedModel.load(file, other));
        assertTrue(e.getMessage().contains("0.weight"), e.getMessage());
        assertArrayEquals(before, other.stateDict().get("0.weight").toArray());

        Path plain = dir.resolve("plain.safetensors");
        Checkpoint.save(plain, model);
        e = assertThrows(CheckpointException.class, () -> QuantizedModel.load(plain, PredictorBf16Test.mlp()));
        assertTrue(e.getMessage().contains("not a quantized checkpoint"), e.getMessage());

        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> Predictor.builder(other).inputShape(1, 20).quantized(q).build());
        assertTrue(wrong.getMessage().contains("does not match the model"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Predictor.builder(model).inputShape(1, 20).precision(DataType.INT8));
    }
}
