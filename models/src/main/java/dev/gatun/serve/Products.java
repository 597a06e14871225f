package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Tensor;

/**
 * The one place that plans a layer's matrix product or convolution in the predictor's numbers:
 * float32; bfloat16 operands (weights converted once, the input per call); or, for a layer a
 * {@link Quantizer} quantized, uint8 input codes (quantized per call with the calibrated scale
 * and zero point, or written by the int8 product before) times int8 weights, summed in int32 and
 * dequantized with the bias by the kernel.
 * While a quantizer calibrates, the float32 plan also shows each input to the layer's observer.
 * {@link dev.gatun.nn.Linear} and {@link dev.gatun.nn.Conv2d} plan through here, via
 * {@link PlanContext#linear} and {@link PlanContext#conv2d}.
 */
final class Products {
    private Products() {}

    static Runnable linear(PlanContext ctx, Tensor x2, Tensor weight, Tensor bias, Tensor y2) {
        PlanWeights pw = ctx.weights();
        Tensor b = bias == null ? null : ctx.weight(bias);
        QuantizedLayer q = pw.quantized(weight);
        if (q != null) {
            return int8Linear(ctx, q, x2, b, y2);
        }
        Runnable product = pw.precision() == DataType.FLOAT32 ? float32Linear(ctx, x2, ctx.weight(weight), b, y2)
                : bf16Linear(ctx, x2, weight, b, y2);
        return observed(pw.observer(weight), x2, product);
    }

    static Runnable conv2d(PlanContext ctx, Tensor x, Tensor weight, Tensor bias, Tensor y, Conv2dParams p) {
        PlanWeights pw = ctx.weights();
        Tensor b = bias == null ? null : ctx.weight(bias);
        Backend be = ctx.backend();
        QuantizedLayer q = pw.quantized(weight);
        if (q != null) {
            return int8Conv(ctx, q, x, b, y, p);
        }
        Tensor w = pw.productWeight(weight);
        if (pw.precision() == DataType.FLOAT32) {
            ctx.check(() -> Ops.conv2dInto(x, w, b, y, p));
            return observed(pw.observer(weight), x, () -> be.conv2d(x, w, b, y, p));
        }
        ProductInput in = ctx.productInput(x); // the input as the bf16 convolution reads it, converted per call
        Tensor xp = in.operand();
        ctx.check(() -> Ops.conv2dInto(xp, w, b, y, p));
        return () -> {
            in.update();
            be.conv2d(xp, w, b, y, p);
        };
    }

    /**
     * The int8 weights [out, C*H*W] of a fully connected layer, whose columns follow its NCHW input
     * (c, h, w), as a constant whose columns follow channels-last codes (h, w, c): the same
     * products, summed in another order (exact in int32).
     */
    private static Tensor channelsLastColumns(Tensor weights, int[] chw) {
        int out = weights.dim(0), c = chw[0], h = chw[1], w = chw[2], k = c * h * w;
        try (dev.gatun.tensor.Scope s = dev.gatun.tensor.Scope.confined()) {
            Tensor t = Tensor.zeros(s, DataType.INT8, out, k);
            java.lang.foreign.MemorySegment from = weights.segment(), to = t.segment();
            for (long o = 0; o < out; o++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int p = 0; p < h * w; p++) {
                        to.set(java.lang.foreign.ValueLayout.JAVA_BYTE, o * k + (long) p * c + ch,
                                from.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o * k + (long) ch * h * w + p));
                    }
                }
            }
            return Tensor.constant(t);
        }
    }

    private static Runnable observed(Calibration.Observer observer, Tensor input, Runnable product) {
        return observer == null ? product : () -> {
            observer.observe(input);
            product.run();
        };
    }

    /** One backend call: {@link Backend#linear} (oneDNN adds the bias in the product), with a ReLU that folds into it. */
    private static Runnable float32Linear(PlanContext ctx, Tensor x2, Tensor w, Tensor bias, Tensor y2) {
        Backend be = ctx.backend();
        Tensor b = bias == null ? null : bias.reshape(1, -1);
        Epilogue e = ctx.epilogue(y2);
        ctx.check(() -> Ops.linearInto(x2, w, b, false, y2));
        return () -> be.linear(x2, w, b, e.relu(), y2);
    }

    /** The rows converted into a bf16 buffer per call, times the weight's bf16 copy. */
    private static Runnable bf16Linear(PlanContext ctx, Tensor x2, Tensor weight, Tensor bias, Tensor y2) {
        Backend be = ctx.backend();
        Tensor w = ctx.weights().productWeight(weight);
        Tensor b = bias == null ? null : bias.reshape(1, -1);
        ProductInput rows = ctx.productInput(x2);
        Tensor xp = rows.operand();
        return () -> {
            rows.update();
            be.matmul(xp, false, w, true, y2, 1f, 0f);
            if (b != null) {
                be.binary(BinaryOp.ADD, y2, b, y2);
            }
        };
    }

    /** One int8 product on the input's codes, dequantized by {@code d} into the step's output. */
    private interface Int8Product {
        void run(Tensor codes, int zeroPoint, Tensor weights, Epilogue d);
    }

    private static Runnable int8Linear(PlanContext ctx, QuantizedLayer q, Tensor x2, Tensor b, Tensor y2) {
        Backend be = ctx.backend();
        return int8(ctx, q, x2, b, y2, (codes, zero, w, d) -> Ops.quantizedMatmulInto(codes, zero, w, d.scales, d.bias, false, y2),
                (codes, zero, w, d) -> be.quantizedMatmul(codes, zero, w, d.scales, d.bias, d.relu(), d.target()));
    }

    private static Runnable int8Conv(PlanContext ctx, QuantizedLayer q, Tensor x, Tensor b, Tensor y, Conv2dParams p) {
        Backend be = ctx.backend();
        return int8(ctx, q, x, b, y, (codes, zero, w, d) -> Ops.quantizedConv2dInto(codes, zero, w, d.scales, d.bias, false, y, p),
                (codes, zero, w, d) -> be.quantizedConv2d(codes, zero, w, d.scales, d.bias, d.relu(), d.target(), p));
    }

    /**
     * The int8 product on its input's codes, dequantized by the kernel with the plan's
     * {@link Epilogue} (into which a following batch norm or ReLU may fold, or the next int8
     * product's quantization): the codes are written by the int8 product before it when one is
     * (through max pooling or a reshape: {@link PlanContext#codesOf}), else quantized per call.
     * {@code checked} is the product through Ops, run once now, {@code kernel} the backend call
     * each step makes.
     */
    private static Runnable int8(PlanContext ctx, QuantizedLayer q, Tensor x, Tensor b, Tensor y, Int8Product checked,
                                 Int8Product kernel) {
        Backend be = ctx.backend();
        int zero = q.inputZeroPoint();
        float scale = q.inputScale(), inverse = 1f / scale;
        PlanContext.WrittenCodes written = ctx.codesOf(x, inverse, zero);
        Tensor codes = written != null ? written.codes() : ctx.buffer(DataType.UINT8, x.shape());
        Tensor w = written != null && written.chw() != null ? channelsLastColumns(q.weights(), written.chw()) : q.weights();
        Epilogue d = ctx.dequantization(q, b, y);
        ctx.check(() -> {
            if (written == null) {
                Ops.quantizeInto(x, scale, zero, codes);
            }
            checked.run(codes, zero, w, d);
        });
        if (written != null) {
            return () -> kernel.run(codes, zero, w, d);
        }
        return () -> {
            be.quantize(x, inverse, zero, codes);
            kernel.run(codes, zero, w, d);
        };
    }
}
