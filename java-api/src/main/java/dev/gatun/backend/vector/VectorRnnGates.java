package dev.gatun.backend.vector;

import static dev.gatun.backend.vector.Lanes.N;
import static dev.gatun.backend.vector.Lanes.S;

import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.rnn.RnnGates;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The fused elementwise part of one recurrent step for one batch row, forward and backward, on
 * the Vector API: all gates of a cell in one pass over H (the gemms are the caller's). Inputs
 * are the two gemm results of the step, {@code gx = W_ih x} and {@code gh = W_hh h}, without
 * biases: the kernels add {@code b_ih} and {@code b_hh} themselves, because the GRU's n gate
 * needs {@code W_hn h + b_hn} apart. The gate values they store, and read back in the backward,
 * are laid out as {@link dev.gatun.backend.scalar.RnnWorkspace} says. A masked last vector covers
 * H that is not a multiple of the vector length.
 */
public final class VectorRnnGates implements RnnGates {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Public for {@link RnnGates#best()}, which loads this class by name when the incubator module is there. */
    public VectorRnnGates() {}

    /** Null for a whole vector, else the lanes of [j, h) (the tail). */
    private static VectorMask<Float> tail(int j, int h) {
        return j + N <= h ? null : S.indexInRange(j, h);
    }

    private static FloatVector ld(MemorySegment s, long i, VectorMask<Float> m) {
        return m == null ? Lanes.load(s, i) : FloatVector.fromMemorySegment(S, s, i * Float.BYTES, ORDER, m);
    }

    private static void st(FloatVector v, MemorySegment s, long i, VectorMask<Float> m) {
        if (m == null) {
            Lanes.store(v, s, i);
        } else {
            v.intoMemorySegment(s, i * Float.BYTES, ORDER, m);
        }
    }

    private static FloatVector sigmoid(FloatVector x) {
        return VectorEltwise.sigmoid(x);
    }

    private static FloatVector tanh(FloatVector x) {
        return x.lanewise(VectorOperators.TANH);
    }

    /** {@code W x + b_ih + W h + b_hh} of gate block q at lanes j. */
    private static FloatVector pre(MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                                   MemorySegment bih, MemorySegment bhh, int q, int hidden, int j, VectorMask<Float> m) {
        int o = q * hidden + j;
        return ld(gx, gxAt + o, m).add(ld(bih, o, m)).add(ld(gh, ghAt + o, m)).add(ld(bhh, o, m));
    }

    // ---- forward ---------------------------------------------------------------------------

    /** h = tanh or relu(a); stores h as the gate value and at {@code out}. */
    @Override
    public void rnnForward(boolean relu, MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                           MemorySegment bih, MemorySegment bhh, MemorySegment gates, long gAt,
                           MemorySegment out, long outAt, int hidden) {
        for (int j = 0; j < hidden; j += N) {
            VectorMask<Float> m = tail(j, hidden);
            FloatVector a = pre(gx, gxAt, gh, ghAt, bih, bhh, 0, hidden, j, m);
            FloatVector h = relu ? a.max(0f) : tanh(a);
            st(h, gates, gAt + j, m);
            st(h, out, outAt + j, m);
        }
    }

    /**
     * i, f, g, o; c = f * cPrev + i * g; h = o * tanh(c). In passes over H through memory (each
     * gate, then the cell): one loop doing it all grew past C2's node budget for a compilation
     * (NodeCountInliningCutoff), its loads and math stopped inlining and every vector became an
     * object, 245 KB of garbage per batch-1 LSTM call. The gate rows are in L1 between passes.
     */
    @Override
    public void lstmForward(MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                            MemorySegment bih, MemorySegment bhh, MemorySegment cPrev, long cPrevAt,
                            MemorySegment gates, long gAt, MemorySegment cells, long cAt,
                            MemorySegment out, long outAt, int hidden) {
        sigmoidGate(gx, gxAt, gh, ghAt, bih, bhh, 0, hidden, gates, gAt);
        sigmoidGate(gx, gxAt, gh, ghAt, bih, bhh, 1, hidden, gates, gAt);
        tanhGate(gx, gxAt, gh, ghAt, bih, bhh, 2, hidden, gates, gAt);
        sigmoidGate(gx, gxAt, gh, ghAt, bih, bhh, 3, hidden, gates, gAt);
        for (int j = 0; j < hidden; j += N) {
            VectorMask<Float> m = tail(j, hidden);
            FloatVector i = ld(gates, gAt + j, m), f = ld(gates, gAt + hidden + j, m);
            FloatVector g = ld(gates, gAt + 2L * hidden + j, m), o = ld(gates, gAt + 3L * hidden + j, m);
            FloatVector c = f.mul(ld(cPrev, cPrevAt + j, m)).add(i.mul(g));
            st(c, cells, cAt + j, m);
            st(o.mul(tanh(c)), out, outAt + j, m);
        }
    }

    /** Gate block q's value, sigmoid(pre), into gate row q. */
    private static void sigmoidGate(MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                                    MemorySegment bih, MemorySegment bhh, int q, int hidden,
                                    MemorySegment gates, long gAt) {
        long row = gAt + (long) q * hidden;
        for (int j = 0; j < hidden; j += N) {
            VectorMask<Float> m = tail(j, hidden);
            st(sigmoid(pre(gx, gxAt, gh, ghAt, bih, bhh, q, hidden, j, m)), gates, row + j, m);
        }
    }

    /** Gate block q's value, tanh(pre), into gate row q. */
    private static void tanhGate(MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                                 MemorySegment bih, MemorySegment bhh, int q, int hidden,
                                 MemorySegment gates, long gAt) {
        long row = gAt + (long) q * hidden;
        for (int j = 0; j < hidden; j += N) {
            VectorMask<Float> m = tail(j, hidden);
            st(tanh(pre(gx, gxAt, gh, ghAt, bih, bhh, q, hidden, j, m)), gates, row + j, m);
        }
    }

    /**
     * r, z; hn = W_hn h + b_hn; n = tanh(W_in x + b_in + r * hn); h = (1 - z) n + z hPrev. In
     * passes, as {@link #lstmForward} says why.
     */
    @Override
    public void gruForward(MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                           MemorySegment bih, MemorySegment bhh, MemorySegment hPrev, long hPrevAt,
                           MemorySegment gates, long gAt, MemorySegment out, long outAt, int hidden) {
        sigmoidGate(gx, gxAt, gh, ghAt, bih, bhh, 0, hidden, gates, gAt);
        sigmoidGate(gx, gxAt, gh, ghAt, bih, bhh, 1, hidden, gates, gAt);
        for (int j = 0; j < hidden; j += N) {
            VectorMask<Float> m = tail(j, hidden);
            FloatVector r = ld(gates, gAt + j, m), z = ld(gates, gAt + hidden + j, m);
            int nAt = 2 * hidden + j;
            FloatVector hn = ld(gh, ghAt + nAt, m).add(ld(bhh, nAt, m));
            FloatVector n = tanh(ld(gx, gxAt + nAt, m).add(ld(bih, nAt, m)).add(r.mul(hn)));
            FloatVector hp = ld(hPrev, hPrevAt + j, m);
            st(n, gates, gAt + 2L * hidden + j, m);
            st(hn, gates, gAt + 3L * hidden + j, m);
            st(z.mul(hp.sub(n)).add(n), out, outAt + j, m); // (1 - z) n + z hPrev
        }
    }

    // ---- backward --------------------------------------------------------------------------
    // dhTot = dh (from the step after) + dOut (from the layer's output at this step);
    // da (pre-activation gradients) go to daX (input side) and, where they differ (GRU), daH.

    @Override
    public void rnnBackward(boolean relu, MemorySegment dh, long dhAt, MemorySegment dOut, long dOutAt,
                            MemorySegment gates, long gAt, MemorySegment daX, long daAt, int hidden) {
        for (int j = 0; j < hidden; j += N) {
            VectorMask<Float> m = tail(j, hidden);
            FloatVector dhTot = ld(dh, dhAt + j, m).add(ld(dOut, dOutAt + j, m));
            FloatVector h = ld(gates, gAt + j, m);
            // tanh' = 1 - h^2; relu' = [h > 0]
            FloatVector da = relu ? dhTot.blend(0f, h.compare(VectorOperators.LE, 0f))
                    : dhTot.mul(h.mul(h).neg().add(1f));
            st(da, daX, daAt + j, m);
        }
    }

    /** Also carries dc: reads dL/dc_t from {@code dc}, writes dL/dc_{t-1} back. */
    @Override
    public void lstmBackward(MemorySegment dh, long dhAt, MemorySegment dOut, long dOutAt,
                             MemorySegment dc, long dcAt, MemorySegment cPrev, long cPrevAt,
                             MemorySegment gates, long gAt, MemorySegment cells, long cAt,
                             MemorySegment daX, long daAt, int hidden) {
        for (int j = 0; j < hidden; j += N) {
            VectorMask<Float> m = tail(j, hidden);
            FloatVector dhTot = ld(dh, dhAt + j, m).add(ld(dOut, dOutAt + j, m));
            FloatVector i = ld(gates, gAt + j, m), f = ld(gates, gAt + hidden + j, m);
            FloatVector g = ld(gates, gAt + 2L * hidden + j, m), o = ld(gates, gAt + 3L * hidden + j, m);
            FloatVector tc = tanh(ld(cells, cAt + j, m));
            // h = o tanh(c): dc += dh o (1 - tanh(c)^2); c = f cPrev + i g
            FloatVector dcTot = ld(dc, dcAt + j, m).add(dhTot.mul(o).mul(tc.mul(tc).neg().add(1f)));
            st(dcTot.mul(f), dc, dcAt + j, m);
            FloatVector di = dcTot.mul(g), dg = dcTot.mul(i);
            FloatVector df = dcTot.mul(ld(cPrev, cPrevAt + j, m)), dO = dhTot.mul(tc);
            st(di.mul(i).mul(i.neg().add(1f)), daX, daAt + j, m);                 // sigmoid' = s (1 - s)
            st(df.mul(f).mul(f.neg().add(1f)), daX, daAt + hidden + j, m);
            st(dg.mul(g.mul(g).neg().add(1f)), daX, daAt + 2L * hidden + j, m);   // tanh' = 1 - t^2
            st(dO.mul(o).mul(o.neg().add(1f)), daX, daAt + 3L * hidden + j, m);
        }
    }

    /**
     * daX = [dr, dz, dn] and daH = [dr, dz, dn * r] (the hidden projection enters n scaled by r);
     * writes the direct part of dL/dh_{t-1}, z * dhTot, to {@code dhPrev}.
     */
    @Override
    public void gruBackward(MemorySegment dh, long dhAt, MemorySegment dOut, long dOutAt,
                            MemorySegment hPrev, long hPrevAt, MemorySegment gates, long gAt,
                            MemorySegment daX, long daXAt, MemorySegment daH, long daHAt,
                            MemorySegment dhPrev, long dhPrevAt,
                            int hidden) {
        for (int j = 0; j < hidden; j += N) {
            VectorMask<Float> m = tail(j, hidden);
            FloatVector dhTot = ld(dh, dhAt + j, m).add(ld(dOut, dOutAt + j, m));
            FloatVector r = ld(gates, gAt + j, m), z = ld(gates, gAt + hidden + j, m);
            FloatVector n = ld(gates, gAt + 2L * hidden + j, m), hn = ld(gates, gAt + 3L * hidden + j, m);
            FloatVector hp = ld(hPrev, hPrevAt + j, m);
            // h = (1 - z) n + z hPrev; n = tanh(xn + r hn)
            FloatVector dan = dhTot.mul(z.neg().add(1f)).mul(n.mul(n).neg().add(1f));
            FloatVector dar = dan.mul(hn).mul(r).mul(r.neg().add(1f));
            FloatVector daz = dhTot.mul(hp.sub(n)).mul(z).mul(z.neg().add(1f));
            st(dar, daX, daXAt + j, m);
            st(daz, daX, daXAt + hidden + j, m);
            st(dan, daX, daXAt + 2L * hidden + j, m);
            st(dar, daH, daHAt + j, m);
            st(daz, daH, daHAt + hidden + j, m);
            st(dan.mul(r), daH, daHAt + 2L * hidden + j, m);
            st(dhTot.mul(z), dhPrev, dhPrevAt + j, m);
        }
    }

    /**
     * dst[c] = sum over rows of src[at + r * cols + c]: a bias gradient. Row by row into dst, so
     * the matrix is read once, in order (a column-by-column walk rereads it cols / N times).
     */
    @Override
    public void columnSums(MemorySegment src, long at, int rows, int cols, MemorySegment dst) {
        for (int r = 0; r < rows; r++) {
            long row = at + (long) r * cols;
            for (int j = 0; j < cols; j += N) {
                VectorMask<Float> m = tail(j, cols);
                FloatVector v = ld(src, row + j, m);
                st(r == 0 ? v : v.add(ld(dst, j, m)), dst, j, m);
            }
        }
    }
}
