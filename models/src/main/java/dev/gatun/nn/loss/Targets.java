package dev.gatun.nn.loss;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/** Target checks and encodings shared by the losses. */
final class Targets {
    private Targets() {}

    /** The target with the output's shape: equal shapes, or the same elements ([N] for [N,1]). */
    static Tensor sameShape(String loss, Var output, Tensor target) {
        target.checkAccess(loss);
        if (output.value().sameShape(target)) {
            return target;
        }
        if (output.value().numel() == target.numel() && isColumnOrVector(output.shape())
                && isColumnOrVector(target.shape())) {
            return target.reshape(output.shape());
        }
        throw new IllegalArgumentException("shape mismatch in " + loss + ": output " + Shapes.str(output.shape())
                + ", target " + Shapes.str(target.shape()));
    }

    private static boolean isColumnOrVector(int[] s) {
        return s.length == 1 || (s.length == 2 && s[1] == 1);
    }

    /** The class indices of a [N] or [N,1] target for [N,C] scores, checked to be integers in [0, C). */
    static int[] classes(String loss, Var output, Tensor target) {
        target.checkAccess(loss);
        int[] os = output.shape();
        if (os.length != 2 || target.numel() != os[0] || !isColumnOrVector(target.shape())) {
            throw new IllegalArgumentException("shape mismatch in " + loss + ": output " + Shapes.str(os)
                    + " and target " + Shapes.str(target.shape()) + " (expected output [N,C] and class indices [N])");
        }
        float[] t = target.toArray();
        int[] idx = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            idx[i] = (int) t[i];
            if (idx[i] != t[i] || idx[i] < 0 || idx[i] >= os[1]) {
                throw new IllegalArgumentException(loss + ": target[" + i + "] = " + t[i]
                        + " is not a class index in [0, " + os[1] + ")");
            }
        }
        return idx;
    }

    /** [N,C]: {@code on} at each row's class, {@code off} elsewhere. */
    static Tensor oneHot(int[] classes, int c, float on, float off) {
        float[] v = new float[classes.length * c];
        Arrays.fill(v, off);
        for (int i = 0; i < classes.length; i++) {
            v[i * c + classes[i]] = on;
        }
        return Tensor.of(v, classes.length, c);
    }

    /** Sum of all elements, scaled by 1/count for MEAN. */
    static Var reduce(Var perElement, Reduction reduction, long count) {
        Var total = F.sum(perElement);
        return reduction == Reduction.MEAN ? F.mul(total, 1f / count) : total;
    }
}
