package dev.gatun.backend;

import dev.gatun.tensor.Tensor;

/**
 * The compute primitives every backend provides, at the level of oneDNN's primitives.
 *
 * <p>Contract (the caller, {@link dev.gatun.ops.Ops}, validates it once; kernels trust it):
 * every tensor argument is alive, usable from this thread and {@linkplain Tensor#isContiguous()
 * contiguous}, except {@code src} of {@link #copy}; outputs are preallocated by the caller, so
 * a kernel allocates nothing it returns; shapes are exactly as each method states. Outputs are
 * overwritten, never accumulated, unless a method says otherwise. Kernels may assume outputs
 * do not overlap inputs unless a method allows it.
 *
 * <p><b>Not a checked API.</b> This interface is the service-provider seam between {@code Ops}
 * and the kernels: it checks nothing (shapes, writability, overlap), so a call that breaks the
 * contract may write outside a tensor or crash the JVM inside native code. Application code calls
 * {@link dev.gatun.ops.Ops}, which checks every argument once and then calls here; code that
 * calls a backend directly (a plan that checked its shapes when it was built) owns the contract.
 */
public interface Backend {

    /** Short name: {@code onednn}, {@code openblas}, {@code java}, {@code scalar}. */
    String name();

    /** One line on what runs underneath (ISA, vector width, library version, threads). */
    String describe();

    /** Sets how many threads this backend's kernels use (at least 1). */
    void setThreads(int threads);

    int threads();

    /**
     * Whether this backend's bf16 matrix products and convolutions do bf16 arithmetic (oneDNN on
     * a CPU with bf16 instructions), rather than float32 kernels on the exactly widened operands
     * ({@link Bf16Operands}). Both give the same results; a plan that runs many calls keeps float32
     * copies of the bf16-rounded weights where this is false, so that no call widens them again.
     */
    default boolean bf16Arithmetic() {
        return false;
    }

    /**
     * Whether {@link #quantizedConv2d} and {@link #quantizedMaxPool2d} run fastest on
     * {@linkplain dev.gatun.tensor.ChannelsLast channels-last} codes (oneDNN's int8 kernels, which
     * would reorder NCHW in and out on every call): an int8 plan then keeps the codes between its
     * convolutions and poolings in that layout. Every backend takes both layouts.
     */
    default boolean prefersChannelsLastCodes() {
        return false;
    }

    // ---- recurrent (RNN, LSTM, GRU; see RnnParams for the shapes) --------------------------

    /**
     * Floats of workspace a training forward of this backend fills for {@link #rnnBackward}; its
     * content is the backend's own, so both calls run on the same backend.
     */
    long rnnWorkspaceSize(RnnParams p);

