package dev.gatun.backend.scalar;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.tensor.ChannelsLast;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The oracle of the quantized kernels: loops that read like {@link dev.gatun.backend.Backend}'s
 * definitions of {@code quantize}, {@code quantizedMatmul} and {@code quantizedConv2d}. Every
 * other backend matches these bit for bit: the sums are exact in int32, and the float steps are
 * the same two roundings in the same order.
 */
public final class ScalarQuantized {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

    private ScalarQuantized() {}

    /** The code of one value: {@code clamp(rint(x * invScale)) + zeroPoint}, a NaN to the zero point. */
    public static int code(float x, float invScale, int zeroPoint, DataType type) {
        float y = x * invScale;
        if (y != y) {
            return zeroPoint;
        }
        // clamp before rounding: the bounds are whole numbers, so the order does not change the result
        y = Math.max(type.minCode() - zeroPoint, Math.min(type.maxCode() - zeroPoint, y));
        return (int) Math.rint(y) + zeroPoint;
    }

    static void quantize(Tensor src, float invScale, int zeroPoint, Tensor dst) {
        MemorySegment s = src.segment(), d = dst.segment();
        DataType type = dst.dtype();
        for (long i = 0, n = src.numel(); i < n; i++) {
            d.set(I8, i, (byte) code(s.getAtIndex(F32, i), invScale, zeroPoint, type));
        }
    }

    /**
     * The dequantization every quantized kernel ends with: one rounding for the product, one for
     * the sum, then, with {@code relu}, negatives to +0 (NaN kept, as the float ReLU does).
     */
    public static float dequantize(int acc, float scale, float bias, boolean relu) {
        float product = (float) acc * scale;
        float y = product + bias;
        return relu && !(y > 0f || y != y) ? 0f : y;
    }

    /**
     * Stores output {@code i} of a quantized kernel: the float {@code y} into a FLOAT32 output, or
     * into a UINT8 one its code {@code clamp(rint(y))} (the next layer's scale and zero point are
     * folded into the kernel's scales and bias, so {@code y} is already in its units).
     */
    public static void store(MemorySegment out, boolean codes, long i, float y) {
        if (codes) {
            out.set(I8, i, (byte) code(y, 1f, 0, DataType.UINT8));
        } else {
            out.setAtIndex(F32, i, y);
        }
    }

    static void matmul(Tensor a, int zeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu, Tensor out) {
        int m = a.dim(0), k = a.dim(1), n = w.dim(0);
        MemorySegment A = a.segment(), W = w.segment(), S = scales.segment(), O = out.segment();
        MemorySegment B = bias == null ? null : bias.segment();
        boolean codes = out.dtype() == DataType.UINT8;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int acc = 0;
                for (int p = 0; p < k; p++) {
                    int x = Byte.toUnsignedInt(A.get(I8, (long) i * k + p)) - zeroPoint;
                    acc += x * W.get(I8, (long) j * k + p);
                }
                store(O, codes, (long) i * n + j, dequantize(acc, S.getAtIndex(F32, j), B == null ? 0f : B.getAtIndex(F32, j), relu));
            }
        }
    }

    /**
     * Each window's largest code; padding (outside the plane) reads as code 0. Either tensor may be
     * NCHW or {@linkplain ChannelsLast channels-last}: elements are found through the strides.
     */
    public static void maxPool2d(Tensor src, Tensor dst, Pool2dParams p) {
        int h = src.dim(2), w = src.dim(3), oh = dst.dim(2), ow = dst.dim(3);
        MemorySegment s = ChannelsLast.memory(src), d = ChannelsLast.memory(dst);
        long[] ss = src.strides(), ds = dst.strides();
        for (int n = 0; n < src.dim(0); n++) {
            for (int c = 0; c < src.dim(1); c++) {
                long in = n * ss[0] + c * ss[1], out = n * ds[0] + c * ds[1];
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * p.strideH() - p.padTop();
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * p.strideW() - p.padLeft(), max = 0;
                        for (int ky = Math.max(0, -y0), yEnd = Math.min(p.kernelH(), h - y0); ky < yEnd; ky++) {
                            for (int kx = Math.max(0, -x0), xEnd = Math.min(p.kernelW(), w - x0); kx < xEnd; kx++) {
                                max = Math.max(max, Byte.toUnsignedInt(s.get(I8, in + (y0 + ky) * ss[2] + (x0 + kx) * ss[3])));
                            }
                        }
                        d.set(I8, out + oy * ds[2] + ox * ds[3], (byte) max);
                    }
                }
            }
        }
    }

    static void conv2d(Tensor src, int zeroPoint, Tensor weights, Tensor scales, Tensor bias, boolean relu, Tensor dst,
                       Conv2dParams p) {
        int batch = src.dim(0), ic = src.dim(1), h = src.dim(2), wd = src.dim(3);
        int oc = weights.dim(0), icg = weights.dim(1), kh = weights.dim(2), kw = weights.dim(3);
        int ocg = oc / p.groups(), oh = dst.dim(2), ow = dst.dim(3);
        MemorySegment S = ChannelsLast.memory(src), W = weights.segment(), SC = scales.segment(), D = ChannelsLast.memory(dst);
        long[] ss = src.strides(), ds = dst.strides(); // NCHW or channels-last
        MemorySegment B = bias == null ? null : bias.segment();
        boolean codes = dst.dtype() == DataType.UINT8;
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < oc; o++) {
                int c0 = (o / ocg) * icg;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int acc = 0;
                        for (int c = 0; c < icg; c++) {
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = ox * p.strideW() - p.padLeft() + kx * p.dilationW();
                                    int x = iy < 0 || iy >= h || ix < 0 || ix >= wd ? 0 // padding: a real 0
                                            : Byte.toUnsignedInt(S.get(I8, n * ss[0] + (c0 + c) * ss[1] + iy * ss[2] + ix * ss[3]))
                                                    - zeroPoint;
                                    acc += x * W.get(I8, (((long) o * icg + c) * kh + ky) * kw + kx);
                                }
                            }
                        }
                        store(D, codes, n * ds[0] + o * ds[1] + oy * ds[2] + ox * ds[3],
                                dequantize(acc, SC.getAtIndex(F32, o), B == null ? 0f : B.getAtIndex(F32, o), relu));
                    }
                }
            }
        }
    }
}
