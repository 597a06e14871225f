package dev.gatun.ops;

import static dev.gatun.ops.OpChecks.backend;
import static dev.gatun.ops.OpChecks.checkOut;

import dev.gatun.backend.Backend;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/** Ops that move values without arithmetic behind {@link Ops#concat}: transpose, concat, split and copy. */
final class LayoutOps {
    private LayoutOps() {}

    static Tensor transpose(Tensor x, int axis0, int axis1) {
        return x.transpose(axis0, axis1).copy();
    }

    static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        int rank = parts[0].rank();
        int a = Shapes.axis("concat", axis, rank);
        int[] shape = parts[0].shape();
        int total = 0;
        for (Tensor p : parts) {
            OpChecks.live("concat", p);
            int[] s = p.shape();
            boolean ok = s.length == rank;
            for (int i = 0; ok && i < rank; i++) {
                ok = i == a || s[i] == shape[i];
            }
            if (!ok) {
                throw new IllegalArgumentException("shape mismatch in concat along axis " + a + ": "
                        + Shapes.str(parts[0].shape()) + " and " + Shapes.str(s));
            }
            total += s[a];
        }
        shape[a] = total;
        Tensor out = Tensor.empty(shape);
        int at = 0;
        for (Tensor p : parts) {
            int len = p.dim(a);
            if (len > 0) {
                backend().copy(p, out.slice(a, at, at + len));
            }
            at += len;
        }
        return out;
    }

    static Tensor[] split(Tensor x, int axis, int... sizes) {
        x.checkAccess("split");
        int a = Shapes.axis("split", axis, x.rank());
        long sum = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            }
            sum += s;
        }
        if (sum != x.dim(a)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " do not add up to dim " + a
                    + " of shape " + Shapes.str(x.shape()));
        }
        Tensor[] out = new Tensor[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = x.slice(a, at, at + sizes[i]).copy();
            at += sizes[i];
        }
        return out;
    }

    static void copyInto(Tensor src, Tensor dst) {
        if (src == null) {
            throw new IllegalArgumentException("copy: source tensor is null");
        }
        OpChecks.live("copy", src);
        checkOut("copy", dst, src.shape());
        Outputs.writable("copy", "dst", dst);
        Backend backend = backend();
        if (Outputs.overlaps(dst, src)) {
            Outputs.staged(backend, dst, false, t -> backend.copy(src, t));
        } else {
            backend.copy(src, dst);
        }
    }
}
