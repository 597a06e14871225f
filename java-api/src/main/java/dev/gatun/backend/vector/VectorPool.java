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
