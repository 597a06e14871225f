package dev.gatun.ops;

import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Batch norm's running averages, updated as PyTorch does (C numbers per step: a loop, not a kernel). */
final class RunningStats {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private RunningStats() {}

    /**
     * {@code running = (1 - momentum) * running + momentum * batch} for the mean, and for the
     * variance with the batch variance made unbiased ({@code * count / (count - 1)}).
     */
    static void update(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor variance, float momentum, long count) {
        MemorySegment rm = runningMean.segment(), rv = runningVar.segment(), bm = mean.segment(), bv = variance.segment();
        double unbias = (double) count / (count - 1);
        for (long i = 0, c = mean.numel(); i < c; i++) {
            rm.setAtIndex(F32, i, (float) ((1.0 - momentum) * rm.getAtIndex(F32, i) + (double) momentum * bm.getAtIndex(F32, i)));
            rv.setAtIndex(F32, i, (float) ((1.0 - momentum) * rv.getAtIndex(F32, i) + momentum * bv.getAtIndex(F32, i) * unbias));
        }
    }
}
