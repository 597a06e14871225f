package dev.gatun.ops;

import static dev.gatun.ops.OpChecks.backend;
import static dev.gatun.ops.OpChecks.checkOut;
import static dev.gatun.ops.OpChecks.dense;
import static dev.gatun.ops.OpChecks.sameShape;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.ops.Ops.MaxPoolResult;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/** Max and average 2-D pooling (NCHW) behind {@link Ops#maxPool2d}, forward and backward. */
final class PoolOps {
    private PoolOps() {}

    static MaxPoolResult maxPool2d(Tensor x, Pool2dParams p) {
        Tensor src = dense("maxPool2d", x);
        int[] shape = poolShape("maxPool2d", src.shape(), p, true);
        Tensor dst = Tensor.empty(shape), indices = Tensor.empty(shape);
        backend().maxPool2d(src, dst, indices, p);
        return new MaxPoolResult(dst, indices);
    }

    static void maxPool2dInto(Tensor x, Tensor dst, Pool2dParams p) {
        poolInto(true, x, dst, p, false);
    }

    static Tensor maxPool2dBackward(Tensor diffDst, Tensor indices, int[] srcShape, Pool2dParams p) {
        String name = "maxPool2d backward";
        Tensor dd = dense(name, diffDst), idx = dense(name, indices);
        int[] src = Shapes.checkShape(name, srcShape);
        checkPoolGrad(name, src, dd, p, true);
        sameShape(name, dd, idx);
        Tensor diffSrc = Tensor.empty(src); // every backend writes all of it
        backend().maxPool2dBackward(dd, idx, diffSrc, p);
        return diffSrc;
    }

    static Tensor avgPool2d(Tensor x, Pool2dParams p, boolean countIncludePad) {
        Tensor src = dense("avgPool2d", x);
        Tensor dst = Tensor.empty(poolShape("avgPool2d", src.shape(), p, false));
        backend().avgPool2d(src, dst, p, countIncludePad);
        return dst;
    }

    static void avgPool2dInto(Tensor x, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        poolInto(false, x, dst, p, countIncludePad);
    }

    static Tensor avgPool2dBackward(Tensor diffDst, int[] srcShape, Pool2dParams p, boolean countIncludePad) {
        String name = "avgPool2d backward";
        Tensor dd = dense(name, diffDst);
        int[] src = Shapes.checkShape(name, srcShape);
        checkPoolGrad(name, src, dd, p, false);
        Tensor diffSrc = Tensor.empty(src);
        backend().avgPool2dBackward(dd, diffSrc, p, countIncludePad);
        return diffSrc;
    }

    /** Max or average pooling into {@code dst}, through a temporary when {@code dst} overlaps {@code x}. */
    private static void poolInto(boolean max, Tensor x, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        String name = max ? "maxPool2d" : "avgPool2d";
        Tensor src = dense(name, x);
        checkOut(name, dst, poolShape(name, src.shape(), p, max));
        Outputs.writable(name, "dst", dst);
        Backend backend = backend();
        if (Outputs.overlaps(dst, src)) {
            Outputs.staged(backend, dst, false, t -> pool(backend, max, src, t, p, countIncludePad));
        } else {
            pool(backend, max, src, dst, p, countIncludePad);
        }
    }

    private static void pool(Backend backend, boolean max, Tensor src, Tensor dst, Pool2dParams p, boolean countIncludePad) {
        if (max) {
            backend.maxPool2d(src, dst, null, p); // inference: no indices
        } else {
            backend.avgPool2d(src, dst, p, countIncludePad);
        }
    }

    private static int[] poolShape(String name, int[] src, Pool2dParams p, boolean max) {
        if (p == null) {
            throw new IllegalArgumentException(name + ": Pool2dParams is null");
        }
        if (src.length != 4) {
            throw new IllegalArgumentException(name + ": src must be NCHW (rank 4), got " + Shapes.str(src));
        }
        if (src[1] == 0 || src[2] == 0 || src[3] == 0) {
            throw new IllegalArgumentException(name + ": src " + Shapes.str(src) + " has no channels or no pixels");
        }
        if (max && (long) src[2] * src[3] > ConvShapes.MAX_POOL_PLANE) {
            throw new IllegalArgumentException(name + ": planes of " + src[2] + "x" + src[3] + " are too large for float indices"
                    + " (at most 2^24 elements)");
        }
        return ConvShapes.pool2dOut(name, src, p);
    }

    private static void checkPoolGrad(String name, int[] src, Tensor diffDst, Pool2dParams p, boolean max) {
        int[] out = poolShape(name, src, p, max);
        if (!Arrays.equals(diffDst.shape(), out)) {
            throw new IllegalArgumentException("shape mismatch in " + name + ": diffDst is " + Shapes.str(diffDst.shape())
                    + ", pooling src " + Shapes.str(src) + " with " + p + " gives " + Shapes.str(out));
        }
    }
}
