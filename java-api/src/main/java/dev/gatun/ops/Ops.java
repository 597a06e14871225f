package dev.gatun.ops;

import dev.gatun.backend.Backend;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.ReduceOp;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Tensor;

/**
 * The tensor operations users call. Each validates its arguments once (liveness, thread,
 * shapes, naming the op and the shapes in the exception), makes strided inputs contiguous,
 * allocates its result in the {@linkplain dev.gatun.tensor.Scope#current() current scope} and
 * runs the kernel on the {@linkplain dev.gatun.backend.Backends#current() current backend}. The {@code ...Into}
 * forms write into a preallocated tensor, for hot paths that must not allocate. Results that
 * the kernel writes entirely are allocated with {@link Tensor#empty} (no zeroing pass in step
 * memory); {@code EmptyOutputsTest} runs each such op on NaN-filled memory.
 *
 * <p><b>Outputs</b>, checked on every write path before any kernel runs, the same on every
 * backend:
 * <ul>
 * <li>An output must be writable: a view of a read-only mapping (a {@code SafetensorsFile}
 *     tensor) or of a read-only segment is refused with an {@link IllegalArgumentException}
 *     naming the op, the argument and its shape.
 * <li>Overlap between an output and an input: <em>elementwise ops</em> ({@link #binaryInto},
 *     {@link #eltwiseInto}) may write exactly over an input of the output's shape (in place, as
 *     PyTorch's {@code add_}); an output that partly overlaps an input (a shifted or broadcast
 *     view of it) is refused, as PyTorch refuses it. <em>Ops that read many input elements per
 *     output element</em> ({@link #matmulInto}, {@link #conv2dInto}, {@link #maxPool2dInto},
 *     {@link #avgPool2dInto}, {@link #batchNorm2dInferenceInto}, {@link #copyInto}) accept any
 *     overlap and compute through a temporary, so {@code matmulInto(a, a, a)} gives
 *     {@code a @ a}; the temporary is allocated only when the memory overlaps. <em>Ops with
 *     several outputs</em> (the recurrent ones, batch norm's running statistics) refuse any
 *     overlap between an output and another output or an input. A strided input that is
 *     copied to make it contiguous never overlaps (the copy is read).
 * </ul>
 *
 * <p><b>NaN and infinities</b> propagate as in PyTorch on every backend: an op whose result
 * depends on a NaN input is NaN ({@code relu(NaN)}, {@code max} over a window or an axis that
 * holds a NaN, {@code maximum(NaN, x)}), and IEEE arithmetic gives the rest ({@code relu(inf)
 * = inf}, {@code sigmoid(-inf) = 0}, {@code 0 * inf = NaN} in a matmul).
 *
 * <p>This class is the public face only: each op family's checks and kernel call live in a
 * package-private class ({@code MatmulOps}, {@code BinaryOps}, {@code EltwiseOps},
 * {@code ReduceOps}, {@code SoftmaxOps}, {@code NormOps}, {@code ConvOps}, {@code PoolOps},
 * {@code RnnOps}, {@code LayoutOps}) over the shared {@code OpChecks}.
 */
public final class Ops {
    private Ops() {}

