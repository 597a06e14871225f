package dev.gatun.backend;

import dev.gatun.tensor.Tensor;

/**
 * A backend that runs every op on a delegate; a native backend extends it and overrides the ops
 * its library does well, and within those may still hand a call back to the delegate where its
 * library cannot match the oracle. The openblas backend overrides matmul, convolution and the
 * recurrent ops (on {@code cblas_sgemm}); the onednn backend overrides nearly every op and hands
 * back what oneDNN has no primitive for or computes differently (NaN handling, STEP, empty
 * tensors). The delegate is the {@code java} backend (Vector API, or scalar loops without it).
 */
public abstract class ForwardingBackend implements Backend {
    protected final Backend delegate;

    protected ForwardingBackend(Backend delegate) {
        this.delegate = delegate;
    }

    @Override
    public void setThreads(int threads) {
        delegate.setThreads(threads);
    }

    @Override
    public int threads() {
        return delegate.threads();
    }

    // ---- recurrent -------------------------------------------------------------------------

    @Override
    public long rnnWorkspaceSize(RnnParams p) {
        return delegate.rnnWorkspaceSize(p);
    }

    @Override
    public void rnnForward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                           Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        delegate.rnnForward(p, src, h0, c0, w, dst, hN, cN, workspace);
    }

    @Override
    public void rnnBackward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                            Tensor dst, Tensor hN, Tensor cN, Tensor workspace,
                            Tensor diffDst, Tensor diffHN, Tensor diffCN,
                            Tensor diffSrc, Tensor diffH0, Tensor diffC0, RnnWeights diffW) {
        delegate.rnnBackward(p, src, h0, c0, w, dst, hN, cN, workspace, diffDst, diffHN, diffCN,
                diffSrc, diffH0, diffC0, diffW);
    }

    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, float alpha, float beta) {
        delegate.matmul(a, transA, b, transB, c, alpha, beta);
    }

    @Override
    public void linear(Tensor x, Tensor w, Tensor bias, boolean relu, Tensor y) {
        delegate.linear(x, w, bias, relu, y);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        delegate.binary(op, a, b, dst);
    }

    @Override
    public void eltwise(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
        delegate.eltwise(op, alpha, beta, src, dst);
    }

    @Override
    public void eltwiseBackward(EltwiseOp op, float alpha, float beta, Tensor src, Tensor diffDst, Tensor diffSrc) {
        delegate.eltwiseBackward(op, alpha, beta, src, diffDst, diffSrc);
    }

    @Override
    public void reduce(ReduceOp op, Tensor src, Tensor dst) {
        delegate.reduce(op, src, dst);
    }

    @Override
    public void softmax(Tensor src, Tensor dst, boolean log) {
        delegate.softmax(src, dst, log);
    }

    @Override
    public void softmaxBackward(Tensor dst, Tensor diffDst, Tensor diffSrc, boolean log) {
        delegate.softmaxBackward(dst, diffDst, diffSrc, log);
    }

    @Override
    public void layerNorm(Tensor src, Tensor gamma, Tensor beta, float eps, Tensor dst, Tensor mean, Tensor rstd) {
        delegate.layerNorm(src, gamma, beta, eps, dst, mean, rstd);
    }

    @Override
    public void layerNormBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor rstd,
                                  Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        delegate.layerNormBackward(src, diffDst, gamma, mean, rstd, diffSrc, diffGamma, diffBeta);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        delegate.copy(src, dst);
    }

    // ---- convolution / pooling / batch norm (NCHW) -----------------------------------------

    @Override
    public void quantize(Tensor src, float invScale, int zeroPoint, Tensor dst) {
        delegate.quantize(src, invScale, zeroPoint, dst);
    }

    @Override
    public void quantizedMatmul(Tensor a, int aZeroPoint, Tensor w, Tensor scales, Tensor bias, boolean relu, Tensor out) {
        delegate.quantizedMatmul(a, aZeroPoint, w, scales, bias, relu, out);
    }

    @Override
    public void quantizedConv2d(Tensor src, int srcZeroPoint, Tensor weights, Tensor scales, Tensor bias, boolean relu,
                                Tensor dst, Conv2dParams p) {
        delegate.quantizedConv2d(src, srcZeroPoint, weights, scales, bias, relu, dst, p);
    }

    @Override
    public void quantizedMaxPool2d(Tensor src, Tensor dst, Pool2dParams p) {
        delegate.quantizedMaxPool2d(src, dst, p);
    }

    @Override
    public void conv2d(Tensor src, Tensor weights, Tensor bias, Tensor dst, Conv2dParams p) {
        delegate.conv2d(src, weights, bias, dst, p);
    }

    @Override
    public void conv2dBackwardData(Tensor diffDst, Tensor weights, Tensor diffSrc, Conv2dParams p) {
        delegate.conv2dBackwardData(diffDst, weights, diffSrc, p);
    }

    @Override
    public void conv2dBackwardWeights(Tensor src, Tensor diffDst, Tensor diffWeights, Tensor diffBias, Conv2dParams p) {
        delegate.conv2dBackwardWeights(src, diffDst, diffWeights, diffBias, p);
    }

    @Override
    public void maxPool2d(Tensor src, Tensor dst, Tensor indices, Pool2dParams p) {
        delegate.maxPool2d(src, dst, indices, p);
    }

    @Override
    public void maxPool2dBackward(Tensor diffDst, Tensor indices, Tensor diffSrc, Pool2dParams p) {
        delegate.maxPool2dBackward(diffDst, indices, diffSrc, p);
    }

    @Override
    public void avgPool2d(Tensor src, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        delegate.avgPool2d(src, dst, p, countIncludePad);
    }

    @Override
    public void avgPool2dBackward(Tensor diffDst, Tensor diffSrc, Pool2dParams p, boolean countIncludePad) {
        delegate.avgPool2dBackward(diffDst, diffSrc, p, countIncludePad);
    }

    @Override
    public void batchNorm2d(Tensor src, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, float eps,
                            boolean training, Tensor dst) {
        delegate.batchNorm2d(src, gamma, beta, mean, variance, eps, training, dst);
    }

    @Override
    public void batchNorm2dBackward(Tensor src, Tensor diffDst, Tensor gamma, Tensor mean, Tensor variance, float eps,
                                    Tensor diffSrc, Tensor diffGamma, Tensor diffBeta) {
        delegate.batchNorm2dBackward(src, diffDst, gamma, mean, variance, eps, diffSrc, diffGamma, diffBeta);
    }
}
