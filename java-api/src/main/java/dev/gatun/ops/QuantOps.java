package dev.gatun.ops;

import static dev.gatun.ops.OpChecks.backend;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.tensor.ChannelsLast;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The quantized ops behind {@link Ops#quantize}, {@link Ops#dequantize} and the quantized
 * products: every argument checked once (types, shapes, scales, zero points, the int32 bound on
 * sums, writable and separate outputs), then one backend call.
 */
final class QuantOps {
    private QuantOps() {}

    static Tensor quantize(Tensor x, float scale, int zeroPoint, DataType type) {
        if (type == null || !type.isInteger()) {
            throw new IllegalArgumentException("quantize: target type " + type + " is not an 8-bit integer type (int8 or uint8)");
        }
        Tensor src = OpChecks.dense("quantize", x);
        Tensor q = Tensor.empty(dev.gatun.tensor.Scope.current(), type, src.shape());
        quantizeInto(src, scale, zeroPoint, q);
        return q;
    }

    static void quantizeInto(Tensor x, float scale, int zeroPoint, Tensor q) {
        String op = "quantize";
        Tensor src = OpChecks.dense(op, x);
        codes(op, "output", q, null);
        checkScale(op, scale);
        checkZeroPoint(op, zeroPoint, q.dtype());
        if (!src.sameShape(q) || !q.isContiguous()) {
            throw new IllegalArgumentException(op + ": input " + Shapes.str(src.shape()) + " into " + q.dtype() + " "
                    + Shapes.str(q.shape()) + ": the output must be contiguous and of the same shape");
        }
        Outputs.writable(op, "output", q);
        if (Outputs.overlaps(src, q)) {
            throw new IllegalArgumentException(op + ": output " + Shapes.str(q.shape()) + " shares memory with the input");
        }
        backend().quantize(src, 1f / scale, zeroPoint, q);
    }

    /** Real values of codes: {@code scale * (q - zeroPoint)} in float32 (exact for 8-bit codes when the scale is). */
    static Tensor dequantize(Tensor q, float scale, int zeroPoint) {
        String op = "dequantize";
        if (q == null) {
            throw new IllegalArgumentException(op + ": tensor argument is null");
        }
        q.checkAccess(op);
        codes(op, "input", q, null);
        checkScale(op, scale);
        checkZeroPoint(op, zeroPoint, q.dtype());
        Tensor codes = q.contiguous();
        Tensor out = Tensor.zeros(codes.shape());
        MemorySegment s = codes.segment(), d = out.segment();
        boolean unsigned = codes.dtype() == DataType.UINT8;
        for (long i = 0, n = codes.numel(); i < n; i++) {
            byte b = s.get(ValueLayout.JAVA_BYTE, i);
            int code = unsigned ? Byte.toUnsignedInt(b) : b;
            d.setAtIndex(ValueLayout.JAVA_FLOAT, i, scale * (code - zeroPoint));
        }
        return out;
    }

    static void matmulInto(Tensor a, int zeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu, Tensor out) {
        String op = "quantized matmul";
        codes(op, "input", a, DataType.UINT8);
        codes(op, "weights", w, DataType.INT8);
        if (a.rank() != 2 || w.rank() != 2 || a.dim(1) != w.dim(1)) {
            throw new IllegalArgumentException("shape mismatch in " + op + ": input " + Shapes.str(a.shape()) + " and weights "
                    + Shapes.str(w.shape()) + " (expected [M, K] and [N, K])");
        }
        int m = a.dim(0), k = a.dim(1), n = w.dim(0);
        checkZeroPoint(op, zeroPoint, DataType.UINT8);
        checkK(op, k);
        Tensor s = perChannel(op, "scales", scales, n), b = bias == null ? null : perChannel(op, "bias", bias, n);
        checkOutput(op, out, new int[] {m, n}, a, w, s, b);
        backend().quantizedMatmul(a.contiguous(), zeroPoint, w.contiguous(), s, b, relu, out);
    }

    static void conv2dInto(Tensor x, int zeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu, Tensor dst,
                           Conv2dParams p) {
        String op = "quantized conv2d";
        codes(op, "input", x, DataType.UINT8);
        codes(op, "weights", w, DataType.INT8);
        if (p == null) {
            throw new IllegalArgumentException(op + ": parameters are null");
        }
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException(op + ": input " + Shapes.str(x.shape()) + " and weights " + Shapes.str(w.shape())
                    + " must be NCHW and OIHW (rank 4)");
        }
        int[] shape = ConvShapes.conv2dOut(op, x.shape(), w.shape(), bias == null ? -1 : bias.dim(0), p);
        checkZeroPoint(op, zeroPoint, DataType.UINT8);
        checkK(op, (long) w.dim(1) * w.dim(2) * w.dim(3));
        Tensor s = perChannel(op, "scales", scales, w.dim(0)), b = bias == null ? null : perChannel(op, "bias", bias, w.dim(0));
        checkOutput(op, dst, shape, x, w, s, b);
        backend().quantizedConv2d(layoutOf(x), zeroPoint, w.contiguous(), s, b, relu, dst, p);
    }

    static void maxPool2dInto(Tensor x, Tensor dst, Pool2dParams p) {
        String op = "quantized maxPool2d";
        codes(op, "input", x, DataType.UINT8);
        codes(op, "output", dst, DataType.UINT8);
        if (p == null) {
            throw new IllegalArgumentException(op + ": parameters are null");
        }
        if (x.rank() != 4 || x.dim(1) == 0 || x.dim(2) == 0 || x.dim(3) == 0) {
            throw new IllegalArgumentException(op + ": input " + Shapes.str(x.shape()) + " must be NCHW with channels and pixels");
        }
        checkOutput(op, dst, ConvShapes.pool2dOut(op, x.shape(), p), x);
        backend().quantizedMaxPool2d(layoutOf(x), dst, p);
    }

    // ---- checks --------------------------------------------------------------------------------

    /** A live tensor of 8-bit codes, of {@code type} when given. */
    private static void codes(String op, String what, Tensor t, DataType type) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + what + " tensor is null");
        }
        t.checkAccess(op);
        if (type != null ? t.dtype() != type : !t.dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": " + what + " " + Shapes.str(t.shape()) + " is " + t.dtype() + ", expected "
                    + (type != null ? type : "int8 or uint8") + " codes");
        }
    }

    private static void checkScale(String op, float scale) {
        if (!(scale > 0f) || Float.isInfinite(scale) || Float.isInfinite(1f / scale)) {
            throw new IllegalArgumentException(op + ": scale must be positive and finite (its inverse too), got " + scale);
        }
    }

    private static void checkZeroPoint(String op, int zeroPoint, DataType type) {
        if (zeroPoint < type.minCode() || zeroPoint > type.maxCode()) {
            throw new IllegalArgumentException(op + ": zero point " + zeroPoint + " is not a " + type + " code ("
                    + type.minCode() + ".." + type.maxCode() + ")");
        }
    }

    private static void checkK(String op, long k) {
        if (k > Backend.QUANTIZED_MAX_K) {
            throw new IllegalArgumentException(op + ": " + k + " products per output would overflow int32 sums (at most "
                    + Backend.QUANTIZED_MAX_K + ")");
        }
    }

    /**
     * A float32 [n] vector (scales, bias), contiguous, and finite: then every dequantized output
     * is finite, which a kernel's fused ReLU ({@code max(y, 0)} in oneDNN) needs to match the
     * NaN-keeping ReLU of the oracle.
     */
    private static Tensor perChannel(String op, String what, Tensor t, int n) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + what + " tensor is null");
        }
        Tensor d = OpChecks.dense(op, t);
        if (d.rank() != 1 || d.dim(0) != n) {
            throw new IllegalArgumentException("shape mismatch in " + op + ": " + what + " " + Shapes.str(d.shape())
                    + ", expected [" + n + "] (one per output channel)");
        }
        MemorySegment s = d.segment();
        for (int i = 0; i < n; i++) {
            float v = s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(op + ": " + what + "[" + i + "] = " + v + " is not finite");
            }
        }
        return d;
    }

    /** Codes as a quantized convolution or pooling reads them: NCHW (a copy of another view) or channels-last as they are. */
    private static Tensor layoutOf(Tensor x) {
        return ChannelsLast.is(x) ? x : x.contiguous();
    }

    /**
     * A float32 output, or UINT8 codes (the next layer's input, its scale and zero point folded in
     * by the caller), which a 4-D kernel may also write {@linkplain ChannelsLast channels-last}.
     */
    private static void checkOutput(String op, Tensor out, int[] shape, Tensor... inputs) {
        if (out == null || out.dtype() != DataType.UINT8) {
            OpChecks.checkOut(op, out, shape);
        } else {
            out.checkAccess(op);
            boolean dense = out.isContiguous() || ChannelsLast.is(out);
            if (!java.util.Arrays.equals(out.shape(), shape) || !dense) {
                throw new IllegalArgumentException("shape mismatch in " + op + ": output codes are " + Shapes.str(out.shape())
                        + (dense ? "" : " (a strided view)") + ", expected contiguous " + Shapes.str(shape));
            }
        }
        Outputs.writable(op, "output", out);
        for (Tensor in : inputs) {
            if (Outputs.overlaps(out, in)) {
                throw new IllegalArgumentException(op + ": output " + Shapes.str(out.shape()) + " shares memory with an input "
                        + Shapes.str(in.shape()));
            }
        }
    }
}
