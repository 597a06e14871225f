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
                    if (p.strideH() == 1 && p.strideW() == 1 && ow == w) {
                        sameRow(src, plane, h, w, oh, ky * p.dilationH() - p.padTop(), x0, col, out);
                        continue;
                    }
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

    /**
     * One row of col for stride 1 and an output as wide as the input ("same" width): output rows
     * oy map to consecutive input rows y0 + oy, so the row is the input plane shifted by
     * (y0, x0), one bulk copy; then the few elements that wrapped around a row edge and the rows
     * that fell in the padding are zeroed.
     */
    private static void sameRow(MemorySegment src, long plane, int h, int w, int oh, int y0, int x0, MemorySegment col,
                                long out) {
        int oyA = Math.min(oh, Math.max(0, -y0)), oyB = Math.max(oyA, Math.min(oh, h - y0)); // rows inside the input
        zero(col, out, oyA * w);
        zero(col, out + (long) oyB * w, (oh - oyB) * w);
        if (oyB == oyA || Math.abs(x0) >= w) {
            zero(col, out + (long) oyA * w, (oyB - oyA) * w);
            return;
        }
        long from = plane + (long) (y0 + oyA) * w + x0; // may start before the plane (x0 < 0) or end after it (x0 > 0)
        long to = out + (long) oyA * w;
        long len = (long) (oyB - oyA) * w;
        long skipHead = x0 < 0 ? -x0 : 0, skipTail = x0 > 0 ? x0 : 0;
        MemorySegment.copy(src, (from + skipHead) * Float.BYTES, col, (to + skipHead) * Float.BYTES,
                (len - skipHead - skipTail) * Float.BYTES);
        // columns whose input column ox + x0 lies outside [0, w) read a neighbouring row: zero them
        int edgeFrom = x0 < 0 ? 0 : w - x0, edgeTo = x0 < 0 ? -x0 : w;
        for (int oy = oyA; oy < oyB; oy++) {
            long r = out + (long) oy * w;
            for (int ox = edgeFrom; ox < edgeTo; ox++) {
                col.setAtIndex(F32, r + ox, 0f);
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
                    if (p.strideH() == 1 && p.strideW() == 1 && ow == w) {
                        addSameRow(col, at, h, w, oh, ky * p.dilationH() - p.padTop(), x0, dst, plane);
                        continue;
                    }
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

    /**
     * The adjoint of {@link #sameRow}: adds one row of col onto the plane shifted by (y0, x0) as
     * one contiguous run. The elements that would wrap around a row edge are first zeroed in col
     * (a scratch matrix, consumed here), so adding the whole run adds exactly the right terms.
     */
    private static void addSameRow(MemorySegment col, long at, int h, int w, int oh, int y0, int x0, MemorySegment dst,
                                   long plane) {
        int oyA = Math.min(oh, Math.max(0, -y0)), oyB = Math.max(oyA, Math.min(oh, h - y0));
        if (oyB == oyA || Math.abs(x0) >= w) {
            return;
        }
        int edgeFrom = x0 < 0 ? 0 : w - x0, edgeTo = x0 < 0 ? -x0 : w;
        for (int oy = oyA; oy < oyB; oy++) {
            long r = at + (long) oy * w;
            for (int ox = edgeFrom; ox < edgeTo; ox++) {
                col.setAtIndex(F32, r + ox, 0f);
            }
        }
        long skipHead = x0 < 0 ? -x0 : 0, skipTail = x0 > 0 ? x0 : 0;
        long to = plane + (long) (y0 + oyA) * w + x0 + skipHead;
        long from = at + (long) oyA * w + skipHead;
        long len = (long) (oyB - oyA) * w - skipHead - skipTail;
        for (long i = 0; i < len; i++) {
            dst.setAtIndex(F32, to + i, dst.getAtIndex(F32, to + i) + col.getAtIndex(F32, from + i));
        }
    }

    /** Zeros copied from, in chunks: a slice to fill() is an object per call on the inference path. */
    private static final MemorySegment ZEROS = MemorySegment.ofArray(new float[256]);

    private static void zero(MemorySegment s, long from, int count) {
        for (long at = from, end = from + count; at < end; at += 256) {
            long n = Math.min(256, end - at);
            MemorySegment.copy(ZEROS, 0, s, at * Float.BYTES, n * Float.BYTES);
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
