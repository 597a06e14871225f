package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The onednn backend's convolution, pooling and batch normalization: writes each call's key,
 * gets the cached primitive ({@link ConvPrimitives} makes it) and runs it on the tensors' own
 * memory under the primitive's monitor. Convolutions run through their {@link Staging}: user
 * NCHW in, oneDNN's chosen layouts inside, weights reordered only when they changed.
 *
 * <p>Max pooling's backward is a scatter of diffDst by the forward's indices, run by the Java
 * backend: oneDNN's backward would need its workspace rebuilt from those indices, a pass as
 * long as the scatter itself. The forward runs in oneDNN and turns its workspace (each window's
 * argmax as an offset in the kernel) into plane indices.
 */
final class OneDnnConv {
    private final PrimitiveCache cache;
    private final Keys keys;

    OneDnnConv(PrimitiveCache cache, Keys keys) {
        this.cache = cache;
        this.keys = keys;
    }

    // ---- convolution -------------------------------------------------------------------------

    /** The key of a convolution primitive ({@link ConvPrimitives.Conv}). */
    private PrimitiveKey convKey(Op op, Tensor src, Tensor weights, Tensor dst, Conv2dParams p, boolean bias,
                                 DataType operands) {
        // work: multiply-adds, (output elements) x (weights per output channel), the same in all three passes
        long work = dst.numel() * (weights.numel() / Math.max(1, weights.dim(0)));
        return ConvPrimitives.Conv.write(keys.key(op, work), src, weights, dst, p, bias,
                operands == DataType.BFLOAT16 ? dnnl_bf16 : dnnl_f32);
    }

    void forward(Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p) {
        MemorySegment s = src.segment(), w = weights.segment(), d = dst.segment();
        PrimitiveKey key = convKey(Op.CONVOLUTION, src, weights, dst, p, bias != null, src.dtype());
        PrimitiveCache.Run run = weights.isConstant() ? STAGED_CONSTANT : STAGED;
        if (bias == null) {
            cache.execute(key, key.args().add(s).add(w).add(d).add(null), run);
        } else {
            cache.execute(key, key.args().add(s).add(w).add(bias.segment()).add(d), run);
        }
    }

    void backwardData(Tensor diffDst, Tensor weights, Tensor diffSrc, Conv2dParams p) {
        MemorySegment dd = diffDst.segment(), w = weights.segment(), ds = diffSrc.segment();
        staged(convKey(Op.CONVOLUTION_BACKWARD_DATA, diffSrc, weights, diffDst, p, false, diffDst.dtype()), dd, w, ds, null);
    }

    void backwardWeights(Tensor src, Tensor diffDst, Tensor diffWeights, Tensor diffBias, Conv2dParams p) {
        MemorySegment s = src.segment(), dd = diffDst.segment(), dw = diffWeights.segment();
        staged(convKey(Op.CONVOLUTION_BACKWARD_WEIGHTS, src, diffWeights, diffDst, p, diffBias != null, src.dtype()), s, dd, dw,
                diffBias == null ? null : diffBias.segment());
    }

    private void staged(PrimitiveKey key, MemorySegment a0, MemorySegment a1, MemorySegment a2, MemorySegment a3) {
        cache.execute(key, key.args().add(a0).add(a1).add(a2).add(a3), STAGED);
    }

    /** A convolution runs through its staging (layouts chosen by oneDNN, weights reordered when changed). */
    private static final PrimitiveCache.Run STAGED =
            (c, a) -> ((Staging) c.attachment()).run(c, a.get(0), a.get(1), a.get(2), a.get(3));

    /** The same with constant weights (a predictor's): reordered once per address, never compared. */
    private static final PrimitiveCache.Run STAGED_CONSTANT =
            (c, a) -> ((Staging) c.attachment()).run(c, a.get(0), a.get(1), a.get(2), a.get(3), true);

    // ---- pooling -----------------------------------------------------------------------------

    /** The key of a pooling primitive ({@link ConvPrimitives.Pool}). */
    private PrimitiveKey poolKey(Op op, int alg, Tensor src, Tensor dst, Pool2dParams p, boolean workspace) {
        return ConvPrimitives.Pool.write(keys.key(op, src.numel() + dst.numel()), alg, src, dst, p, workspace);
    }

    private static int avgAlg(boolean countIncludePad) {
        return countIncludePad ? dnnl_pooling_avg_include_padding : dnnl_pooling_avg_exclude_padding;
    }

    void maxForward(Tensor src, Tensor dst, Tensor indices, Pool2dParams p) {
        MemorySegment s = src.segment(), d = dst.segment(), idx = indices == null ? null : indices.segment();
        PrimitiveKey key = poolKey(Op.POOLING, dnnl_pooling_max, src, dst, p, idx != null);
        if (idx == null) {
            cache.execute(key, key.args().add(s).add(d));
            return;
        }
        // training: the workspace lands in the primitive's own buffer, read into plane indices under its monitor
        cache.execute(key, key.args().add(s).add(d), (c, a) -> {
            a.add(c.aux());
            a.bindAll(c);
            c.execute();
            indices(c.aux(), ((ConvPrimitives.Workspace) c.attachment()).bytes(), idx, src, dst, p);
        });
    }

