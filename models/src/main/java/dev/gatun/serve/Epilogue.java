package dev.gatun.serve;

import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a planned product does to its result before the layers after it read it, and what those
 * layers may fold into it while the plan is made, so that they cost nothing per call: for an
 * int8 product the dequantization {@code y = acc * scales[c] + bias[c]} (the plan's own copies,
 * into which an eval-mode batch norm folds: it is an affine map per channel), and for int8 and
 * float32 products alike a ReLU the kernel applies; and for an int8 product whose result the
 * next int8 product reads, that product's input scale and zero point ({@link #requantize}): the
 * kernel then writes the next product's uint8 codes instead of floats. Set while planning, read
 * by the step when it runs.
 */
final class Epilogue {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;

    final Tensor output;
    /** The int8 product's per-channel scales and bias, plan buffers [channels]; null for a float32 product. */
    final Tensor scales;
    final Tensor bias;
    private boolean relu;
    private Tensor codes; // where the kernel writes the next product's codes instead of floats into output

    private Epilogue(Tensor output, Tensor scales, Tensor bias) {
        this.output = output;
        this.scales = scales;
        this.bias = bias;
    }

    /** An int8 product's: {@code scales} and {@code bias} buffers filled from the layer's (bias zero when it has none). */
    static Epilogue dequantization(Tensor output, Tensor productScales, Tensor layerBias, Tensor scales, Tensor bias) {
        scales.segment().copyFrom(productScales.contiguous().segment());
        if (layerBias != null) {
            bias.segment().copyFrom(layerBias.contiguous().segment());
        }
        return new Epilogue(output, scales, bias);
    }

    /** A float32 product's: a ReLU may fold into it, a batch norm not (its weights would change). */
    static Epilogue float32(Tensor output) {
        return new Epilogue(output, null, null);
    }

    boolean relu() {
        return relu;
    }

    /** What the kernel writes: {@link #output}, or the codes of the next product's input once {@link #requantize}d. */
    Tensor target() {
        return codes != null ? codes : output;
    }

    /**
     * Folds {@code gamma (y - mean) / sqrt(var + eps) + beta} (gamma and beta may be null: 1 and
     * 0) into the scales and bias: each channel's {@code k = gamma / sqrt(var + eps)} multiplies
     * both, after {@code mean} is taken from the bias; false once a ReLU is fused (it would come
     * first), when the norm has another number of channels, or when a folded value would not be
     * finite.
     */
    boolean foldBatchNorm(Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps) {
        if (scales == null || relu || codes != null || mean.numel() != scales.numel()) { // other channels: the norm's own plan reports it
            return false;
        }
        int n = scales.dim(0);
        float[] folded = new float[2 * n];
        MemorySegment s = scales.segment(), b = bias.segment();
        for (int c = 0; c < n; c++) {
            double k = (gamma == null ? 1.0 : gamma.get(c)) / Math.sqrt((double) var.get(c) + eps);
            folded[c] = (float) (s.getAtIndex(F32, c) * k);
            folded[n + c] = (float) ((b.getAtIndex(F32, c) - mean.get(c)) * k + (beta == null ? 0.0 : beta.get(c)));
            if (!Float.isFinite(folded[c]) || !Float.isFinite(folded[n + c])) {
                return false; // a broken norm (a negative variance, say) runs on its own, with its own NaNs
            }
        }
        for (int c = 0; c < n; c++) {
            s.setAtIndex(F32, c, folded[c]);
            b.setAtIndex(F32, c, folded[n + c]);
        }
        return true;
    }

    void fuseRelu() {
        relu = true;
    }

    /**
     * Makes the kernel write {@code codes}, uint8 codes with {@code invScale} and {@code zeroPoint}
     * of what it wrote as floats: {@code y * invScale + zeroPoint} folds into the scales and bias,
     * and the kernel rounds and clamps (its ReLU, if fused, becomes the clamp at code 0). One
     * rounding fewer than quantizing the float result, so a code may differ by one where the
     * product lands within a rounding of a half step. False, and nothing changed, for a float32
     * product, one requantized already, a fused ReLU with a zero point other than 0 (its floor
     * would move off code 0), or folded values that are not finite.
     */
    boolean requantize(float invScale, int zeroPoint, Tensor codes) {
        if (scales == null || this.codes != null || (relu && zeroPoint != 0)) {
            return false;
        }
        int n = scales.dim(0);
        float[] folded = new float[2 * n];
        MemorySegment s = scales.segment(), b = bias.segment();
        for (int c = 0; c < n; c++) {
            folded[c] = s.getAtIndex(F32, c) * invScale;
            folded[n + c] = b.getAtIndex(F32, c) * invScale + zeroPoint;
            if (!Float.isFinite(folded[c]) || !Float.isFinite(folded[n + c])) {
                return false;
            }
        }
        for (int c = 0; c < n; c++) {
            s.setAtIndex(F32, c, folded[c]);
            b.setAtIndex(F32, c, folded[n + c]);
        }
        this.codes = codes;
        return true;
    }
}
