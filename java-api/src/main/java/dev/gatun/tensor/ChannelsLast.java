package dev.gatun.tensor;

/**
 * The channels-last (NHWC) layout of a 4-D tensor that keeps its NCHW shape: a
 * {@code permute(0, 3, 1, 2)} view of a contiguous [N, H, W, C] tensor, strides
 * {@code {H*W*C, 1, W*C, C}}. oneDNN's int8 convolutions run on this layout, so an int8 plan keeps
 * the codes between its convolutions and poolings in it and no reorder runs between them; the
 * quantized kernels that take it say so.
 */
public final class ChannelsLast {
    private ChannelsLast() {}

    /** Whether {@code t} is a 4-D channels-last view (and not also contiguous: one channel, or one pixel). */
    public static boolean is(Tensor t) {
        if (t.rank() != 4 || t.isContiguous()) {
            return false;
        }
        long c = t.dim(1), h = t.dim(2), w = t.dim(3);
        // the stride of an axis of one element is never used
        return (t.dim(0) == 1 || t.stride(0) == h * w * c) && (c == 1 || t.stride(1) == 1) && (h == 1 || t.stride(2) == w * c)
                && (w == 1 || t.stride(3) == c);
    }

    /** A zeroed channels-last tensor of NCHW shape [n, c, h, w]. */
    public static Tensor zeros(Scope scope, DataType type, int n, int c, int h, int w) {
        return Tensor.zeros(scope, type, n, h, w, c).permute(0, 3, 1, 2);
    }

    /** The memory of {@code t}, contiguous or channels-last (its elements in NHWC order then). */
    public static java.lang.foreign.MemorySegment memory(Tensor t) {
        if (!t.isContiguous() && !is(t)) {
            throw new IllegalArgumentException("neither contiguous nor channels-last: " + Shapes.str(t.shape()));
        }
        return t.memory();
    }

    /** The contiguous [N, H, W, C] tensor under the channels-last view {@code t} (the same memory). */
    public static Tensor nhwc(Tensor t) {
        if (!is(t)) {
            throw new IllegalArgumentException("not a channels-last view: " + Shapes.str(t.shape()));
        }
        return t.permute(0, 2, 3, 1);
    }
}
