package dev.gatun.serve;

import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The float tail of one planned int8 product, {@code y = relu?(acc * scales[c] + bias[c])}: the
 * plan's own copies of the per-channel scales and bias, which the layers right after the product
 * may fold into while the plan is made (an eval-mode batch norm is an affine map per channel; a
 * ReLU becomes the kernel's fused one), so that they cost nothing per call. Set while planning,
 * read by the step when it runs.
 */
final class Dequantization {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;

    final Tensor output;
    final Tensor scales;
    final Tensor bias;
    private boolean relu;

    /** {@code scales} and {@code bias} [channels] buffers of the plan, filled from the layer's (bias zero when it has none). */
    Dequantization(Tensor output, Tensor productScales, Tensor layerBias, Tensor scales, Tensor bias) {
        this.output = output;
        this.scales = scales;
        this.bias = bias;
        scales.segment().copyFrom(productScales.contiguous().segment());
        if (layerBias != null) {
            bias.segment().copyFrom(layerBias.contiguous().segment());
        }
    }

    boolean relu() {
        return relu;
    }

    /** Whether {@code x} is this product's output (the same memory, whatever the view's shape). */
    boolean wrote(Tensor x) {
        MemorySegment a = x.segment(), b = output.segment();
        return x.isContiguous() && a.address() == b.address() && a.byteSize() == b.byteSize();
    }

    /**
     * Folds {@code gamma (y - mean) / sqrt(var + eps) + beta} (gamma and beta may be null: 1 and
     * 0) into the scales and bias: each channel's {@code k = gamma / sqrt(var + eps)} multiplies
     * both, after {@code mean} is taken from the bias; false once a ReLU is fused (it would come
     * first) or when the norm has another number of channels.
     */
    boolean foldBatchNorm(Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps) {
        if (relu || mean.numel() != scales.numel()) { // a norm of other channels: its own plan reports it
            return false;
        }
        MemorySegment s = scales.segment(), b = bias.segment();
        for (int c = 0, n = scales.dim(0); c < n; c++) {
            double k = (gamma == null ? 1.0 : gamma.get(c)) / Math.sqrt((double) var.get(c) + eps);
            s.setAtIndex(F32, c, (float) (s.getAtIndex(F32, c) * k));
            b.setAtIndex(F32, c, (float) ((b.getAtIndex(F32, c) - mean.get(c)) * k + (beta == null ? 0.0 : beta.get(c))));
        }
        return true;
    }

    void fuseRelu() {
        relu = true;
    }
}