    /**
     * Runs the stack over the sequence: {@code dst} gets the last layer's h at every step, hN (cN)
     * the final state of every layer and direction. {@code c0}, {@code cN} are null unless LSTM.
     * {@code workspace} is null for inference, else [{@link #rnnWorkspaceSize}] for the backward.
     */
    void rnnForward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                    Tensor dst, Tensor hN, Tensor cN, Tensor workspace);

    /**
     * Gradients of {@link #rnnForward} (its arguments and outputs, and the workspace it filled):
     * from diffDst, diffHN (and diffCN) to diffSrc, diffH0 (diffC0) and every weight and bias
     * gradient in {@code diffW}, all written, not accumulated.
     */
    void rnnBackward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                     Tensor dst, Tensor hN, Tensor cN, Tensor workspace,
                     Tensor diffDst, Tensor diffHN, Tensor diffCN,
                     Tensor diffSrc, Tensor diffH0, Tensor diffC0, RnnWeights diffW);

    // ---- dense -----------------------------------------------------------------------------

    /**
     * {@code c = alpha * op(a) @ op(b) + beta * c}, batched. {@code op(x)} is x or its transpose
     * over the last two axes. Shapes: {@code a} is [M,K] or [B,M,K] ([K,M] / [B,K,M] when
     * {@code transA}); {@code b} is [K,N] or [B,N,K]... likewise; {@code c} is [M,N] or [B,M,N].
     * A rank-2 operand with a rank-3 {@code c} is shared by every batch entry. When
     * {@code beta == 0}, {@code c}'s old content is ignored (NaN included).
     */
    void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta);

    /**
     * A fully connected layer's product, {@code y = x w^T + bias}, then with {@code relu}
     * {@code y > 0 || isNaN(y) ? y : 0}: {@code x} [M,K] and {@code w} [N,K] (PyTorch's Linear
     * layout), both float32 or both bfloat16, {@code bias} float32 [1,N] (a row added to every row)
     * or null, {@code y} float32 [M,N]. The same numbers as {@link #matmul} then {@link #binary}
     * ADD then {@link #eltwise} RELU, which is what this default does; a backend that can do the
     * three in one pass (oneDNN's bias and ReLU post-op) overrides it.
     */
    default void linear(Tensor x, Tensor w, Tensor bias, boolean relu, Tensor y) {
        matmul(x, false, w, true, y, 1f, 0f);
        if (bias != null) {
            binary(BinaryOp.ADD, y, bias, y);
        }
        if (relu) {
            eltwise(EltwiseOp.RELU, 0f, 0f, y, y);
        }
    }

    /**
     * {@code dst = a op b}. All three have the same rank; each dim of {@code a} and {@code b} equals
     * {@code dst}'s or is 1 (broadcast). {@code dst} may be the same tensor as {@code a} or {@code b}
     * when it has that operand's shape.
     */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor dst);

    /** {@code dst = f(src)}, same shape; {@code dst} may be {@code src} (in place). */
    void eltwise(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst);

    /** {@code diffSrc = diffDst * f'(src)}, all the same shape, {@code src} the forward input. */
    void eltwiseBackward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor diffDst, Tensor diffSrc);

    /** Reduces {@code src} into {@code dst}: same rank, each dst dim equal to src's or 1 (reduced). */
    void reduce(ReduceOp op, Tensor src, Tensor dst);

    /** Softmax (or log-softmax) over the last axis; same shape. */
    void softmax(Tensor src, Tensor dst, boolean log);

    /**
     * Gradient of {@link #softmax} from its output: {@code diffSrc = dst * (diffDst - sum(diffDst * dst))}
     * for softmax, {@code diffDst - exp(dst) * sum(diffDst)} for log-softmax, sums over the last axis.
     */
    void softmaxBackward(Tensor dst, Tensor diffDst, Tensor diffSrc, boolean log);

    /**
     * Layer normalization over the last axis C of {@code src} [R..., C]:
     * {@code dst = (src - mean) * rstd * gamma + beta}. {@code gamma}, {@code beta} are [C] or null
     * (1 and 0); {@code mean}, {@code rstd} are [R] (all leading dims flattened) and are written
     * for the backward pass.
     */
    void layerNorm(Tensor src, Tensor gamma, Tensor beta, float eps, Tensor dst, Tensor mean, Tensor rstd);

    /**
     * Gradients of {@link #layerNorm}. {@code diffGamma} and {@code diffBeta} ([C], or null when
     * not wanted) are written, not accumulated.
     */
    void layerNormBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor rstd,
                           Tensor diffSrc, Tensor diffGamma, Tensor diffBeta);

    /**
     * Reorder: copies {@code src}, which may be any strided view (transposed, sliced, broadcast
     * with stride 0), into {@code dst} of the same shape. The exception to the contiguity rule:
     * {@code dst} may be a strided view too (a slice of a concatenation), but never a broadcast
     * one, and the two never overlap.
     */
    void copy(Tensor src, Tensor dst);

    // ---- quantized (8-bit codes; see DataType.INT8 and UINT8) -------------------------------

    /**
     * Quantizes float32 {@code src} into the codes {@code dst} (INT8 or UINT8, the same shape):
     * {@code dst = clamp(rint(src * invScale) + zeroPoint)} to the type's range, rounding half to
     * even, as PyTorch's {@code quantize_per_tensor} (which multiplies by the inverse scale too);
     * a NaN gives the zero point. The {@code zeroPoint} is a code of {@code dst}'s type.
     */
    void quantize(Tensor src, float invScale, int zeroPoint, Tensor dst);

    /**
     * The quantized matrix product, dequantized on the way out: {@code out[i][j] = (float) acc *
     * scales[j] + bias[j]} (one rounding for the product, one for the sum; no fused multiply-add),
     * where {@code acc = sum_k (a[i][k] - aZeroPoint) * w[j][k]}, exact in int32. {@code a} is UINT8
     * [M,K], {@code w} INT8 [N,K] (PyTorch's Linear layout: one row per output), {@code scales}
     * float32 [N] (the input's scale times each row's weight scale), {@code bias} float32 [N] or
     * null, {@code out} float32 [M,N]. K is at most {@link #QUANTIZED_MAX_K}, so that no sum overflows.
     * With {@code relu}, each output is then {@code y > 0 || isNaN(y) ? y : 0} (a fused ReLU, exact).
     * The scales and bias are finite (Ops refuses others), so every output is. A UINT8 {@code out}
     * receives the codes {@code clamp(rint(y), 0, 255)} instead (half to even, as {@link #quantize}
     * with scale 1 and zero point 0): the caller folds the next layer's input scale and zero point
     * into {@code scales} and {@code bias}, so that the product writes that layer's input directly.
     */
    void quantizedMatmul(Tensor a, int aZeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu, Tensor out);

    /**
     * The quantized convolution, dequantized as {@link #quantizedMatmul} (one int32 sum per output
     * element over its window): {@code src} UINT8 [N,IC,H,W] whose padding reads as
     * {@code srcZeroPoint} (the code of a real 0), {@code weights} INT8 [OC,IC/groups,KH,KW],
     * {@code scales} float32 [OC], {@code bias} float32 [OC] or null, {@code dst} float32 or UINT8
     * codes (as in {@link #quantizedMatmul}) [N,OC,OH,OW].
     * A window holds at most {@link #QUANTIZED_MAX_K} elements; {@code relu} as in {@link #quantizedMatmul}.
     */
    void quantizedConv2d(Tensor src, int srcZeroPoint, Tensor weights, Tensor scales, Tensor bias, boolean relu,
                         Tensor dst, Conv2dParams p);

    /**
     * Max pooling of UINT8 codes {@code src} [N,C,H,W] into UINT8 {@code dst}, as {@link #maxPool2d}
     * without indices (inference): each window's largest code, padding read as code 0, which no
     * code is below. Quantizing is monotone, so this is the code of the float pooling's result:
     * an int8 plan pools the codes its products write for the next one.
     */
    void quantizedMaxPool2d(Tensor src, Tensor dst, Pool2dParams p);

    /** The longest sum of 8-bit products a quantized kernel takes: 255 * 128 * K stays below 2^31. */
    int QUANTIZED_MAX_K = Integer.MAX_VALUE / (255 * 128);

    // ---- convolution / pooling / batch norm (NCHW) -----------------------------------------

    /**
     * 2-D convolution (cross-correlation, as PyTorch): {@code src} [N,IC,H,W], {@code weights}
     * [OC,IC/groups,KH,KW], {@code bias} [OC] or null, {@code dst} [N,OC,OH,OW] with OH, OW as
     * {@link Conv2dParams#outH}/{@link Conv2dParams#outW} give them (at least 1).
     */
    void conv2d(Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p);

    /** Gradient of {@link #conv2d} with respect to {@code src}: {@code diffSrc} [N,IC,H,W] from {@code diffDst}. */
    void conv2dBackwardData(Tensor diffDst, Tensor weights, Tensor diffSrc, Conv2dParams p);

    /**
     * Gradients of {@link #conv2d} with respect to the weights and the bias: {@code diffWeights}
     * [OC,IC/groups,KH,KW] and {@code diffBias} [OC] (or null: not wanted), written.
     */
    void conv2dBackwardWeights(Tensor src, Tensor diffDst, Tensor diffWeights, Tensor diffBias, Conv2dParams p);

    /**
     * Max pooling of {@code src} [N,C,H,W] into {@code dst} [N,C,OH,OW]. When {@code indices}
     * (dst's shape) is not null, each window's argmax is written there as {@code h * W + w}
     * within its input plane (PyTorch's {@code return_indices}), the first one on ties; NaN wins.
     */
    void maxPool2d(Tensor src, Tensor dst, Tensor indices, Pool2dParams p);

    /** Gradient of {@link #maxPool2d}: {@code diffSrc} [N,C,H,W] gets each {@code diffDst} element at its argmax, summed. */
    void maxPool2dBackward(Tensor diffDst, Tensor indices, Tensor diffSrc, Pool2dParams p);

    /** Average pooling of {@code src} [N,C,H,W] into {@code dst} [N,C,OH,OW]; see {@link Pool2dParams} for the divisor. */
    void avgPool2d(Tensor src, Tensor dst, Pool2dParams p, boolean countIncludePad);

    /** Gradient of {@link #avgPool2d}: {@code diffSrc} [N,C,H,W] from {@code diffDst} [N,C,OH,OW]. */
    void avgPool2dBackward(Tensor diffDst, Tensor diffSrc, Pool2dParams p, boolean countIncludePad);

    /**
     * Batch normalization over N, H and W of {@code src} [N,C,H,W]:
     * {@code dst = (src - mean) / sqrt(variance + eps) * gamma + beta} per channel, {@code gamma},
     * {@code beta} [C] or null (1 and 0). With {@code training}, {@code mean} and {@code variance}
     * [C] are outputs: the batch mean and the biased batch variance; otherwise they are read (the
     * running statistics). Running averages are the caller's business.
     */
    void batchNorm2d(Tensor src, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps, boolean training,
                     Tensor dst);

    /**
     * Gradients of training-mode {@link #batchNorm2d} (the batch statistics depend on {@code src}),
     * from the {@code mean} and {@code variance} the forward wrote. {@code diffGamma} and
     * {@code diffBeta} ([C], or null when not wanted) are written, not accumulated.
     */
    void batchNorm2dBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor variance, float eps,
                             Tensor diffSrc, Tensor diffGamma, Tensor diffBeta);
}
