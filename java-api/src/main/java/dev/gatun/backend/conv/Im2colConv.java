package dev.gatun.backend.conv;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Convolution as im2col + gemm (col2im for the data gradient), per image and group, on any
 * row-major sgemm: the {@code java} backend plugs in its Vector API gemm, the {@code openblas}
 * backend {@code cblas_sgemm}. A 1x1 kernel with stride 1 and no padding needs no unfolding:
 * the input planes are the matrix already.
 *
 * <p>Images are handed to a {@link Split}, which may run ranges of them on several threads
 * (each then calls a single-threaded gemm) or all on the caller (with a multi-threaded gemm).
 * The unfolded matrix lives in a per-thread scratch buffer that grows to the largest layer seen
 * and is kept, so a steady-state call allocates nothing but a few small objects.
 */
public final class Im2colConv {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** Row-major {@code C = alpha * op(A) op(B) + beta * C}; offsets and leading dimensions count floats. */
    @FunctionalInterface
    public interface Sgemm {
        void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a, long aOff, int lda,
                   MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc);
    }

    /** Runs {@code task} over items {@code [0, count)}, in one range or several (on other threads). */
    @FunctionalInterface
    public interface Split {
        void run(int count, Range task);
    }

    /** Work on items {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Runs every item on the caller. */
    public static final Split SERIAL = (count, task) -> task.run(0, count);

    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() -> new MemorySegment[2]);

    private Im2colConv() {}

    /** This thread's scratch buffer {@code slot}, at least {@code floats} long (contents undefined). */
    private static MemorySegment scratch(int slot, long floats) {
        MemorySegment[] s = SCRATCH.get();
        if (s[slot] == null || s[slot].byteSize() < floats * Float.BYTES) {
            s[slot] = Arena.ofAuto().allocate(Math.max(floats, 1) * Float.BYTES, 64);
        }
        return s[slot];
    }

    /**
     * Sizes of one convolution: src [N,IC,H,W], weights [OC,ICG,KH,KW], dst [N,OC,OH,OW], per group
     * OCG, KK = ICG*KH*KW. One per thread, filled by each call the thread makes (so that a served
     * convolution allocates nothing) and only read, by the call's own tasks, until it returns.
     */
    private static final class Geometry {
        int n, ic, h, w, oc, icg, ocg, kh, kw, oh, ow, groups;
        boolean direct;

        private static final ThreadLocal<Geometry> OF_THREAD = ThreadLocal.withInitial(Geometry::new);

        static Geometry of(Tensor src, Tensor weights, Tensor dst, Conv2dParams p) {
            Geometry d = OF_THREAD.get();
            d.kh = weights.dim(2);
            d.kw = weights.dim(3);
            d.direct = d.kh == 1 && d.kw == 1 && p.strideH() == 1 && p.strideW() == 1 && p.padTop() == 0
                    && p.padBottom() == 0 && p.padLeft() == 0 && p.padRight() == 0;
            d.n = src.dim(0);
            d.ic = src.dim(1);
            d.h = src.dim(2);
            d.w = src.dim(3);
            d.oc = weights.dim(0);
            d.icg = weights.dim(1);
            d.ocg = weights.dim(0) / p.groups();
            d.oh = dst.dim(2);
            d.ow = dst.dim(3);
            d.groups = p.groups();
            return d;
        }

        int kk() {
            return icg * kh * kw;
        }

        int ohw() {
            return oh * ow;
        }

        long srcGroup(int image, int g) {
            return ((long) image * ic + (long) g * icg) * h * w;
        }

        long dstGroup(int image, int g) {
            return ((long) image * oc + (long) g * ocg) * ohw();
        }

        /** The unfolded input of (image, group): src itself for a direct 1x1 convolution, else im2col into col. */
        MemorySegment unfold(MemorySegment src, int image, int g, Conv2dParams p, MemorySegment col) {
            if (direct) {
                return src;
            }
            Im2col.im2col(src, srcGroup(image, g), icg, h, w, kh, kw, oh, ow, p, col);
            return col;
        }

        long unfoldedOffset(int image, int g) {
            return direct ? srcGroup(image, g) : 0;
        }
    }

    /** dst = conv(src, weights) + bias. */
    public static void forward(Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p, Sgemm gemm, Split split) {
        Geometry d = Geometry.of(src, weights, dst, p);
        MemorySegment s = src.segment(), wt = weights.segment(), o = dst.segment();
        MemorySegment b = bias == null ? null : bias.segment();
        if (split == SERIAL) {
            forwardImages(d, s, wt, b, o, p, gemm, 0, d.n); // no task to capture: a served call allocates nothing
        } else {
            split.run(d.n, (from, to) -> forwardImages(d, s, wt, b, o, p, gemm, from, to));
        }
    }

    private static void forwardImages(Geometry d, MemorySegment s, MemorySegment wt, MemorySegment b, MemorySegment o,
                                      Conv2dParams p, Sgemm gemm, int from, int to) {
        int kk = d.kk(), ohw = d.ohw();
        MemorySegment col = d.direct ? null : scratch(0, (long) kk * ohw);
        for (int image = from; image < to; image++) {
            for (int g = 0; g < d.groups; g++) {
                // dst[image, group] (OCG x OHW) = W[group] (OCG x KK) @ col (KK x OHW)
                MemorySegment unfolded = d.unfold(s, image, g, p, col);
                gemm.sgemm(false, false, d.ocg, ohw, kk, 1f, wt, (long) g * d.ocg * kk, kk,
                        unfolded, d.unfoldedOffset(image, g), ohw, 0f, o, d.dstGroup(image, g), ohw);
            }
            if (b != null) {
                for (int c = 0; c < d.oc; c++) {
                    addScalar(o, ((long) image * d.oc + c) * ohw, ohw, b.getAtIndex(F32, c));
                }
            }
        }
    }

    /** diffSrc = the gradient of conv with respect to src. */
    public static void backwardData(Tensor diffDst, Tensor weights, Tensor diffSrc, Conv2dParams p, Sgemm gemm, Split split) {
        Geometry d = Geometry.of(diffSrc, weights, diffDst, p);
        MemorySegment dy = diffDst.segment(), wt = weights.segment(), dx = diffSrc.segment();
        int kk = d.kk(), ohw = d.ohw();
        split.run(d.n, (from, to) -> {
            MemorySegment dcol = d.direct ? null : scratch(0, (long) kk * ohw);
            for (int image = from; image < to; image++) {
                for (int g = 0; g < d.groups; g++) {
                    // dcol (KK x OHW) = W[group]^T (KK x OCG) @ diffDst[image, group] (OCG x OHW)
                    if (d.direct) {
                        gemm.sgemm(true, false, kk, ohw, d.ocg, 1f, wt, (long) g * d.ocg * kk, kk,
                                dy, d.dstGroup(image, g), ohw, 0f, dx, d.srcGroup(image, g), ohw);
                    } else {
                        gemm.sgemm(true, false, kk, ohw, d.ocg, 1f, wt, (long) g * d.ocg * kk, kk,
                                dy, d.dstGroup(image, g), ohw, 0f, dcol, 0, ohw);
                        Im2col.col2im(dcol, d.icg, d.h, d.w, d.kh, d.kw, d.oh, d.ow, p, dx, d.srcGroup(image, g));
                    }
                }
            }
        });
    }

    /**
     * diffWeights (and diffBias when not null) = the gradients of conv. Each range of images sums
     * into a partial of its own; partials are added in range order, so the result does not depend
     * on which thread finished first.
     */
    public static void backwardWeights(Tensor src, Tensor diffDst, Tensor diffWeights, Tensor diffBias, Conv2dParams p,
                                       Sgemm gemm, Split split) {
        Geometry d = Geometry.of(src, diffWeights, diffDst, p);
        MemorySegment s = src.segment(), dy = diffDst.segment(), dw = diffWeights.segment();
        int kk = d.kk(), ohw = d.ohw();
        long weightCount = diffWeights.numel();
        ConcurrentSkipListMap<Integer, float[]> partials = new ConcurrentSkipListMap<>();
        split.run(d.n, (from, to) -> {
            if (from == to) {
                return;
            }
            MemorySegment col = d.direct ? null : scratch(0, (long) kk * ohw);
            MemorySegment acc = scratch(1, weightCount);
            for (int image = from; image < to; image++) {
                for (int g = 0; g < d.groups; g++) {
                    // dW[group] (OCG x KK) += diffDst[image, group] (OCG x OHW) @ col^T (OHW x KK)
                    MemorySegment unfolded = d.unfold(s, image, g, p, col);
                    gemm.sgemm(false, true, d.ocg, kk, ohw, 1f, dy, d.dstGroup(image, g), ohw,
                            unfolded, d.unfoldedOffset(image, g), ohw, image == from ? 0f : 1f, acc, (long) g * d.ocg * kk, kk);
                }
            }
            partials.put(from, acc.asSlice(0, weightCount * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT));
        });
        float[] sum = new float[(int) weightCount];
        for (float[] part : partials.values()) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += part[i];
            }
        }
        MemorySegment.copy(sum, 0, dw, F32, 0, sum.length);
        if (diffBias != null) {
            MemorySegment db = diffBias.segment();
            for (int c = 0; c < d.oc; c++) {
                double total = 0;
                for (int image = 0; image < d.n; image++) {
                    long at = ((long) image * d.oc + c) * ohw;
                    float part = 0;
                    for (int i = 0; i < ohw; i++) {
                        part += dy.getAtIndex(F32, at + i);
                    }
                    total += part;
                }
                db.setAtIndex(F32, c, (float) total);
            }
        }
    }

    private static void addScalar(MemorySegment s, long from, int count, float v) {
        for (int i = 0; i < count; i++) {
            s.setAtIndex(F32, from + i, s.getAtIndex(F32, from + i) + v);
        }
    }
}
