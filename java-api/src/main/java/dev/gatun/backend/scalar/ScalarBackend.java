package dev.gatun.backend.scalar;

import dev.gatun.tensor.DataType;
import dev.gatun.backend.Backend;
import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.ReduceOp;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The oracle: every {@link Backend} op as plain loops over float32 memory, written to be read
 * (llm.c style: outputs first, sizes named, shape comments). Sums and dot products accumulate
 * in double and elementwise functions are evaluated in double, so the result is the float32
 * rounding of a (nearly) exact value. Single-threaded; {@link #setThreads} only records the
 * value. Also the {@code java} backend where the Vector API is absent.
 */
public final class ScalarBackend implements Backend {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final String name;
    private volatile int threads = 1;

    public ScalarBackend() {
        this("scalar");
    }

    /** A scalar backend that reports {@code name} (the {@code java} backend without the Vector API). */
    public ScalarBackend(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "scalar Java loops (the oracle), single-threaded";
    }

    @Override
    public void setThreads(int threads) {
        this.threads = dev.gatun.backend.Backends.checkThreads("setThreads", threads);
    }

    @Override
    public int threads() {
        return threads;
    }

    // ---- recurrent -------------------------------------------------------------------------

    @Override
    public long rnnWorkspaceSize(RnnParams p) {
        return new RnnWorkspace(p).size();
    }

    @Override
    public void rnnForward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                           Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        ScalarRnn.forward(p, src, h0, c0, w, dst, hN, cN, workspace);
    }

    @Override
    public void rnnBackward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                            Tensor dst, Tensor hN, Tensor cN, Tensor workspace,
                            Tensor diffDst, Tensor diffHN, Tensor diffCN,
                            Tensor diffSrc, Tensor diffH0, Tensor diffC0, RnnWeights diffW) {
        ScalarRnn.backward(p, src, h0, c0, w, dst, workspace, diffDst, diffHN, diffCN, diffSrc, diffH0, diffC0, diffW);
    }

    private static float at(MemorySegment s, long i) {
        return s.getAtIndex(F32, i);
    }

    private static void put(MemorySegment s, long i, float v) {
        s.setAtIndex(F32, i, v);
    }

    // ---- dense -----------------------------------------------------------------------------

    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
        // c: [M,N] or [B,M,N]; a: [M,K] ([K,M] when transA), b: [K,N] ([N,K] when transB), each maybe batched.
        // bf16 operands: their exact float32 values, accumulated as below (the oracle of every bf16 kernel)
        a = a.to(DataType.FLOAT32);
        b = b.to(DataType.FLOAT32);
        int batches = c.rank() == 3 ? c.dim(0) : 1;
        int m = c.dim(-2), n = c.dim(-1);
        int k = transA ? a.dim(-2) : a.dim(-1);
        long aBatch = a.rank() == 3 ? (long) m * k : 0; // a rank-2 operand is shared by every batch
        long bBatch = b.rank() == 3 ? (long) k * n : 0;
        long cBatch = (long) m * n;
        MemorySegment A = a.segment(), B = b.segment(), C = c.segment();
        for (int bt = 0; bt < batches; bt++) {
            long ao = bt * aBatch, bo = bt * bBatch, co = bt * cBatch;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        float av = transA ? at(A, ao + (long) p * m + i) : at(A, ao + (long) i * k + p);
                        float bv = transB ? at(B, bo + (long) j * k + p) : at(B, bo + (long) p * n + j);
                        acc += (double) av * bv;
                    }
                    long ci = co + (long) i * n + j;
                    // beta == 0 ignores c's old content, NaN included
                    double old = beta == 0f ? 0.0 : (double) beta * at(C, ci);
                    put(C, ci, (float) (alpha * acc + old));
                }
            }
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        // dst[i...] = a[i... or 0 where a's dim is 1] op b[likewise]; all three of one rank
        int[] shape = dst.shape();
        long[] aStrides = broadcastStrides(a.shape());
        long[] bStrides = broadcastStrides(b.shape());
        MemorySegment A = a.segment(), B = b.segment(), D = dst.segment();
        int[] idx = new int[shape.length];
        long ai = 0, bi = 0;
        for (long i = 0, n = dst.numel(); i < n; i++) {
            put(D, i, apply(op, at(A, ai), at(B, bi)));
            // odometer step over dst's shape, moving a and b by their broadcast strides
            for (int d = shape.length - 1; d >= 0; d--) {
                ai += aStrides[d];
                bi += bStrides[d];
                if (++idx[d] < shape[d]) {
                    break;
                }
                ai -= aStrides[d] * shape[d];
                bi -= bStrides[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    /** One binary op on one pair (also the scalar tail of the vector kernels). */
    public static float apply(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y); // NaN propagates, like torch.maximum
            case MIN -> Math.min(x, y);
            case GE -> x >= y ? 1f : 0f;
            case EQ -> x == y ? 1f : 0f;
        };
    }

    /** Row-major strides of a contiguous tensor, with 0 on dims of size 1 (they broadcast). */
    static long[] broadcastStrides(int[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = shape[d] == 1 ? 0 : s;
            s *= shape[d];
        }
        return strides;
    }

    @Override
    public void eltwise(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
        // dst[i] = f(src[i]), i over all elements; dst may be src
        MemorySegment S = src.segment(), D = dst.segment();
        for (long i = 0, n = src.numel(); i < n; i++) {
            put(D, i, (float) EltwiseMath.forward(op, alpha, beta, at(S, i)));
        }
    }

    @Override
    public void eltwiseBackward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor diffDst, Tensor diffSrc) {
        // diffSrc[i] = diffDst[i] * f'(src[i])
        MemorySegment S = src.segment(), DD = diffDst.segment(), DS = diffSrc.segment();
        for (long i = 0, n = src.numel(); i < n; i++) {
            put(DS, i, (float) (at(DD, i) * EltwiseMath.derivative(op, alpha, beta, at(S, i))));
        }
    }

    @Override
    public void reduce(ReduceOp op, Tensor src, Tensor dst) {
        // dst[j] = sum / mean / max of src[i] over every i that maps to j (reduced dims of dst are 1)
        int[] shape = src.shape();
        long[] dstStrides = broadcastStrides(dst.shape());
        int outN = (int) dst.numel();
        double[] acc = new double[outN];
        if (op == ReduceOp.MAX) {
            java.util.Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        }
        MemorySegment S = src.segment(), D = dst.segment();
        int[] idx = new int[shape.length];
        long di = 0;
        for (long i = 0, n = src.numel(); i < n; i++) {
            float v = at(S, i);
            int j = (int) di;
            if (op == ReduceOp.MAX) {
                acc[j] = (v > acc[j] || Float.isNaN(v)) && !Double.isNaN(acc[j]) ? v : acc[j]; // NaN wins
            } else {
                acc[j] += v;
            }
            for (int d = shape.length - 1; d >= 0; d--) {
                di += dstStrides[d];
                if (++idx[d] < shape[d]) {
                    break;
                }
                di -= dstStrides[d] * shape[d];
                idx[d] = 0;
            }
        }
        double count = outN == 0 ? 0 : (double) src.numel() / outN; // elements folded into each output
        for (int j = 0; j < outN; j++) {
            put(D, j, (float) (op == ReduceOp.MEAN ? acc[j] / count : acc[j])); // mean of nothing is NaN
        }
    }

    // ---- softmax and normalization ---------------------------------------------------------

    @Override
    public void softmax(Tensor src, Tensor dst, boolean log) {
        // src, dst: [R, C] with C the last axis, R every leading dim flattened
        int cols = src.dim(-1);
        long rows = cols == 0 ? 0 : src.numel() / cols;
        MemorySegment S = src.segment(), D = dst.segment();
        for (long r = 0; r < rows; r++) {
            long row = r * cols;
            float max = Float.NEGATIVE_INFINITY; // subtracted so exp never overflows
            for (int i = 0; i < cols; i++) {
                max = Math.max(max, at(S, row + i));
            }
            double sum = 0;
            for (int i = 0; i < cols; i++) {
                sum += Math.exp((double) at(S, row + i) - max);
            }
            double logSum = Math.log(sum);
            for (int i = 0; i < cols; i++) {
                double shifted = (double) at(S, row + i) - max;
                // log-softmax = x - max - log(sum e^(x - max)), never log of a rounded softmax
                put(D, row + i, (float) (log ? shifted - logSum : Math.exp(shifted) / sum));
            }
        }
    }

    @Override
    public void softmaxBackward(Tensor dst, Tensor diffDst, Tensor diffSrc, boolean log) {
        // softmax:     diffSrc = y * (dy - sum(dy * y))
        // log-softmax: diffSrc = dy - exp(y) * sum(dy)
        int cols = dst.dim(-1);
        long rows = cols == 0 ? 0 : dst.numel() / cols;
        MemorySegment Y = dst.segment(), DY = diffDst.segment(), DX = diffSrc.segment();
        for (long r = 0; r < rows; r++) {
            long row = r * cols;
            double dot = 0;
            for (int i = 0; i < cols; i++) {
                dot += log ? at(DY, row + i) : (double) at(DY, row + i) * at(Y, row + i);
            }
            for (int i = 0; i < cols; i++) {
                double y = at(Y, row + i), dy = at(DY, row + i);
                put(DX, row + i, (float) (log ? dy - Math.exp(y) * dot : y * (dy - dot)));
            }
        }
    }

    @Override
    public void layerNorm(Tensor src, Tensor gamma, Tensor beta, float eps, Tensor dst, Tensor mean, Tensor rstd) {
        // src, dst: [R, C]; gamma, beta: [C] or null; mean, rstd: [R]
        int cols = src.dim(-1);
        long rows = cols == 0 ? 0 : src.numel() / cols;
        MemorySegment X = src.segment(), Y = dst.segment(), M = mean.segment(), RS = rstd.segment();
        MemorySegment G = gamma == null ? null : gamma.segment();
        MemorySegment Bt = beta == null ? null : beta.segment();
        for (long r = 0; r < rows; r++) {
            long row = r * cols;
            double m = 0;
            for (int i = 0; i < cols; i++) {
                m += at(X, row + i);
            }
            m /= cols;
            double v = 0; // biased variance (divide by C), as PyTorch's layer_norm
            for (int i = 0; i < cols; i++) {
                double xm = at(X, row + i) - m;
                v += xm * xm;
            }
            v /= cols;
            double s = 1.0 / Math.sqrt(v + eps);
            for (int i = 0; i < cols; i++) {
                double norm = (at(X, row + i) - m) * s;
                double g = G == null ? 1.0 : at(G, i);
                double b = Bt == null ? 0.0 : at(Bt, i);
                put(Y, row + i, (float) (norm * g + b));
            }
            put(M, r, (float) m);
            put(RS, r, (float) s);
        }
    }

    @Override
    public void layerNormBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor rstd,
                                  Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        // forward: norm = (x - mean) * rstd; y = norm * gamma + beta
        // dnorm = dy * gamma
        // dx = rstd * (dnorm - mean(dnorm) - norm * mean(dnorm * norm))
        // dgamma = sum over rows of dy * norm; dbeta = sum over rows of dy
        int cols = src.dim(-1);
        long rows = cols == 0 ? 0 : src.numel() / cols;
        MemorySegment X = src.segment(), DY = diffDst.segment(), DX = diffSrc.segment();
        MemorySegment M = mean.segment(), RS = rstd.segment();
        MemorySegment G = gamma == null ? null : gamma.segment();
        double[] dGamma = new double[cols];
        double[] dBeta = new double[cols];
        for (long r = 0; r < rows; r++) {
            long row = r * cols;
            double m = at(M, r), s = at(RS, r);
            double dnormMean = 0, dnormNormMean = 0;
            for (int i = 0; i < cols; i++) {
                double norm = (at(X, row + i) - m) * s;
                double dnorm = at(DY, row + i) * (G == null ? 1.0 : at(G, i));
                dnormMean += dnorm;
                dnormNormMean += dnorm * norm;
            }
            dnormMean /= cols;
            dnormNormMean /= cols;
            for (int i = 0; i < cols; i++) {
                double dy = at(DY, row + i);
                double norm = (at(X, row + i) - m) * s;
                double dnorm = dy * (G == null ? 1.0 : at(G, i));
                put(DX, row + i, (float) (s * (dnorm - dnormMean - norm * dnormNormMean)));
                dGamma[i] += dy * norm;
                dBeta[i] += dy;
            }
        }
        if (diffGamma != null) {
            MemorySegment DG = diffGamma.segment();
            for (int i = 0; i < cols; i++) {
                put(DG, i, (float) dGamma[i]);
            }
        }
        if (diffBeta != null) {
            MemorySegment DB = diffBeta.segment();
            for (int i = 0; i < cols; i++) {
                put(DB, i, (float) dBeta[i]);
            }
        }
    }

    // ---- reorder ---------------------------------------------------------------------------

    @Override
    public void copy(Tensor src, Tensor dst) {
        // dst[i...] = src[i...] for any strides on either side (src stride 0 on broadcast dims)
        int[] shape = src.shape();
        long[] ss = src.strides(), ds = dst.strides();
        MemorySegment S = src.base(), D = dst.base();
        long si = src.offset(), di = dst.offset();
        int[] idx = new int[shape.length];
        for (long i = 0, n = src.numel(); i < n; i++) {
            put(D, di, at(S, si));
            for (int d = shape.length - 1; d >= 0; d--) {
                si += ss[d];
                di += ds[d];
                if (++idx[d] < shape[d]) {
                    break;
                }
                si -= ss[d] * shape[d];
                di -= ds[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    // ---- quantized: ScalarQuantized ---------------------------------------------------------

    @Override
    public void quantize(Tensor src, float invScale, int zeroPoint, Tensor dst) {
        ScalarQuantized.quantize(src, invScale, zeroPoint, dst);
    }

    @Override
    public void quantizedMatmul(Tensor a, int aZeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu, Tensor out) {
        ScalarQuantized.matmul(a, aZeroPoint, w, scales, bias, relu, out);
    }

    @Override
    public void quantizedConv2d(Tensor src, int srcZeroPoint, Tensor weights, Tensor scales, Tensor bias, boolean relu,
                                Tensor dst, Conv2dParams p) {
        ScalarQuantized.conv2d(src, srcZeroPoint, weights, scales, bias, relu, dst, p);
    }

    @Override
    public void quantizedMaxPool2d(Tensor src, Tensor dst, Pool2dParams p) {
        ScalarQuantized.maxPool2d(src, dst, p);
    }

    // ---- convolution / pooling / batch norm (NCHW): ScalarConv ------------------------------

    @Override
    public void conv2d(Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p) {
        ScalarConv.conv2d(src.to(DataType.FLOAT32), weights.to(DataType.FLOAT32), bias, dst, p); // bf16: as matmul
    }

    @Override
    public void conv2dBackwardData(Tensor diffDst, Tensor weights, Tensor diffSrc, Conv2dParams p) {
        ScalarConv.conv2dBackwardData(diffDst.to(DataType.FLOAT32), weights.to(DataType.FLOAT32), diffSrc, p);
    }

    @Override
    public void conv2dBackwardWeights(Tensor src, Tensor diffDst, Tensor diffWeights, Tensor diffBias, Conv2dParams p) {
        ScalarConv.conv2dBackwardWeights(src.to(DataType.FLOAT32), diffDst.to(DataType.FLOAT32), diffWeights, diffBias, p);
    }

    @Override
    public void maxPool2d(Tensor src, Tensor dst, Tensor indices, Pool2dParams p) {
        ScalarConv.maxPool2d(src, dst, indices, p);
    }

    @Override
    public void maxPool2dBackward(Tensor diffDst, Tensor indices, Tensor diffSrc, Pool2dParams p) {
        ScalarConv.maxPool2dBackward(diffDst, indices, diffSrc, p);
    }

    @Override
    public void avgPool2d(Tensor src, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        ScalarConv.avgPool2d(src, dst, p, countIncludePad);
    }

    @Override
    public void avgPool2dBackward(Tensor diffDst, Tensor diffSrc, Pool2dParams p, boolean countIncludePad) {
        ScalarConv.avgPool2dBackward(diffDst, diffSrc, p, countIncludePad);
    }

    @Override
    public void batchNorm2d(Tensor src, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps,
                            boolean training, Tensor dst) {
        ScalarConv.batchNorm2d(src, gamma, beta, mean, variance, eps, training, dst);
    }

    @Override
    public void batchNorm2dBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor variance, float eps,
                                    Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        ScalarConv.batchNorm2dBackward(src, diffDst, gamma, mean, variance, eps, diffSrc, diffGamma, diffBeta);
    }
}
