package dev.gatun.serve;

import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * One quantized Linear or Conv2d layer: its weights as int8 codes with one symmetric scale per
 * output channel (a code {@code q} of row {@code j} stands for {@code weightScales[j] * q}), and the
 * affine uint8 quantization of its input that calibration chose ({@code inputScale * (code -
 * inputZeroPoint)}). The bias and everything else of the layer stay float32.
 *
 * @param name         the layer's name in the model's state dict ({@code "fc1"} for {@code fc1.weight})
 * @param weights      int8 codes, the float weight's shape ([out, in] or [out, in/groups, kh, kw]); kept as a
 *                     {@linkplain Tensor#constant constant} (copied unless it is one)
 * @param weightScales one positive scale per output channel
 */
public record QuantizedLayer(String name, Tensor weights, float[] weightScales, float inputScale, int inputZeroPoint) {
    public QuantizedLayer {
        if (weights == null || weights.dtype() != DataType.INT8 || weights.rank() < 2) {
            throw new IllegalArgumentException("QuantizedLayer " + name + ": weights must be int8 codes of rank 2 or more, got "
                    + (weights == null ? "null" : weights.dtype() + " " + Shapes.str(weights.shape())));
        }
        if (weightScales.length != weights.dim(0)) {
            throw new IllegalArgumentException("QuantizedLayer " + name + ": " + weightScales.length + " weight scales for "
                    + weights.dim(0) + " output channels");
        }
        for (float s : weightScales) {
            checkScale(name, "weight scale", s);
        }
        checkScale(name, "input scale", inputScale);
        if (inputZeroPoint < 0 || inputZeroPoint > 255) {
            throw new IllegalArgumentException("QuantizedLayer " + name + ": input zero point " + inputZeroPoint
                    + " is not a uint8 code");
        }
        weightScales = weightScales.clone();
        weights = weights.isConstant() ? weights : Tensor.constant(weights); // immutable: kernels cache its reorder
    }

    private static void checkScale(String name, String what, float s) {
        if (!(s > 0f) || Float.isInfinite(s) || Float.isInfinite(1f / s)) {
            throw new IllegalArgumentException("QuantizedLayer " + name + ": " + what + " " + s + " must be positive and finite");
        }
    }

    @Override
    public float[] weightScales() {
        return weightScales.clone();
    }

    /** Output channels. */
    public int channels() {
        return weightScales.length;
    }

    /**
     * What the quantized product multiplies each output channel's int32 sum by: the input's scale
     * times the channel's weight scale, a float32 [channels] tensor of {@code scope}.
     */
    Tensor productScales(Scope scope) {
        Tensor t = Tensor.zeros(scope, channels());
        float[] v = new float[channels()];
        for (int j = 0; j < v.length; j++) {
            v[j] = inputScale * weightScales[j];
        }
        t.copyFrom(v);
        return t;
    }

    /**
     * Quantizes float {@code weights} [out, ...] per output channel, symmetrically: the scale of
     * row {@code j} is {@code max|w[j]| / 127} (1 for an all-zero row) and its codes
     * {@code rint(w / scale)} in -127..127, as PyTorch's per-channel symmetric qint8 observer.
     */
    static QuantizedLayer of(String name, Tensor weights, float inputScale, int inputZeroPoint) {
        float[] w = weights.toArray();
        int out = weights.dim(0), per = w.length / Math.max(1, out);
        float[] scales = new float[out];
        Tensor codes = Tensor.zeros(Scope.auto(), DataType.INT8, weights.shape());
        java.lang.foreign.MemorySegment c = codes.segment();
        for (int j = 0; j < out; j++) {
            float max = 0f;
            for (int p = 0; p < per; p++) {
                max = Math.max(max, Math.abs(w[j * per + p]));
            }
            float scale = max > 0f && Float.isFinite(max / 127f) && max / 127f > 0f ? max / 127f : 1f;
            scales[j] = scale;
            float inv = 1f / scale;
            for (int p = 0; p < per; p++) {
                float q = Math.max(-127f, Math.min(127f, w[j * per + p] * inv));
                c.set(java.lang.foreign.ValueLayout.JAVA_BYTE, (long) j * per + p, (byte) Math.rint(q));
            }
        }
        return new QuantizedLayer(name, codes, scales, inputScale, inputZeroPoint);
    }

    /** The float weights these codes stand for ({@code weightScales[j] * code}), in the current scope. */
    public Tensor dequantizedWeights() {
        float[] codes = weights.toArray();
        int per = codes.length / channels();
        for (int i = 0; i < codes.length; i++) {
            codes[i] *= weightScales[i / per];
        }
        Tensor t = Tensor.zeros(weights.shape());
        t.copyFrom(codes);
        return t;
    }
}
