package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.tensor.ChannelsLast;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.DataType;

/**
 * What a layer gets while it is planned: the backend every step calls, buffers that belong to
 * this plan (one plan serves one thread at a time), the predictor's copy of each weight, and its
 * matrix products and convolutions planned in the predictor's numbers ({@link #linear},
 * {@link #conv2d}: float32, bfloat16 operands, or int8 for a quantized layer), so that a layer
 * never branches on the precision itself.
 */
public final class PlanContext {
    private final Backend backend;
    private final Scope scope;
    private final PlanWeights weights;

    private int layer; // counts the layer boundaries a Sequential marks
    private Epilogue open; // the last product planned, while what follows may fold into it
    private int openLayer; // the layer that planned it, or last folded into it
    private Tensor openEnd; // where its result is after the max poolings and reshapes since (its output when none)
    private final java.util.List<CodePooling> poolings = new java.util.ArrayList<>(); // those poolings, in order

    PlanContext(Backend backend, Scope scope, PlanWeights weights) {
        this.backend = backend;
        this.scope = scope;
        this.weights = weights.on(backend);
    }

    /** The backend the predictor was built for; steps call its kernels directly. */
    public Backend backend() {
        return backend;
    }

    /** A zeroed buffer of this plan. */
    public Tensor buffer(int... shape) {
        return Tensor.zeros(scope, shape);
    }

    /** A zeroed buffer of this plan of {@code type} (the codes a quantized layer's input becomes). */
    Tensor buffer(DataType type, int... shape) {
        return Tensor.zeros(scope, type, shape);
    }

    PlanWeights weights() {
        return weights;
    }

    /**
     * The planned product {@code y2 = x2 W^T + b} of a fully connected layer: {@code x2} [N, in]
     * and {@code y2} [N, out] buffers of the plan, {@code weight} [out, in] and {@code bias} [out]
     * (or null) the layer's live tensors, read through the predictor's copies. Returns the step.
     */
    public Runnable linear(Tensor x2, Tensor weight, Tensor bias, Tensor y2) {
        return Products.linear(this, x2, weight, bias, y2);
    }

    /** The planned convolution of {@code x} into {@code y} with the layer's live {@code weight} and {@code bias} (or null). */
    public Runnable conv2d(Tensor x, Tensor weight, Tensor bias, Tensor y, dev.gatun.backend.Conv2dParams p) {
        return Products.conv2d(this, x, weight, bias, y, p);
    }

    /**
     * Marks the start of the next layer of a chain ({@link dev.gatun.nn.Sequential} calls it
     * between its layers): a layer may fold into a product only when that product, or the
     * last layer folded into it, is the layer just before it, so nothing else has read the
     * product's output in between.
     */
    public void layerBoundary() {
        layer++;
    }

