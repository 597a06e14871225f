package dev.gatun.spark;

import dev.gatun.nn.Parameter;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Collection;
import java.util.List;

/**
 * Tensors laid end to end in one float array, and back: what the ring reduces in one call (every
 * parameter's gradient, or every BatchNorm buffer) instead of one call per tensor. The array is
 * made once and reused every step.
 */
final class FlatState {
    private final float[] values;

    FlatState(Collection<Tensor> tensors) {
        long n = 0;
        for (Tensor t : tensors) {
            n += t.numel();
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("FlatState: " + n + " values do not fit one array");
        }
        values = new float[(int) n];
    }

    static List<Tensor> gradients(List<Parameter> parameters) {
        return parameters.stream().map(Parameter::grad).toList();
    }

    float[] values() {
        return values;
    }

    /** Copies the tensors (contiguous) into the array, in order. */
    float[] gather(Collection<Tensor> tensors) {
        int at = 0;
        for (Tensor t : tensors) {
            MemorySegment s = t.contiguous().segment();
            int n = (int) t.numel();
            MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 0, values, at, n);
            at += n;
        }
        return values;
    }

    /** Copies the array back into the tensors, in order. */
    void scatter(Collection<Tensor> tensors) {
        int at = 0;
        for (Tensor t : tensors) {
            int n = (int) t.numel();
            MemorySegment.copy(values, at, t.segment(), ValueLayout.JAVA_FLOAT, 0, n);
            at += n;
        }
    }

    /** A 64-bit FNV-1a hash of the tensors' bits: replicas that agree on every weight agree on it. */
    static long checksum(Collection<Tensor> tensors) {
        long h = 0xcbf29ce484222325L;
        for (Tensor t : tensors) {
            MemorySegment s = t.contiguous().segment();
            for (long i = 0, n = t.numel(); i < n; i++) {
                h = (h ^ s.getAtIndex(ValueLayout.JAVA_INT, i)) * 0x100000001b3L;
            }
        }
        return h;
    }
}