    /** {@code a @ b} for [M,K] x [K,N], or batched [B,M,K] x [B,K,N] (a rank-2 side is shared). */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, false, b, false);
    }

    /** {@code op(a) @ op(b)}, where op transposes the last two axes when its flag is set. */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        return MatmulOps.matmul(a, transA, b, transB);
    }

    /**
     * {@code c = alpha * op(a) @ op(b) + beta * c} into a preallocated, contiguous {@code c}.
     * Allocates nothing when the arguments are valid (a service's inference hot path).
     */
    public static void matmulInto(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
        MatmulOps.matmulInto(a, transA, b, transB, c, alpha, beta);
    }

    /**
     * A fully connected layer into {@code y} [M,N]: {@code x w^T + bias}, with {@code relu} its
     * ReLU, in one backend call ({@link dev.gatun.backend.Backend#linear}: oneDNN runs it as one
     * matmul with a bias and a ReLU post-op). {@code x} [M,K] and {@code w} [N,K] float32 or both
     * bfloat16, {@code bias} [N] (or [1,N]) or null.
     */
    public static void linearInto(Tensor x, Tensor w, Tensor bias, boolean relu, Tensor y) {
        MatmulOps.linearInto(x, w, bias, relu, y);
    }

    /**
     * What a recurrent forward returns: the last layer's output at every step [seq, batch,
     * directions * hidden], the final states hN and cN (null unless LSTM) [layers * directions,
     * batch, hidden], and, after a training forward, the workspace its backward needs (null after
     * inference) and the backend that filled it.
     */
    public record RnnResult(Tensor dst, Tensor hN, Tensor cN, Tensor workspace, Backend backend) {}

    /** What a recurrent backward returns; {@code diffC0} is null unless LSTM. */
    public record RnnGrads(Tensor diffSrc, Tensor diffH0, Tensor diffC0, RnnWeights diffWeights) {}

    /**
     * Runs a recurrent stack (see {@link RnnParams} for the shapes, {@link RnnWeights} for the
     * PyTorch weight layout) over {@code src}. {@code h0} and {@code c0} may be null (zeros);
     * {@code c0} must be null unless LSTM. With {@code training}, keeps what {@link #rnnBackward} needs.
     * A backend may keep a converted copy of the weights per holder; it is checked against the
     * tensors on every call, so they may be changed in place between calls.
     */
    public static RnnResult rnn(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w, boolean training) {
        return RnnOps.rnn(p, src, h0, c0, w, training);
    }

    /**
     * Inference into preallocated outputs: {@code dst}, {@code hN} and (LSTM) {@code cN} of the
     * shapes {@link RnnParams} gives; h0 and c0 are required here. Allocates nothing when the
     * arguments are valid.
     */
    public static void rnnInto(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                               Tensor dst, Tensor hN, Tensor cN) {
        rnnInto(p, src, h0, c0, w, dst, hN, cN, null);
    }

    /**
     * {@link #rnnInto} that also fills {@code workspace} (from {@link #rnnWorkspace}, or null for
     * inference) for {@link #rnnBackwardInto}: a training loop that reuses its buffers allocates
     * nothing per step. The workspace must come from the current backend.
     */
    public static void rnnInto(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                               Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        RnnOps.rnnInto(p, src, h0, c0, w, dst, hN, cN, workspace);
    }

    /** A workspace for training forwards of {@code p} on the current backend (its size is the backend's). */
    public static Tensor rnnWorkspace(RnnParams p) {
        return RnnOps.rnnWorkspace(p);
    }

    /**
     * Gradients of a training {@link #rnn} call, given the same inputs, its result, and the
     * gradients of its outputs ({@code diffDst}, {@code diffHN}, {@code diffCN}; any may be null:
     * zeros). Runs on the backend that ran the forward, which must be the current one; once per
     * forward (the workspace may be consumed).
     */
    public static RnnGrads rnnBackward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w, RnnResult fwd,
                                       Tensor diffDst, Tensor diffHN, Tensor diffCN) {
        return RnnOps.rnnBackward(p, src, h0, c0, w, fwd, diffDst, diffHN, diffCN);
    }

    /**
     * {@link #rnnBackward} with every tensor given (h0, c0, diffHN and diffCN too; c ones only for
     * the LSTM): the forward's inputs, outputs and workspace from {@link #rnnInto}, and the
     * gradients to write, preallocated. Allocates nothing when the arguments are valid.
     */
    public static void rnnBackwardInto(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                                       Tensor dst, Tensor hN, Tensor cN, Tensor workspace,
                                       Tensor diffDst, Tensor diffHN, Tensor diffCN, RnnGrads grads) {
        RnnOps.rnnBackwardInto(p, src, h0, c0, w, dst, hN, cN, workspace, diffDst, diffHN, diffCN, grads);
    }

    public static Tensor add(Tensor a, Tensor b) {
        return binary(BinaryOp.ADD, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return binary(BinaryOp.SUB, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return binary(BinaryOp.MUL, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return binary(BinaryOp.DIV, a, b);
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        return binary(BinaryOp.MAX, a, b);
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        return binary(BinaryOp.MIN, a, b);
    }

    /** {@code a op b} with NumPy broadcasting. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return BinaryOps.binary(op, a, b);
    }

    /** {@code dst = a op b} into a preallocated {@code dst} of the broadcast shape (may be a or b). */
    public static void binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        BinaryOps.binaryInto(op, a, b, dst);
    }

    /** {@code x + c}. */
    public static Tensor add(Tensor x, float c) {
        return eltwise(EltwiseOp.LINEAR, 1f, c, x);
    }

    /** {@code x * c}. */
    public static Tensor mul(Tensor x, float c) {
        return eltwise(EltwiseOp.LINEAR, c, 0f, x);
    }

    public static Tensor step(Tensor x) {
        return eltwise(EltwiseOp.STEP, 0f, 0f, x);
    }

    public static Tensor sigmoid(Tensor x) {
        return eltwise(EltwiseOp.SIGMOID, 0f, 0f, x);
    }

    public static Tensor tanh(Tensor x) {
        return eltwise(EltwiseOp.TANH, 0f, 0f, x);
    }

    public static Tensor relu(Tensor x) {
        return eltwise(EltwiseOp.RELU, 0f, 0f, x);
    }

    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return eltwise(EltwiseOp.RELU, negativeSlope, 0f, x);
    }

    /** GELU, exact (erf) or PyTorch's tanh approximation. */
    public static Tensor gelu(Tensor x, boolean tanhApproximation) {
        return eltwise(tanhApproximation ? EltwiseOp.GELU_TANH : EltwiseOp.GELU_ERF, 0f, 0f, x);
    }

    public static Tensor exp(Tensor x) {
        return eltwise(EltwiseOp.EXP, 0f, 0f, x);
    }

    public static Tensor log(Tensor x) {
        return eltwise(EltwiseOp.LOG, 0f, 0f, x);
    }

    public static Tensor sqrt(Tensor x) {
        return eltwise(EltwiseOp.SQRT, 0f, 0f, x);
    }

    public static Tensor abs(Tensor x) {
        return eltwise(EltwiseOp.ABS, 0f, 0f, x);
    }

    public static Tensor square(Tensor x) {
        return eltwise(EltwiseOp.SQUARE, 0f, 0f, x);
    }

    public static Tensor eltwise(EltwiseOp op, float alpha, float beta, Tensor x) {
        return EltwiseOps.eltwise(op, alpha, beta, x);
    }

    /** {@code dst = f(src)} into a preallocated tensor of the same shape (may be {@code src}). */
    public static void eltwiseInto(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
        EltwiseOps.eltwiseInto(op, alpha, beta, src, dst);
    }

    /** {@code diffDst * f'(src)}. */
    public static Tensor eltwiseBackward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor diffDst) {
        return EltwiseOps.eltwiseBackward(op, alpha, beta, src, diffDst);
    }

    /** Sum over {@code axes} (all axes when none), keeping them as size 1 when {@code keepDims}. */
    public static Tensor sum(Tensor x, boolean keepDims, int... axes) {
        return reduce(ReduceOp.SUM, x, keepDims, axes);
    }

    public static Tensor mean(Tensor x, boolean keepDims, int... axes) {
        return reduce(ReduceOp.MEAN, x, keepDims, axes);
    }

    public static Tensor max(Tensor x, boolean keepDims, int... axes) {
        return reduce(ReduceOp.MAX, x, keepDims, axes);
    }

    public static Tensor reduce(ReduceOp op, Tensor x, boolean keepDims, int... axes) {
        return ReduceOps.reduce(op, x, keepDims, axes);
    }

    /**
     * Sums {@code grad} down to {@code shape} over the axes where it was broadcast: the gradient
     * of a broadcasting binary op with respect to its smaller operand.
     */
    public static Tensor sumTo(Tensor grad, int[] shape) {
        return ReduceOps.sumTo(grad, shape);
    }

    /** Softmax over the last axis. */
    public static Tensor softmax(Tensor x) {
        return SoftmaxOps.softmax(x, false);
    }

    /** Log-softmax over the last axis (computed stably, not as log of softmax). */
    public static Tensor logSoftmax(Tensor x) {
        return SoftmaxOps.softmax(x, true);
    }

    /** Gradient of softmax / log-softmax from its output {@code dst}. */
    public static Tensor softmaxBackward(Tensor dst, Tensor diffDst, boolean log) {
        return SoftmaxOps.softmaxBackward(dst, diffDst, log);
    }

    /** What layer normalization returns: the output and the statistics its backward needs. */
    public record LayerNormResult(Tensor dst, Tensor mean, Tensor rstd) {}

    /** What layer normalization's backward returns; {@code diffGamma}/{@code diffBeta} null without gamma. */
    public record LayerNormGrads(Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {}

    /** Layer normalization over the last axis; {@code gamma} and {@code beta} are [C] or null. */
    public static LayerNormResult layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        return NormOps.layerNorm(x, gamma, beta, eps);
    }

    public static LayerNormGrads layerNormBackward(Tensor x, Tensor diffDst, Tensor gamma, Tensor mean, Tensor rstd) {
        return NormOps.layerNormBackward(x, diffDst, gamma, mean, rstd);
    }

    /** A contiguous copy of {@code x} with two axes swapped. */
    public static Tensor transpose(Tensor x, int axis0, int axis1) {
        return LayoutOps.transpose(x, axis0, axis1);
    }

    /** Joins tensors along {@code axis}; all other dims must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        return LayoutOps.concat(axis, parts);
    }

    /** Splits {@code x} along {@code axis} into contiguous pieces of the given sizes. */
    public static Tensor[] split(Tensor x, int axis, int... sizes) {
        return LayoutOps.split(x, axis, sizes);
    }

    /**
     * Copies {@code src} (any view, strided or broadcast) into a preallocated contiguous
     * {@code dst} of the same shape. When they share memory ({@code copyInto(x.transpose(0, 1), x)})
     * the copy goes through a temporary, so {@code dst} gets {@code src}'s values as they were.
     */
    public static void copyInto(Tensor src, Tensor dst) {
        LayoutOps.copyInto(src, dst);
    }

    // ---- quantized (8-bit codes) ------------------------------------------------------------

    /**
     * The codes of {@code x} in {@code type} (int8 or uint8): {@code clamp(rint(x / scale) +
     * zeroPoint)}, ties to even, NaN to the zero point; a code {@code q} stands for
     * {@code scale * (q - zeroPoint)}. As PyTorch's {@code quantize_per_tensor}.
     */
    public static Tensor quantize(Tensor x, float scale, int zeroPoint, DataType type) {
        return QuantOps.quantize(x, scale, zeroPoint, type);
    }

    /** {@link #quantize} into a preallocated contiguous {@code q} of the same shape (its type says int8 or uint8). */
    public static void quantizeInto(Tensor x, float scale, int zeroPoint, Tensor q) {
        QuantOps.quantizeInto(x, scale, zeroPoint, q);
    }

    /** The real values {@code scale * (q - zeroPoint)} of the codes {@code q}, as float32. */
    public static Tensor dequantize(Tensor q, float scale, int zeroPoint) {
        return QuantOps.dequantize(q, scale, zeroPoint);
    }

    /**
     * The quantized product {@code out = dequantized(a) @ dequantized(w)^T + bias}, computed in
     * int32 and dequantized once per output: {@code a} uint8 [M,K] with {@code zeroPoint}, {@code w}
     * int8 [N,K] (symmetric, one scale per row), {@code scales} [N] the input's scale times each
     * row's, {@code bias} [N] or null, {@code out} float32 [M,N] (or UINT8: the codes of those
     * values, rounded and clamped); with {@code relu}, the ReLU of that, fused. See {@link dev.gatun.backend.Backend#quantizedMatmul} for the exact arithmetic
     * every backend matches.
     */
    public static void quantizedMatmulInto(Tensor a, int zeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu,
                                           Tensor out) {
        QuantOps.matmulInto(a, zeroPoint, w, scales, bias, relu, out);
    }

    /**
     * The quantized {@link #conv2d}: {@code x} uint8 [N,IC,H,W], {@code w} int8, per-output-channel
     * {@code scales}, float32 {@code dst} (or UINT8 codes, as {@link #quantizedMatmulInto}), a fused
     * ReLU with {@code relu}.
     */
    public static void quantizedConv2dInto(Tensor x, int zeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu,
                                           Tensor dst, Conv2dParams p) {
        QuantOps.conv2dInto(x, zeroPoint, w, scales, bias, relu, dst, p);
    }

    /**
     * Max pooling of uint8 codes {@code x} [N,C,H,W] into uint8 {@code dst} (inference: no
     * indices); padding reads as code 0. The codes of {@link #maxPool2dInto}'s result when
     * {@code x} holds the codes of its input (quantizing is monotone).
     */
    public static void quantizedMaxPool2dInto(Tensor x, Tensor dst, Pool2dParams p) {
        QuantOps.maxPool2dInto(x, dst, p);
    }

    /** 2-D convolution of {@code x} [N,IC,H,W] with {@code w} [OC,IC/groups,KH,KW] and {@code b} [OC] or null. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, Conv2dParams p) {
        return ConvOps.conv2d(x, w, b, p);
    }

    /**
     * {@link #conv2d} into a preallocated, contiguous {@code dst} [N,OC,OH,OW]. Allocates nothing
     * when the arguments are valid and contiguous (an inference hot path).
     */
    public static void conv2dInto(Tensor x, Tensor w, Tensor b, Tensor dst, Conv2dParams p) {
        ConvOps.conv2dInto(x, w, b, dst, p);
    }

    /** Gradient of {@link #conv2d} with respect to its input, of shape {@code srcShape} [N,IC,H,W]. */
    public static Tensor conv2dBackwardData(Tensor diffDst, Tensor w, int[] srcShape, Conv2dParams p) {
        return ConvOps.conv2dBackwardData(diffDst, w, srcShape, p);
    }

    /** What {@link #conv2dBackwardWeights} returns; {@code diffBias} is null when not asked for. */
    public record Conv2dWeightGrads(Tensor diffWeights, Tensor diffBias) {}

    /** Gradients of {@link #conv2d} with respect to weights of shape {@code weightShape} and, when {@code bias}, the bias. */
    public static Conv2dWeightGrads conv2dBackwardWeights(Tensor x, Tensor diffDst, int[] weightShape, boolean bias,
                                                         Conv2dParams p) {
        return ConvOps.conv2dBackwardWeights(x, diffDst, weightShape, bias, p);
    }

    /** What max pooling returns: the output and the argmax of each window ({@code h * W + w} in its plane). */
    public record MaxPoolResult(Tensor dst, Tensor indices) {}

    /** Max pooling of {@code x} [N,C,H,W], with the indices its backward needs. */
    public static MaxPoolResult maxPool2d(Tensor x, Pool2dParams p) {
        return PoolOps.maxPool2d(x, p);
    }

    /** Max pooling into a preallocated {@code dst}, without indices (inference). */
    public static void maxPool2dInto(Tensor x, Tensor dst, Pool2dParams p) {
        PoolOps.maxPool2dInto(x, dst, p);
    }

    /** Gradient of {@link #maxPool2d}: a tensor of {@code srcShape} from diffDst and the forward's indices. */
    public static Tensor maxPool2dBackward(Tensor diffDst, Tensor indices, int[] srcShape, Pool2dParams p) {
        return PoolOps.maxPool2dBackward(diffDst, indices, srcShape, p);
    }

    /** Average pooling of {@code x} [N,C,H,W]; padded zeros count in the divisor when {@code countIncludePad}. */
    public static Tensor avgPool2d(Tensor x, Pool2dParams p, boolean countIncludePad) {
        return PoolOps.avgPool2d(x, p, countIncludePad);
    }

    /** {@link #avgPool2d} into a preallocated {@code dst}. */
    public static void avgPool2dInto(Tensor x, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        PoolOps.avgPool2dInto(x, dst, p, countIncludePad);
    }

    /** Gradient of {@link #avgPool2d}: a tensor of {@code srcShape}. */
    public static Tensor avgPool2dBackward(Tensor diffDst, int[] srcShape, Pool2dParams p, boolean countIncludePad) {
        return PoolOps.avgPool2dBackward(diffDst, srcShape, p, countIncludePad);
    }

    /** What training-mode batch norm returns: the output and the batch statistics its backward needs. */
    public record BatchNormResult(Tensor dst, Tensor mean, Tensor variance) {}

    /** What batch norm's backward returns; {@code diffGamma}/{@code diffBeta} null without gamma. */
    public record BatchNormGrads(Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {}

    /**
     * Training-mode batch normalization of {@code x} [N,C,H,W] with batch statistics (the mean
     * and the biased variance over N, H, W, returned for the backward). When {@code runningMean}
     * and {@code runningVar} ([C]) are given they are updated in place as PyTorch does:
     * {@code running = (1 - momentum) * running + momentum * batch}, with the unbiased variance.
     */
    public static BatchNormResult batchNorm2dTraining(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                                      Tensor runningVar, float momentum, float eps) {
        return NormOps.batchNorm2dTraining(x, gamma, beta, runningMean, runningVar, momentum, eps);
    }

    /** Inference-mode batch normalization of {@code x} [N,C,H,W] with given statistics {@code mean}, {@code variance} [C]. */
    public static Tensor batchNorm2dInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps) {
        return NormOps.batchNorm2dInference(x, gamma, beta, mean, variance, eps);
    }

    /** {@link #batchNorm2dInference} into a preallocated {@code dst} (which may overlap {@code x}: staged). */
    public static void batchNorm2dInferenceInto(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps,
                                                Tensor dst) {
        NormOps.batchNorm2dInferenceInto(x, gamma, beta, mean, variance, eps, dst);
    }

    /** Gradients of training-mode batch norm from the batch {@code mean} and {@code variance} its forward returned. */
    public static BatchNormGrads batchNorm2dBackward(Tensor x, Tensor diffDst, Tensor gamma, Tensor mean, Tensor variance,
                                                    float eps) {
        return NormOps.batchNorm2dBackward(x, diffDst, gamma, mean, variance, eps);
    }
}
