package dev.gatun.backend.scalar;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The oracle's convolution, pooling and batch normalization: plain loops over NCHW float32
 * memory that read like the definitions, sums in double. {@link ScalarBackend} delegates here.
 */
final class ScalarConv {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private ScalarConv() {}

    private static float at(MemorySegment s, long i) {
        return s.getAtIndex(F32, i);
    }

    private static void put(MemorySegment s, long i, float v) {
        s.setAtIndex(F32, i, v);
    }

    // ---- convolution -------------------------------------------------------------------------

    /** The sizes of one convolution, read off its tensors: src [N,IC,H,W], weights [OC,ICG,KH,KW], dst [N,OC,OH,OW]. */
    private record Dims(int n, int ic, int h, int w, int oc, int icg, int ocg, int kh, int kw, int oh, int ow) {
        static Dims of(Tensor src, Tensor weights, Tensor dst, Conv2dParams p) {
            return new Dims(src.dim(0), src.dim(1), src.dim(2), src.dim(3), weights.dim(0), weights.dim(1),
                    weights.dim(0) / p.groups(), weights.dim(2), weights.dim(3), dst.dim(2), dst.dim(3));
        }
    }

    /** Input row of output row {@code oy}, kernel row {@code ky}: may fall in the padding (outside [0, H)). */
    private static int inY(Conv2dParams p, int oy, int ky) {
        return oy * p.strideH() - p.padTop() + ky * p.dilationH();
    }

    private static int inX(Conv2dParams p, int ox, int kx) {
        return ox * p.strideW() - p.padLeft() + kx * p.dilationW();
    }

    static void conv2d(Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p) {
        // dst[n][o][y][x] = bias[o] + sum_{c in o's group, ky, kx} src[n][c][iy][ix] * w[o][c - group start][ky][kx]
        Dims d = Dims.of(src, weights, dst, p);
        MemorySegment S = src.segment(), W = weights.segment(), D = dst.segment();
        MemorySegment B = bias == null ? null : bias.segment();
        for (int n = 0; n < d.n; n++) {
            for (int o = 0; o < d.oc; o++) {
                int c0 = (o / d.ocg) * d.icg; // first input channel of o's group
                for (int oy = 0; oy < d.oh; oy++) {
                    for (int ox = 0; ox < d.ow; ox++) {
                        double acc = B == null ? 0 : at(B, o);
                        for (int c = 0; c < d.icg; c++) {
                            for (int ky = 0; ky < d.kh; ky++) {
                                int iy = inY(p, oy, ky);
                                if (iy < 0 || iy >= d.h) {
                                    continue; // zero padding
                                }
                                for (int kx = 0; kx < d.kw; kx++) {
                                    int ix = inX(p, ox, kx);
                                    if (ix < 0 || ix >= d.w) {
                                        continue;
                                    }
                                    long si = (((long) n * d.ic + c0 + c) * d.h + iy) * d.w + ix;
                                    long wi = (((long) o * d.icg + c) * d.kh + ky) * d.kw + kx;
                                    acc += (double) at(S, si) * at(W, wi);
                                }
                            }
                        }
                        put(D, (((long) n * d.oc + o) * d.oh + oy) * d.ow + ox, (float) acc);
                    }
                }
            }
        }
    }