    /**
     * Workspace (argmax as ky * KW + kx in the unclipped window) to plane indices (iy * W + ix).
     * Each window position's offset from the window's corner, {@code ky * W + kx}, is looked up
     * in a table made once per call: dividing k by KW per output element (two integer divisions)
     * made this loop 10% of a CNN training run on one thread (JFR, glyphs).
     */
    private static void indices(MemorySegment ws, boolean bytes, MemorySegment idx, Tensor src, Tensor dst, Pool2dParams p) {
        int w = src.dim(3), oh = dst.dim(2), ow = dst.dim(3), kw = p.kernelW();
        if (bytes && p.isHalving()) {
            pairIndices(ws, idx, (long) dst.dim(0) * dst.dim(1), w, oh, ow);
            return;
        }
        int[] offset = new int[p.kernelH() * kw];
        for (int k = 0; k < offset.length; k++) {
            offset[k] = k / kw * w + k % kw;
        }
        long planes = (long) dst.dim(0) * dst.dim(1);
        long i = 0;
        for (long pl = 0; pl < planes; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                int rowCorner = (oy * p.strideH() - p.padTop()) * w - p.padLeft();
                for (int ox = 0; ox < ow; ox++, i++) {
                    int k = bytes ? Byte.toUnsignedInt(ws.get(JAVA_BYTE, i)) : ws.getAtIndex(JAVA_INT, i);
                    idx.setAtIndex(JAVA_FLOAT, i, rowCorner + ox * p.strideW() + offset[k]);
                }
            }
        }
    }

    /**
     * {@link #indices} of 2x2 stride-2 windows: k in 0..3 is at {@code (k >> 1) * W + (k & 1)}
     * from the window's corner, arithmetic in place of the table, over int indices per plane.
     */
    private static void pairIndices(MemorySegment ws, MemorySegment idx, long planes, int w, int oh, int ow) {
        int ohw = oh * ow;
        for (long pl = 0; pl < planes; pl++) {
            long base = pl * ohw;
            for (int oy = 0; oy < oh; oy++) {
                int corner = 2 * oy * w, row = oy * ow;
                for (int ox = 0; ox < ow; ox++) {
                    int k = ws.get(JAVA_BYTE, base + row + ox);
                    idx.setAtIndex(JAVA_FLOAT, base + row + ox, corner + 2 * ox + (k >> 1) * w + (k & 1));
                }
            }
        }
    }

    void avgForward(Tensor src, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        MemorySegment s = src.segment(), d = dst.segment();
        run(poolKey(Op.POOLING, avgAlg(countIncludePad), src, dst, p, false), s, d);
    }

    void avgBackward(Tensor diffDst, Tensor diffSrc, Pool2dParams p, boolean countIncludePad) {
        MemorySegment dd = diffDst.segment(), ds = diffSrc.segment();
        run(poolKey(Op.POOLING_BACKWARD, avgAlg(countIncludePad), diffSrc, diffDst, p, false), dd, ds);
    }

    // ---- batch normalization -----------------------------------------------------------------

    /** The key of a batch normalization primitive ({@link ConvPrimitives.BatchNorm}). */
    private PrimitiveKey batchNormKey(Op op, int flags, Tensor src, float eps) {
        return ConvPrimitives.BatchNorm.write(keys.key(op, src.numel()), flags, src, eps);
    }

    void batchNormForward(Tensor src, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps, boolean training,
                          Tensor dst) {
        int flags = (gamma != null ? dnnl_use_scale : 0) | (beta != null ? dnnl_use_shift : 0)
                | (training ? 0 : dnnl_use_global_stats);
        MemorySegment[] args = new MemorySegment[4 + (gamma != null ? 1 : 0) + (beta != null ? 1 : 0)];
        args[0] = src.segment();
        args[1] = dst.segment();
        args[2] = mean.segment();
        args[3] = variance.segment();
        int at = 4;
        if (gamma != null) {
            args[at++] = gamma.segment();
        }
        if (beta != null) {
            args[at] = beta.segment();
        }
        run(batchNormKey(Op.BATCH_NORM, flags, src, eps), args);
    }

    /** Backward with gamma and both diffs, or with none of the three (the callers' two cases). */
    void batchNormBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor variance, float eps,
                           Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        boolean affine = gamma != null;
        MemorySegment[] args = affine
                ? new MemorySegment[] {src.segment(), mean.segment(), variance.segment(), diffDst.segment(), diffSrc.segment(),
                        gamma.segment(), diffGamma.segment(), diffBeta.segment()}
                : new MemorySegment[] {src.segment(), mean.segment(), variance.segment(), diffDst.segment(), diffSrc.segment()};
        run(batchNormKey(Op.BATCH_NORM_BACKWARD, affine ? dnnl_use_scale | dnnl_use_shift : 0, src, eps), args);
    }

    // ---- execution ---------------------------------------------------------------------------

    private void run(PrimitiveKey key, MemorySegment... args) {
        PrimitiveCache.Args a = key.args();
        for (MemorySegment arg : args) {
            a.add(arg);
        }
        cache.execute(key, a);
    }
}
