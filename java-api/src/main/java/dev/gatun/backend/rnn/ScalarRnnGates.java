package dev.gatun.backend.rnn;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@link RnnGates} in plain loops, for JVMs without {@code jdk.incubator.vector}: the same
 * formulas, in float, in the same order as the Vector API version, so the two agree to rounding.
 */
public final class ScalarRnnGates implements RnnGates {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private static float ld(MemorySegment s, long i) {
        return s.getAtIndex(F32, i);
    }

    private static void st(float v, MemorySegment s, long i) {
        s.setAtIndex(F32, i, v);
    }

    private static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }

    private static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    /** {@code W x + b_ih + W h + b_hh} of gate block q at j. */
    private static float pre(MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                             MemorySegment bih, MemorySegment bhh, int q, int hidden, int j) {
        int o = q * hidden + j;
        return ld(gx, gxAt + o) + ld(bih, o) + ld(gh, ghAt + o) + ld(bhh, o);
    }

    @Override
    public void rnnForward(boolean relu, MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                           MemorySegment bih, MemorySegment bhh, MemorySegment gates, long gAt,
                           MemorySegment out, long outAt, int hidden) {
        for (int j = 0; j < hidden; j++) {
            float a = pre(gx, gxAt, gh, ghAt, bih, bhh, 0, hidden, j);
            float h = relu ? Math.max(a, 0f) : tanh(a); // Math.max keeps NaN, as the vector max does
            st(h, gates, gAt + j);
            st(h, out, outAt + j);
        }
    }

    @Override
    public void lstmForward(MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                            MemorySegment bih, MemorySegment bhh, MemorySegment cPrev, long cPrevAt,
                            MemorySegment gates, long gAt, MemorySegment cells, long cAt,
                            MemorySegment out, long outAt, int hidden) {
        for (int j = 0; j < hidden; j++) {
            float i = sigmoid(pre(gx, gxAt, gh, ghAt, bih, bhh, 0, hidden, j));
            float f = sigmoid(pre(gx, gxAt, gh, ghAt, bih, bhh, 1, hidden, j));
            float g = tanh(pre(gx, gxAt, gh, ghAt, bih, bhh, 2, hidden, j));
            float o = sigmoid(pre(gx, gxAt, gh, ghAt, bih, bhh, 3, hidden, j));
            float c = f * ld(cPrev, cPrevAt + j) + i * g;
            st(i, gates, gAt + j);
            st(f, gates, gAt + hidden + j);
            st(g, gates, gAt + 2L * hidden + j);
            st(o, gates, gAt + 3L * hidden + j);
            st(c, cells, cAt + j);
            st(o * tanh(c), out, outAt + j);
        }
    }

    @Override
    public void gruForward(MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                           MemorySegment bih, MemorySegment bhh, MemorySegment hPrev, long hPrevAt,
                           MemorySegment gates, long gAt, MemorySegment out, long outAt, int hidden) {
        for (int j = 0; j < hidden; j++) {
            float r = sigmoid(pre(gx, gxAt, gh, ghAt, bih, bhh, 0, hidden, j));
            float z = sigmoid(pre(gx, gxAt, gh, ghAt, bih, bhh, 1, hidden, j));
            int nAt = 2 * hidden + j;
            float hn = ld(gh, ghAt + nAt) + ld(bhh, nAt);
            float n = tanh(ld(gx, gxAt + nAt) + ld(bih, nAt) + r * hn);
            float hp = ld(hPrev, hPrevAt + j);
            st(r, gates, gAt + j);
            st(z, gates, gAt + hidden + j);
            st(n, gates, gAt + 2L * hidden + j);
            st(hn, gates, gAt + 3L * hidden + j);
            st(z * (hp - n) + n, out, outAt + j); // (1 - z) n + z hPrev
        }
    }

    @Override
    public void rnnBackward(boolean relu, MemorySegment dh, long dhAt, MemorySegment dOut, long dOutAt,
                            MemorySegment gates, long gAt, MemorySegment daX, long daAt, int hidden) {
        for (int j = 0; j < hidden; j++) {
            float dhTot = ld(dh, dhAt + j) + ld(dOut, dOutAt + j);
            float h = ld(gates, gAt + j);
            float da = relu ? (h <= 0f ? 0f : dhTot) : dhTot * (1f - h * h); // relu' = [h > 0]; tanh' = 1 - h^2
            st(da, daX, daAt + j);
        }
    }

    @Override
    public void lstmBackward(MemorySegment dh, long dhAt, MemorySegment dOut, long dOutAt,
                             MemorySegment dc, long dcAt, MemorySegment cPrev, long cPrevAt,
                             MemorySegment gates, long gAt, MemorySegment cells, long cAt,
                             MemorySegment daX, long daAt, int hidden) {
        for (int j = 0; j < hidden; j++) {
            float dhTot = ld(dh, dhAt + j) + ld(dOut, dOutAt + j);
            float i = ld(gates, gAt + j), f = ld(gates, gAt + hidden + j);
            float g = ld(gates, gAt + 2L * hidden + j), o = ld(gates, gAt + 3L * hidden + j);
            float tc = tanh(ld(cells, cAt + j));
            // h = o tanh(c): dc += dh o (1 - tanh(c)^2); c = f cPrev + i g
            float dcTot = ld(dc, dcAt + j) + dhTot * o * (1f - tc * tc);
            st(dcTot * f, dc, dcAt + j);
            float di = dcTot * g, dg = dcTot * i, df = dcTot * ld(cPrev, cPrevAt + j), dO = dhTot * tc;
            st(di * i * (1f - i), daX, daAt + j);                 // sigmoid' = s (1 - s)
            st(df * f * (1f - f), daX, daAt + hidden + j);
            st(dg * (1f - g * g), daX, daAt + 2L * hidden + j);   // tanh' = 1 - t^2
            st(dO * o * (1f - o), daX, daAt + 3L * hidden + j);
        }
    }

    @Override
    public void gruBackward(MemorySegment dh, long dhAt, MemorySegment dOut, long dOutAt,
                            MemorySegment hPrev, long hPrevAt, MemorySegment gates, long gAt,
                            MemorySegment daX, long daXAt, MemorySegment daH, long daHAt,
                            MemorySegment dhPrev, long dhPrevAt, int hidden) {
        for (int j = 0; j < hidden; j++) {
            float dhTot = ld(dh, dhAt + j) + ld(dOut, dOutAt + j);
            float r = ld(gates, gAt + j), z = ld(gates, gAt + hidden + j);
            float n = ld(gates, gAt + 2L * hidden + j), hn = ld(gates, gAt + 3L * hidden + j);
            float hp = ld(hPrev, hPrevAt + j);
            // h = (1 - z) n + z hPrev; n = tanh(xn + r hn)
            float dan = dhTot * (1f - z) * (1f - n * n);
            float dar = dan * hn * r * (1f - r);
            float daz = dhTot * (hp - n) * z * (1f - z);
            st(dar, daX, daXAt + j);
            st(daz, daX, daXAt + hidden + j);
            st(dan, daX, daXAt + 2L * hidden + j);
            st(dar, daH, daHAt + j);
            st(daz, daH, daHAt + hidden + j);
            st(dan * r, daH, daHAt + 2L * hidden + j);
            st(dhTot * z, dhPrev, dhPrevAt + j);
        }
    }

    @Override
    public void columnSums(MemorySegment src, long at, int rows, int cols, MemorySegment dst) {
        for (int r = 0; r < rows; r++) {
            long row = at + (long) r * cols;
            for (int j = 0; j < cols; j++) {
                float v = ld(src, row + j);
                st(r == 0 ? v : v + ld(dst, j), dst, j);
            }
        }
    }
}