    static void conv2dBackwardData(Tensor diffDst, Tensor weights, Tensor diffSrc, Conv2dParams p) {
        // forward: dst[n][o][y][x] += src[n][c][iy][ix] * w[o][c][ky][kx]
        // so:      diffSrc[n][c][iy][ix] += diffDst[n][o][y][x] * w[o][c][ky][kx]
        Dims d = Dims.of(diffSrc, weights, diffDst, p);
        MemorySegment DD = diffDst.segment(), W = weights.segment(), DS = diffSrc.segment();
        double[] acc = new double[d.ic * d.h * d.w]; // one image's diffSrc
        for (int n = 0; n < d.n; n++) {
            java.util.Arrays.fill(acc, 0);
            for (int o = 0; o < d.oc; o++) {
                int c0 = (o / d.ocg) * d.icg;
                for (int oy = 0; oy < d.oh; oy++) {
                    for (int ox = 0; ox < d.ow; ox++) {
                        double g = at(DD, (((long) n * d.oc + o) * d.oh + oy) * d.ow + ox);
                        for (int c = 0; c < d.icg; c++) {
                            for (int ky = 0; ky < d.kh; ky++) {
                                int iy = inY(p, oy, ky);
                                if (iy < 0 || iy >= d.h) {
                                    continue;
                                }
                                for (int kx = 0; kx < d.kw; kx++) {
                                    int ix = inX(p, ox, kx);
                                    if (ix >= 0 && ix < d.w) {
                                        acc[((c0 + c) * d.h + iy) * d.w + ix] += g * at(W, (((long) o * d.icg + c) * d.kh + ky) * d.kw + kx);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            long base = (long) n * acc.length;
            for (int i = 0; i < acc.length; i++) {
                put(DS, base + i, (float) acc[i]);
            }
        }
    }

    static void conv2dBackwardWeights(Tensor src, Tensor diffDst, Tensor diffWeights, Tensor diffBias, Conv2dParams p) {
        // diffW[o][c][ky][kx] = sum_{n, y, x} diffDst[n][o][y][x] * src[n][c0 + c][iy][ix]
        // diffBias[o]         = sum_{n, y, x} diffDst[n][o][y][x]
        Dims d = Dims.of(src, diffWeights, diffDst, p);
        MemorySegment S = src.segment(), DD = diffDst.segment(), DW = diffWeights.segment();
        for (int o = 0; o < d.oc; o++) {
            int c0 = (o / d.ocg) * d.icg;
            double biasSum = 0;
            for (int n = 0; n < d.n; n++) {
                for (long i = 0, base = ((long) n * d.oc + o) * d.oh * d.ow; i < (long) d.oh * d.ow; i++) {
                    biasSum += at(DD, base + i);
                }
            }
            if (diffBias != null) {
                put(diffBias.segment(), o, (float) biasSum);
            }
            for (int c = 0; c < d.icg; c++) {
                for (int ky = 0; ky < d.kh; ky++) {
                    for (int kx = 0; kx < d.kw; kx++) {
                        double acc = 0;
                        for (int n = 0; n < d.n; n++) {
                            for (int oy = 0; oy < d.oh; oy++) {
                                int iy = inY(p, oy, ky);
                                if (iy < 0 || iy >= d.h) {
                                    continue;
                                }
                                for (int ox = 0; ox < d.ow; ox++) {
                                    int ix = inX(p, ox, kx);
                                    if (ix >= 0 && ix < d.w) {
                                        acc += (double) at(DD, (((long) n * d.oc + o) * d.oh + oy) * d.ow + ox)
                                                * at(S, (((long) n * d.ic + c0 + c) * d.h + iy) * d.w + ix);
                                    }
                                }
                            }
                        }
                        put(DW, (((long) o * d.icg + c) * d.kh + ky) * d.kw + kx, (float) acc);
                    }
                }
            }
        }
    }

    // ---- pooling -----------------------------------------------------------------------------

    static void maxPool2d(Tensor src, Tensor dst, Tensor indices, Pool2dParams p) {
        // dst[n][c][y][x] = max over the window's input elements (padding is -inf, never chosen:
        // every window holds an input element); indices = argmax as h * W + w, first on ties, NaN wins
        int planes = src.dim(0) * src.dim(1), h = src.dim(2), w = src.dim(3), oh = dst.dim(2), ow = dst.dim(3);
        MemorySegment S = src.segment(), D = dst.segment(), I = indices == null ? null : indices.segment();
        for (long pl = 0; pl < planes; pl++) {
            long in = pl * h * w, out = pl * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int arg = -1;
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        int iy = oy * p.strideH() - p.padTop() + ky;
                        for (int kx = 0; kx < p.kernelW() && iy >= 0 && iy < h; kx++) {
                            int ix = ox * p.strideW() - p.padLeft() + kx;
                            if (ix < 0 || ix >= w) {
                                continue;
                            }
                            float v = at(S, in + (long) iy * w + ix);
                            if (arg < 0 || v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                                best = v;
                                arg = iy * w + ix;
                            }
                        }
                    }
                    put(D, out + (long) oy * ow + ox, best);
                    if (I != null) {
                        put(I, out + (long) oy * ow + ox, arg);
                    }
                }
            }
        }
    }

    static void maxPool2dBackward(Tensor diffDst, Tensor indices, Tensor diffSrc, Pool2dParams p) {
        // diffSrc[plane][indices[plane][y][x]] += diffDst[plane][y][x]
        int planes = diffSrc.dim(0) * diffSrc.dim(1), hw = diffSrc.dim(2) * diffSrc.dim(3);
        int ohw = diffDst.dim(2) * diffDst.dim(3);
        MemorySegment DD = diffDst.segment(), I = indices.segment(), DS = diffSrc.segment();
        double[] acc = new double[hw];
        for (long pl = 0; pl < planes; pl++) {
            java.util.Arrays.fill(acc, 0);
            for (int j = 0; j < ohw; j++) {
                acc[(int) at(I, pl * ohw + j)] += at(DD, pl * ohw + j);
            }
            for (int i = 0; i < hw; i++) {
                put(DS, pl * hw + i, (float) acc[i]);
            }
        }
    }

    /** Elements averaged by output (oy, ox): the whole kernel, or only the part inside the input. */
    static int divisor(Pool2dParams p, int h, int w, int oy, int ox, boolean countIncludePad) {
        if (countIncludePad) {
            return p.kernelH() * p.kernelW(); // windows never reach past the padding (floor mode)
        }
        int y0 = oy * p.strideH() - p.padTop(), x0 = ox * p.strideW() - p.padLeft();
        int rows = Math.min(y0 + p.kernelH(), h) - Math.max(y0, 0);
        int cols = Math.min(x0 + p.kernelW(), w) - Math.max(x0, 0);
        return rows * cols;
    }

    static void avgPool2d(Tensor src, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        // dst[n][c][y][x] = sum of the window's input elements / divisor
        int planes = src.dim(0) * src.dim(1), h = src.dim(2), w = src.dim(3), oh = dst.dim(2), ow = dst.dim(3);
        MemorySegment S = src.segment(), D = dst.segment();
        for (long pl = 0; pl < planes; pl++) {
            long in = pl * h * w, out = pl * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double sum = 0;
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        int iy = oy * p.strideH() - p.padTop() + ky;
                        for (int kx = 0; kx < p.kernelW() && iy >= 0 && iy < h; kx++) {
                            int ix = ox * p.strideW() - p.padLeft() + kx;
                            if (ix >= 0 && ix < w) {
                                sum += at(S, in + (long) iy * w + ix);
                            }
                        }
                    }
                    put(D, out + (long) oy * ow + ox, (float) (sum / divisor(p, h, w, oy, ox, countIncludePad)));
                }
            }
        }
    }

    static void avgPool2dBackward(Tensor diffDst, Tensor diffSrc, Pool2dParams p, boolean countIncludePad) {
        // diffSrc[window element] += diffDst[y][x] / divisor, for every window holding it
        int planes = diffSrc.dim(0) * diffSrc.dim(1), h = diffSrc.dim(2), w = diffSrc.dim(3);
        int oh = diffDst.dim(2), ow = diffDst.dim(3);
        MemorySegment DD = diffDst.segment(), DS = diffSrc.segment();
        double[] acc = new double[h * w];
        for (long pl = 0; pl < planes; pl++) {
            java.util.Arrays.fill(acc, 0);
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double g = at(DD, pl * oh * ow + (long) oy * ow + ox) / divisor(p, h, w, oy, ox, countIncludePad);
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        int iy = oy * p.strideH() - p.padTop() + ky;
                        for (int kx = 0; kx < p.kernelW() && iy >= 0 && iy < h; kx++) {
                            int ix = ox * p.strideW() - p.padLeft() + kx;
                            if (ix >= 0 && ix < w) {
                                acc[iy * w + ix] += g;
                            }
                        }
                    }
                }
            }
            for (int i = 0; i < acc.length; i++) {
                put(DS, pl * h * w + i, (float) acc[i]);
            }
        }
    }

    // ---- batch normalization -----------------------------------------------------------------

    static void batchNorm2d(Tensor src, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps,
                            boolean training, Tensor dst) {
        // per channel c over (n, h, w): training writes mean[c] and the biased variance[c]
        // dst = (src - mean[c]) / sqrt(variance[c] + eps) * gamma[c] + beta[c]
        int n = src.dim(0), ch = src.dim(1), hw = src.dim(2) * src.dim(3);
        MemorySegment X = src.segment(), Y = dst.segment(), M = mean.segment(), V = variance.segment();
        for (int c = 0; c < ch; c++) {
            double m, v;
            if (training) {
                double sum = 0;
                for (int b = 0; b < n; b++) {
                    for (long i = 0, base = ((long) b * ch + c) * hw; i < hw; i++) {
                        sum += at(X, base + i);
                    }
                }
                m = sum / ((double) n * hw);
                double sq = 0;
                for (int b = 0; b < n; b++) {
                    for (long i = 0, base = ((long) b * ch + c) * hw; i < hw; i++) {
                        double xm = at(X, base + i) - m;
                        sq += xm * xm;
                    }
                }
                v = sq / ((double) n * hw);
                put(M, c, (float) m);
                put(V, c, (float) v);
            } else {
                m = at(M, c);
                v = at(V, c);
            }
            double rstd = 1.0 / Math.sqrt(v + eps);
            double g = gamma == null ? 1.0 : at(gamma.segment(), c);
            double bt = beta == null ? 0.0 : at(beta.segment(), c);
            for (int b = 0; b < n; b++) {
                for (long i = 0, base = ((long) b * ch + c) * hw; i < hw; i++) {
                    put(Y, base + i, (float) ((at(X, base + i) - m) * rstd * g + bt));
                }
            }
        }
    }

    static void batchNorm2dBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor variance, float eps,
                                    Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        // forward: xhat = (x - mean) * rstd; y = xhat * gamma + beta; mean and var over the R = N*H*W elements of c
        // dbeta = sum dy; dgamma = sum dy * xhat
        // dx = gamma * rstd * (dy - dbeta / R - xhat * dgamma / R)
        int n = src.dim(0), ch = src.dim(1), hw = src.dim(2) * src.dim(3);
        double r = (double) n * hw;
        MemorySegment X = src.segment(), DY = diffDst.segment(), DX = diffSrc.segment();
        for (int c = 0; c < ch; c++) {
            double m = at(mean.segment(), c), rstd = 1.0 / Math.sqrt(at(variance.segment(), c) + (double) eps);
            double g = gamma == null ? 1.0 : at(gamma.segment(), c);
            double dBeta = 0, dGamma = 0;
            for (int b = 0; b < n; b++) {
                for (long i = 0, base = ((long) b * ch + c) * hw; i < hw; i++) {
                    double dy = at(DY, base + i);
                    dBeta += dy;
                    dGamma += dy * (at(X, base + i) - m) * rstd;
                }
            }
            for (int b = 0; b < n; b++) {
                for (long i = 0, base = ((long) b * ch + c) * hw; i < hw; i++) {
                    double xhat = (at(X, base + i) - m) * rstd;
                    put(DX, base + i, (float) (g * rstd * (at(DY, base + i) - dBeta / r - xhat * dGamma / r)));
                }
            }
            if (diffGamma != null) {
                put(diffGamma.segment(), c, (float) dGamma);
            }
            if (diffBeta != null) {
                put(diffBeta.segment(), c, (float) dBeta);
            }
        }
    }
}
