package dev.gatun.backend.vector;

import dev.gatun.backend.Pool2dParams;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@code java} backend's pooling: float loops over whole planes, planes split over the
 * workers. Windows are small and strided, so the work is address arithmetic more than
 * arithmetic; the clipped window bounds are computed once per output row and column, and the
 * loops inside them have no branch.
 */
final class VectorPool {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private VectorPool() {}

    static void maxForward(Workers workers, Tensor src, Tensor dst, Tensor indices, Pool2dParams p) {
        int h = src.dim(2), w = src.dim(3), oh = dst.dim(2), ow = dst.dim(3);
        MemorySegment s = src.segment(), d = dst.segment(), idx = indices == null ? null : indices.segment();
        long planes = (long) src.dim(0) * src.dim(1);
        if (idx == null && p.padTop() == 0 && p.padBottom() == 0 && p.padLeft() == 0 && p.padRight() == 0) {
            workers.forRows(planes, (long) h * w, Workers.shareable(s, d), (from, to) -> maxUnpadded(s, d, from, to, h, w, oh, ow, p));
            return;
        }
        if (p.isHalving()) {
            workers.forRows(planes, (long) h * w, Workers.shareable(s, d, idx), (from, to) -> maxPairs(s, d, idx, from, to, h, w, oh, ow));
            return;
        }
        workers.forRows(planes, (long) h * w, Workers.shareable(s, d, idx), (from, to) -> {
            for (long pl = from; pl < to; pl++) {
                long in = pl * h * w, out = pl * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * p.strideH() - p.padTop();
                    int ya = Math.max(y0, 0), yb = Math.min(y0 + p.kernelH(), h);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * p.strideW() - p.padLeft();
                        int xa = Math.max(x0, 0), xb = Math.min(x0 + p.kernelW(), w);
                        float best = s.getAtIndex(F32, in + (long) ya * w + xa);
                        int arg = ya * w + xa;
                        for (int y = ya; y < yb; y++) {
                            for (int x = xa; x < xb; x++) {
                                float v = s.getAtIndex(F32, in + (long) y * w + x);
                                // strictly greater keeps the first on ties; NaN, once found, stays
                                if (v > best || (v != v && best == best)) {
                                    best = v;
                                    arg = y * w + x;
                                }
                            }
                        }
                        d.setAtIndex(F32, out + (long) oy * ow + ox, best);
                        if (idx != null) {
                            idx.setAtIndex(F32, out + (long) oy * ow + ox, arg);
                        }
                    }
                }
            }
        });
    }

    /**
     * The inference max (no indices) of every window of planes {@code [from, to)} when no window
     * reaches padding (the usual 2x2 stride-2 pooling): fixed loop bounds and no clamping, the same
     * visiting order and comparison as the general loop (first maximum kept, NaN kept once found).
     * With no position to follow, the compare compiles to a conditional move: on random data the
     * branch of the loop with indices mispredicts half the time, and that loop ran 5 times slower
     * than oneDNN's pooling. Training (indices) takes the general loop.
     */
    private static void maxUnpadded(MemorySegment s, MemorySegment d, long from, long to, int h, int w, int oh, int ow,
                                    Pool2dParams p) {
        int kh = p.kernelH(), kw = p.kernelW(), sh = p.strideH(), sw = p.strideW();
        if (kh == 2 && kw == 2) {
            for (long pl = from; pl < to; pl++) {
                long in = pl * h * w, out = pl * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    long r0 = in + (long) oy * sh * w, r1 = r0 + w, o = out + (long) oy * ow;
                    for (int ox = 0; ox < ow; ox++) {
                        long at = (long) ox * sw;
                        float best = max(max(s.getAtIndex(F32, r0 + at), s.getAtIndex(F32, r0 + at + 1)),
                                max(s.getAtIndex(F32, r1 + at), s.getAtIndex(F32, r1 + at + 1)));
                        d.setAtIndex(F32, o + ox, best);
                    }
                }
            }
            return;
        }
        for (long pl = from; pl < to; pl++) {
            long in = pl * h * w, out = pl * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                long top = in + (long) oy * sh * w;
                for (int ox = 0; ox < ow; ox++) {
                    float best = s.getAtIndex(F32, top + (long) ox * sw);
                    for (int y = 0; y < kh; y++) {
                        long row = top + (long) y * w + (long) ox * sw;
                        for (int x = 0; x < kw; x++) {
                            best = max(best, s.getAtIndex(F32, row + x));
                        }
                    }
                    d.setAtIndex(F32, out + (long) oy * ow + ox, best);
                }
            }
        }
    }

    /**
     * Training max of 2x2 stride-2 windows with indices, free of data-dependent branches: the
     * maximum from {@link #max}, then its position as the first element equal to it (or NaN
     * with it), chosen by arithmetic on 0/1 flags. The general loop's branch on each comparison
     * mispredicted on every other window and ran 2.7x slower.
     */
    private static void maxPairs(MemorySegment s, MemorySegment d, MemorySegment idx, long from, long to, int h, int w,
                                 int oh, int ow) {
        for (long pl = from; pl < to; pl++) {
            long in = pl * h * w, out = pl * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                long r0 = in + 2L * oy * w, r1 = r0 + w, o = out + (long) oy * ow;
                int corner = 2 * oy * w;
                for (int ox = 0; ox < ow; ox++) {
                    long at = 2L * ox;
                    float a = s.getAtIndex(F32, r0 + at), b = s.getAtIndex(F32, r0 + at + 1);
                    float c = s.getAtIndex(F32, r1 + at), e = s.getAtIndex(F32, r1 + at + 1);
                    float m = max(max(a, b), max(c, e));
                    int notA = 1 - isMax(a, m), notB = 1 - isMax(b, m), notC = 1 - isMax(c, m);
                    // first of a, b, c, e that is the maximum: offsets 0, 1, w, w + 1 from the corner
                    int offset = notA * (1 + notB * (w - 1 + notC));
                    d.setAtIndex(F32, o + ox, m);
                    idx.setAtIndex(F32, o + ox, corner + (int) at + offset);
                }
            }
        }
    }

    /** 1 when {@code v} is the window's maximum {@code m} (as a NaN, when m is NaN), else 0. */
    private static int isMax(float v, float m) {
        return (v == m ? 1 : 0) | (v != v & m != m ? 1 : 0);
    }

    /**
     * The larger of two values in window order: {@code b} only when greater, or NaN where {@code a}
     * is not. Math.max has that order but for -0.0 before 0.0 (equal, so the first stays); it
     * compiles to branch-free max instructions, where the two comparisons ran 3x slower.
     */
    private static float max(float a, float b) {
        return a == b ? a : Math.max(a, b);
    }

    static void maxBackward(Workers workers, Tensor diffDst, Tensor indices, Tensor diffSrc) {
        int hw = diffSrc.dim(2) * diffSrc.dim(3), ohw = diffDst.dim(2) * diffDst.dim(3);
        MemorySegment dy = diffDst.segment(), idx = indices.segment(), dx = diffSrc.segment();
        long planes = (long) diffSrc.dim(0) * diffSrc.dim(1);
        workers.forRows(planes, hw, Workers.shareable(dy, idx, dx), (from, to) -> {
            dx.asSlice(from * hw * Float.BYTES, (to - from) * hw * Float.BYTES).fill((byte) 0);
            for (long pl = from; pl < to; pl++) {
                for (int j = 0; j < ohw; j++) {
                    long at = pl * hw + (long) idx.getAtIndex(F32, pl * ohw + j);
                    dx.setAtIndex(F32, at, dx.getAtIndex(F32, at) + dy.getAtIndex(F32, pl * ohw + j));
                }
            }
        });
    }

    private static float divisor(Pool2dParams p, int ya, int yb, int xa, int xb, boolean countIncludePad) {
        return countIncludePad ? p.kernelH() * p.kernelW() : (yb - ya) * (xb - xa);
    }

    static void avgForward(Workers workers, Tensor src, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        int h = src.dim(2), w = src.dim(3), oh = dst.dim(2), ow = dst.dim(3);
        MemorySegment s = src.segment(), d = dst.segment();
        long planes = (long) src.dim(0) * src.dim(1);
        workers.forRows(planes, (long) h * w, Workers.shareable(s, d), (from, to) -> {
            for (long pl = from; pl < to; pl++) {
                long in = pl * h * w, out = pl * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * p.strideH() - p.padTop();
                    int ya = Math.max(y0, 0), yb = Math.min(y0 + p.kernelH(), h);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * p.strideW() - p.padLeft();
                        int xa = Math.max(x0, 0), xb = Math.min(x0 + p.kernelW(), w);
                        float sum = 0;
                        for (int y = ya; y < yb; y++) {
                            for (int x = xa; x < xb; x++) {
                                sum += s.getAtIndex(F32, in + (long) y * w + x);
                            }
                        }
                        d.setAtIndex(F32, out + (long) oy * ow + ox, sum / divisor(p, ya, yb, xa, xb, countIncludePad));
                    }
                }
            }
        });
    }

    static void avgBackward(Workers workers, Tensor diffDst, Tensor diffSrc, Pool2dParams p, boolean countIncludePad) {
        int h = diffSrc.dim(2), w = diffSrc.dim(3), oh = diffDst.dim(2), ow = diffDst.dim(3);
        MemorySegment dy = diffDst.segment(), dx = diffSrc.segment();
        long planes = (long) diffSrc.dim(0) * diffSrc.dim(1);
        workers.forRows(planes, (long) h * w, Workers.shareable(dy, dx), (from, to) -> {
            dx.asSlice(from * h * w * Float.BYTES, (to - from) * h * w * Float.BYTES).fill((byte) 0);
            for (long pl = from; pl < to; pl++) {
                long in = pl * h * w, out = pl * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * p.strideH() - p.padTop();
                    int ya = Math.max(y0, 0), yb = Math.min(y0 + p.kernelH(), h);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * p.strideW() - p.padLeft();
                        int xa = Math.max(x0, 0), xb = Math.min(x0 + p.kernelW(), w);
                        float g = dy.getAtIndex(F32, out + (long) oy * ow + ox) / divisor(p, ya, yb, xa, xb, countIncludePad);
                        for (int y = ya; y < yb; y++) {
                            for (int x = xa; x < xb; x++) {
                                long at = in + (long) y * w + x;
                                dx.setAtIndex(F32, at, dx.getAtIndex(F32, at) + g);
                            }
                        }
                    }
                }
            }
        });
    }
}
