package dev.gatun.backend.conv;

import dev.gatun.backend.Conv2dParams;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The layout half of a gemm convolution, on one image and one group: {@link #im2col} unfolds
 * the input planes into a [C*KH*KW, OH*OW] matrix whose product with the weights [OC, C*KH*KW]
 * is the output; {@link #col2im} folds such a matrix back, adding overlapping windows (the
 * gradient of im2col). Zero padding becomes zeros in the matrix.
 */
final class Im2col {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private Im2col() {}

    /**
     * col[(c*KH + ky)*KW + kx][oy*OW + ox] = src[c][oy*sH - padTop + ky*dH][ox*sW - padLeft + kx*dW],
     * 0 outside the image; {@code src} holds {@code channels} planes of h x w from {@code srcOff}.
     */
    static void im2col(MemorySegment src, long srcOff, int channels, int h, int w, int kh, int kw, int oh, int ow,
                       Conv2dParams p, MemorySegment col) {
        long row = 0;
        for (int c = 0; c < channels; c++) {
            long plane = srcOff + (long) c * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++, row++) {
                    long out = row * oh * ow;
                    int x0 = kx * p.dilationW() - p.padLeft(); // input column of ox = 0
                    // ox range whose input column is inside [0, w)
                    int first = x0 >= 0 ? 0 : Math.min(ow, ceilDiv(-x0, p.strideW()));
                    int last = x0 > w - 1 ? 0 : Math.min(ow, (w - 1 - x0) / p.strideW() + 1); // exclusive
                    last = Math.max(last, first);
                    for (int oy = 0; oy < oh; oy++, out += ow) {
                        int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
                        if (iy < 0 || iy >= h) {
                            col.asSlice(out * Float.BYTES, (long) ow * Float.BYTES).fill((byte) 0);
                            continue;
                        }
                        long in = plane + (long) iy * w + x0;
                        zero(col, out, first);
                        if (p.strideW() == 1) {
                            MemorySegment.copy(src, (in + first) * Float.BYTES, col, (out + first) * Float.BYTES,
                                    (long) (last - first) * Float.BYTES);
                        } else {
                            for (int ox = first; ox < last; ox++) {
                                col.setAtIndex(F32, out + ox, src.getAtIndex(F32, in + (long) ox * p.strideW()));
                            }
                        }
                        zero(col, out + last, ow - last);
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: {@code dst} (channels planes of h x w) = sum of col's entries at their sources. */
    static void col2im(MemorySegment col, int channels, int h, int w, int kh, int kw, int oh, int ow, Conv2dParams p,
                       MemorySegment dst, long dstOff) {
        dst.asSlice(dstOff * Float.BYTES, (long) channels * h * w * Float.BYTES).fill((byte) 0);
        long row = 0;
        for (int c = 0; c < channels; c++) {
            long plane = dstOff + (long) c * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++, row++) {
                    long at = row * oh * ow;
                    int x0 = kx * p.dilationW() - p.padLeft();
                    int first = x0 >= 0 ? 0 : Math.min(ow, ceilDiv(-x0, p.strideW()));
                    int last = Math.max(first, x0 > w - 1 ? 0 : Math.min(ow, (w - 1 - x0) / p.strideW() + 1));
                    for (int oy = 0; oy < oh; oy++, at += ow) {
                        int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        long out = plane + (long) iy * w + x0;
                        for (int ox = first; ox < last; ox++) {
                            long d = out + (long) ox * p.strideW();
                            dst.setAtIndex(F32, d, dst.getAtIndex(F32, d) + col.getAtIndex(F32, at + ox));
                        }
                    }
                }
            }
        }
    }

    private static void zero(MemorySegment s, long from, int count) {
        if (count > 0) {
            s.asSlice(from * Float.BYTES, (long) count * Float.BYTES).fill((byte) 0);
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