    /**
     * Folds an eval-mode batch norm of {@code x} into the int8 product that wrote {@code x} in the
     * layer just before: its per-channel scales and bias absorb the norm (the kernel's output is
     * then the normalized value, and the norm plans nothing). False, and nothing changed, when
     * {@code x} has no such producer (a float32 or bf16 product, another layer in between).
     */
    public boolean foldBatchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps) {
        Epilogue d = fusable(x);
        if (d == null || !d.foldBatchNorm(gamma, beta, mean, var, eps)) {
            return false;
        }
        openLayer = layer;
        return true;
    }

    /**
     * Fuses the activation {@code op} of {@code x} into the product that wrote {@code x} in the
     * layer just before (an int8 product, or a float32 Linear: the step applies it); false when it
     * cannot (an activation other than ReLU, no such producer).
     */
    public boolean fuseActivation(dev.gatun.backend.EltwiseOp op, float alpha, Tensor x) {
        Epilogue d = op == dev.gatun.backend.EltwiseOp.RELU && alpha == 0f ? fusable(x) : null;
        if (d == null) {
            return false;
        }
        d.fuseRelu();
        openLayer = layer;
        return true;
    }

    /** The open product when {@code x} is its output itself (no pooling since), from the layer just before. */
    private Epilogue fusable(Tensor x) {
        return poolings.isEmpty() && atOpenEnd(x) ? open : null;
    }

    /** Whether {@code x} is where the open product's result now is, in the layer just after the last that touched it. */
    private boolean atOpenEnd(Tensor x) {
        return open != null && openLayer == layer - 1 && sameMemory(openEnd, x);
    }

    /** Whether two contiguous tensors are the same memory, whatever their shapes (a strided view never is). */
    private static boolean sameMemory(Tensor a, Tensor b) {
        if (!a.isContiguous() || !b.isContiguous()) {
            return false; // before segment(), which refuses a strided view
        }
        java.lang.foreign.MemorySegment x = a.segment(), y = b.segment();
        return x.address() == y.address() && x.byteSize() == y.byteSize();
    }

    /**
     * A layer whose output is {@code input} itself or a view of it (Flatten, eval-mode Dropout,
     * Identity): what could fold into the product that wrote {@code input} still can, one layer on.
     */
    public void passThrough(Tensor input) {
        if (atOpenEnd(input)) {
            openLayer = layer;
        }
    }

    /**
     * The planned eval-mode max pooling of {@code x} into {@code y} (float32 NCHW buffers, checked
     * by the caller). When {@code x} is an int8 product's result from the layer just before and an
     * int8 product reads {@code y} next, the step pools that product's uint8 codes instead of
     * floats ({@link CodePooling}); otherwise it is the backend's float pooling.
     */
    public Runnable maxPool2d(Tensor x, Tensor y, dev.gatun.backend.Pool2dParams p) {
        Backend be = backend;
        Runnable floats = () -> be.maxPool2d(x, y, null, p);
        if (!atOpenEnd(x) || open.scales == null) {
            return floats;
        }
        CodePooling pooling = new CodePooling(be, y, p, floats);
        poolings.add(pooling);
        openEnd = y;
        openLayer = layer;
        return pooling;
    }

    /**
     * Codes an int8 product reads that the int8 product before it wrote: {@code codes}, in the
     * reader's input shape; or, for a fully connected reader of channels-last codes, their NHWC rows
     * [N, H*W*C], with {@code chw} = [C, H, W], the order its weights' columns must be permuted from.
     */
    record WrittenCodes(Tensor codes, int[] chw) {}

    /**
     * The uint8 codes of {@code x} with {@code invScale} and {@code zeroPoint}, written by the int8
     * product before it (through the max poolings and reshapes in between), for the int8 product
     * planned now to read instead of quantizing {@code x}; null when {@code x} has no such
     * producer. From then on that product and those poolings write codes, not their floats, which
     * nothing else reads (each layer reads only the one before it). Between convolutions and
     * poolings the codes are channels-last where the backend {@linkplain
     * Backend#prefersChannelsLastCodes prefers} it.
     */
    WrittenCodes codesOf(Tensor x, float invScale, int zeroPoint) {
        if (!atOpenEnd(x)) {
            return null;
        }
        int[] produced = open.output.shape(), end = poolings.isEmpty() ? produced : poolings.getLast().outputShape();
        boolean last = backend.prefersChannelsLastCodes() && produced.length == 4
                && (java.util.Arrays.equals(x.shape(), end) || (x.rank() == 2 && x.dim(0) == end[0]));
        Tensor codes = codeBuffer(produced, last);
        if (!open.requantize(invScale, zeroPoint, codes)) {
            return null;
        }
        for (CodePooling pooling : poolings) {
            Tensor pooled = codeBuffer(pooling.outputShape(), last);
            pooling.useCodes(codes, pooled, this);
            codes = pooled;
        }
        open = null;
        poolings.clear();
        if (!last || codes.isContiguous()) { // NCHW, or channels-last of one channel or one pixel: the same order
            return new WrittenCodes(codes.reshape(x.shape()), null);
        }
        if (x.rank() == 4) {
            return new WrittenCodes(codes, null);
        }
        return new WrittenCodes(ChannelsLast.nhwc(codes).reshape(x.shape()), new int[] {end[1], end[2], end[3]});
    }

    private Tensor codeBuffer(int[] shape, boolean channelsLast) {
        return channelsLast ? ChannelsLast.zeros(scope, DataType.UINT8, shape[0], shape[1], shape[2], shape[3])
                : buffer(DataType.UINT8, shape);
    }

    /** The dequantization of {@code q}'s product into {@code output}, open to the layers that follow. */
    Epilogue dequantization(QuantizedLayer q, Tensor bias, Tensor output) {
        Tensor productScales = weights.productScales(q);
        int channels = productScales.dim(0);
        return opened(Epilogue.dequantization(output, productScales, bias, buffer(channels), buffer(channels)));
    }

    /** The epilogue of a float32 product into {@code output}, open to a ReLU that follows. */
    Epilogue epilogue(Tensor output) {
        return opened(Epilogue.float32(output));
    }

    private Epilogue opened(Epilogue e) {
        open = e;
        openLayer = layer;
        openEnd = e.output;
        poolings.clear();
        return e;
    }

    /** A buffer of this plan holding a copy of {@code constant} (a mask, a fixed table), made now. */
    public Tensor copyOf(Tensor constant) {
        Tensor t = buffer(constant.shape());
        backend.copy(constant, t);
        return t;
    }

    /**
     * Runs {@code op} once now on the plan's backend: a layer passes the validating
     * {@code Ops...Into} form of its kernel on its planned buffers, so Ops checks every shape
     * before a call is served and the step may call the kernel directly.
     */
    public void check(Runnable op) {
        try (var _ = Backends.using(backend)) {
            op.run();
        }
    }

    /**
     * The predictor's snapshot of {@code live}, a tensor of the model's
     * {@linkplain dev.gatun.nn.Module#stateDict() state dict}: reading it is safe while the model
     * trains on.
     */
    public Tensor weight(Tensor live) {
        return weights.weight(live);
    }

    /**
     * What the predictor's matrix products and convolutions read: float32, or bfloat16 (their
     * operands bf16, accumulation and results float32, as in {@link dev.gatun.autograd.Autocast});
     * quantized layers run in int8 whatever this says.
     */
    public DataType precision() {
        return weights.precision();
    }

    /** {@code input} (a buffer of the plan, contiguous) as a product of the plan reads it; call its {@code update()} in each step. */
    ProductInput productInput(Tensor input) {
        if (weights.precision() == DataType.FLOAT32) {
            return new ProductInput(input, null, input);
        }
        Tensor half = Tensor.zeros(scope, weights.precision(), input.shape());
        return new ProductInput(input, half, backend.bf16Arithmetic() ? half : buffer(input.shape()));
    }
}
