package dev.gatun.backend.rnn;

import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.backend.scalar.RnnWorkspace;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The recurrent stack of the java and openblas backends, which differ only in their gemm.
 * Per layer and direction, the forward does one large gemm for the input projection of every
 * time step ({@code [seq*batch, in] x W_ih^T}), then per step a gemm {@code [batch, H] x W_hh^T}
 * and one fused pass over the gates ({@link RnnGates}: Vector API or scalar loops). The backward walks the steps in
 * reverse with one gemm per step for the recurrent gradient, and leaves everything else to large
 * gemms over all steps at once: the input gradient, {@code dW_ih} and {@code dW_hh}. Weights are
 * used in PyTorch's layout as they are (the gemms transpose), so nothing is converted.
 *
 * <p>The workspace is laid out as {@link RnnWorkspace} says (as the scalar oracle's); an
 * inference uses per-thread scratch memory for it, so it allocates nothing once warm.
 *
 * <p>Shared by the java and openblas backends (issue 17: no backend reaches into another's
 * internals); nothing here needs {@code jdk.incubator.vector}.
 */
public final class RnnDriver {
    private final RnnGemm gemm;
    private final RnnGates gates;
    private final int transposeFromBatch;

    /**
     * On {@code gemm}, with the best gates this JVM can run ({@link RnnGates#best()}). From a
     * batch of {@code transposeFromBatch} rows on, the forward lays W_hh out transposed once per
     * call, so that every step's gemm reads it as stored; below, the gemm reads W_hh transposed.
     * The java gemm packs a transposed B slowly: 1 (always). OpenBLAS: for batch-1 serving the
     * transpose took longer than all the steps' gemms (LSTM 335 against 133 us per call), while
     * a training batch's steps ran slower on the transposed operand (GRU step 9-15 against
     * 17-18 ms).
     */
    public RnnDriver(RnnGemm gemm, int transposeFromBatch) {
        this(gemm, RnnGates.best(), transposeFromBatch);
    }

    public RnnDriver(RnnGemm gemm, RnnGates gates, int transposeFromBatch) {
        this.gemm = gemm;
        this.gates = gates;
        this.transposeFromBatch = transposeFromBatch;
    }

    public long workspaceSize(RnnParams p) {
        return new RnnWorkspace(p).size();
    }

    public void forward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                        Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        RnnWorkspace lay = new RnnWorkspace(p);
        int T = p.seq(), N = p.batch(), H = p.hidden(), D = p.directions(), GH = p.gates() * H, S = lay.slots();
        long gxSize = (long) T * N * GH;
        long wsSize = workspace == null ? lay.size() : 0;
        // scratch: gx [T*N, G*H], gh [N, G*H], W_hh^T [H, G*H], then (inference) the workspace
        MemorySegment scratch = RnnScratch.get(gxSize + (long) N * GH + (long) H * GH + wsSize);
        MemorySegment gx = scratch, gh = scratch, whhT = scratch;
        long ghAt = gxSize, whhTAt = gxSize + (long) N * GH;
        MemorySegment ws = workspace != null ? workspace.segment() : scratch;
        long wsAt = workspace != null ? 0 : whhTAt + (long) H * GH; // float offset of the workspace in ws
        RnnKind kind = p.kind();
        for (int l = 0; l < p.layers(); l++) {
            int I = p.layerInput(l);
            MemorySegment in = l == 0 ? src.segment() : ws;
            long inAt = l == 0 ? 0 : wsAt + lay.output(l - 1);
            boolean last = l == p.layers() - 1;
            MemorySegment out = last ? dst.segment() : ws;
            long outAt = last ? 0 : wsAt + lay.output(l);
            for (int d = 0; d < D; d++) {
                int e = l * D + d;
                MemorySegment wih = w.weightIh(e).segment(), whh = w.weightHh(e).segment();
                MemorySegment bih = w.biasIh(e).segment(), bhh = w.biasHh(e).segment();
                long gatesAt = wsAt + lay.gates(e), cellsAt = wsAt + lay.cells(e);
                // gx[T*N, G*H] = in[T*N, I] x W_ih^T, every step at once
                gemm.sgemm(false, true, T * N, GH, I, 1f, in, inAt, I, wih, 0, I, 0f, gx, 0, GH);
                // W_hh^T once, so the seq gemms below read it as stored (see the constructor)
                boolean transposed = N >= transposeFromBatch;
                if (transposed) {
                    transpose(whh, GH, H, whhT, whhTAt);
                }
                for (int s = 0; s < T; s++) {
                    int t = d == 0 ? s : T - 1 - s;
                    int tPrev = d == 0 ? t - 1 : t + 1;
                    // h_{t-1}: h0[e] at the first step, else this direction's slice of the output rows
                    MemorySegment hPrev = s == 0 ? h0.segment() : out;
                    long hPrevAt = s == 0 ? (long) e * N * H : outAt + (long) tPrev * N * D * H + (long) d * H;
                    int ldh = s == 0 ? H : D * H;
                    if (transposed) {
                        gemm.sgemm(false, false, N, GH, H, 1f, hPrev, hPrevAt, ldh, whhT, whhTAt, GH, 0f, gh, ghAt, GH);
                    } else {
                        gemm.sgemm(false, true, N, GH, H, 1f, hPrev, hPrevAt, ldh, whh, 0, H, 0f, gh, ghAt, GH);
                    }
                    for (int b = 0; b < N; b++) {
                        long row = (long) t * N + b;
                        long gxRow = row * GH, ghRow = ghAt + (long) b * GH, gAt = gatesAt + row * S * H;
                        long hAt = outAt + row * D * H + (long) d * H, hpAt = hPrevAt + (long) b * ldh;
                        switch (kind) {
                            case RNN_TANH, RNN_RELU -> gates.rnnForward(kind == RnnKind.RNN_RELU,
                                    gx, gxRow, gh, ghRow, bih, bhh, ws, gAt, out, hAt, H);
                            case LSTM -> {
                                MemorySegment cPrev = s == 0 ? c0.segment() : ws;
                                long cPrevAt = s == 0 ? ((long) e * N + b) * H : cellsAt + ((long) tPrev * N + b) * H;
                                gates.lstmForward(gx, gxRow, gh, ghRow, bih, bhh, cPrev, cPrevAt,
                                        ws, gAt, ws, cellsAt + row * H, out, hAt, H);
                            }
                            case GRU -> gates.gruForward(gx, gxRow, gh, ghRow, bih, bhh, hPrev, hpAt,
                                    ws, gAt, out, hAt, H);
                        }
                    }
                }
                // final states: what the last visited step wrote
                int tLast = d == 0 ? T - 1 : 0;
                for (int b = 0; b < N; b++) {
                    long row = (long) tLast * N + b;
                    MemorySegment.copy(out, (outAt + row * D * H + (long) d * H) * Float.BYTES,
                            hN.segment(), ((long) e * N + b) * H * Float.BYTES, (long) H * Float.BYTES);
                    if (kind.hasCellState()) {
                        MemorySegment.copy(ws, (cellsAt + row * H) * Float.BYTES,
                                cN.segment(), ((long) e * N + b) * H * Float.BYTES, (long) H * Float.BYTES);
                    }
                }
            }
        }
    }

    public void backward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w, Tensor dst, Tensor workspace,
                         Tensor diffDst, Tensor diffHN, Tensor diffCN,
                         Tensor diffSrc, Tensor diffH0, Tensor diffC0, RnnWeights diffW) {
        RnnWorkspace lay = new RnnWorkspace(p);
        int T = p.seq(), N = p.batch(), H = p.hidden(), D = p.directions(), GH = p.gates() * H, S = lay.slots();
        RnnKind kind = p.kind();
        boolean gru = kind == RnnKind.GRU;
        long daSize = (long) T * N * GH, nh = (long) N * H, layerSize = (long) T * N * D * H;
        // scratch: daX, daH (GRU only; else daX), dh, dhPrev, dc, and two layer-gradient buffers
        MemorySegment sc = RnnScratch.get(daSize * (gru ? 2 : 1) + 3 * nh + (p.layers() > 1 ? 2 * layerSize : 0));
        long daXAt = 0, daHAt = gru ? daSize : 0;
        long dhAt0 = daSize * (gru ? 2 : 1), dhPrevAt0 = dhAt0 + nh, dcAt = dhPrevAt0 + nh;
        long[] layerGrad = {dcAt + nh, dcAt + nh + layerSize};
        MemorySegment ws = workspace.segment();
        MemorySegment dOut = diffDst.segment();
        long dOutAt = 0;
        for (int l = p.layers() - 1; l >= 0; l--) {
            int I = p.layerInput(l);
            MemorySegment in = l == 0 ? src.segment() : ws;
            long inAt = l == 0 ? 0 : lay.output(l - 1);
            boolean last = l == p.layers() - 1;
            MemorySegment out = last ? dst.segment() : ws;
            long outAt = last ? 0 : lay.output(l);
            MemorySegment dIn = l == 0 ? diffSrc.segment() : sc;
            long dInAt = l == 0 ? 0 : layerGrad[l % 2];
            for (int d = 0; d < D; d++) {
                int e = l * D + d;
                MemorySegment wih = w.weightIh(e).segment(), whh = w.weightHh(e).segment();
                long gatesAt = lay.gates(e), cellsAt = lay.cells(e);
                long dhAt = dhAt0, dhPrevAt = dhPrevAt0;
                MemorySegment.copy(diffHN.segment(), (long) e * nh * Float.BYTES, sc, dhAt * Float.BYTES, nh * Float.BYTES);
                if (kind.hasCellState()) {
                    MemorySegment.copy(diffCN.segment(), (long) e * nh * Float.BYTES, sc, dcAt * Float.BYTES, nh * Float.BYTES);
                }
                for (int s = T - 1; s >= 0; s--) {
                    int t = d == 0 ? s : T - 1 - s;
                    int tPrev = d == 0 ? t - 1 : t + 1;
                    MemorySegment hPrev = s == 0 ? h0.segment() : out;
                    long hPrevAt = s == 0 ? (long) e * nh : outAt + (long) tPrev * N * D * H + (long) d * H;
                    int ldh = s == 0 ? H : D * H;
                    for (int b = 0; b < N; b++) {
                        long row = (long) t * N + b;
                        long gAt = gatesAt + row * S * H, daAt = row * GH;
                        long bdh = dhAt + (long) b * H, bOut = dOutAt + row * D * H + (long) d * H;
                        switch (kind) {
                            case RNN_TANH, RNN_RELU -> gates.rnnBackward(kind == RnnKind.RNN_RELU,
                                    sc, bdh, dOut, bOut, ws, gAt, sc, daXAt + daAt, H);
                            case LSTM -> {
                                MemorySegment cPrev = s == 0 ? c0.segment() : ws;
                                long cPrevAt = s == 0 ? (long) e * nh + (long) b * H : cellsAt + ((long) tPrev * N + b) * H;
                                gates.lstmBackward(sc, bdh, dOut, bOut, sc, dcAt + (long) b * H, cPrev, cPrevAt,
                                        ws, gAt, ws, cellsAt + row * H, sc, daXAt + daAt, H);
                            }
                            case GRU -> gates.gruBackward(sc, bdh, dOut, bOut, hPrev, hPrevAt + (long) b * ldh,
                                    ws, gAt, sc, daXAt + daAt, sc, daHAt + daAt, sc, dhPrevAt + (long) b * H, H);
                        }
                    }
                    // dh_{t-1} = (GRU: z dhTot, already there) + daH_t [N, G*H] x W_hh [G*H, H]
                    gemm.sgemm(false, false, N, H, GH, 1f, sc, daHAt + (long) t * N * GH, GH, whh, 0, H,
                            gru ? 1f : 0f, sc, dhPrevAt, H);
                    long swap = dhAt;
                    dhAt = dhPrevAt;
                    dhPrevAt = swap;
                }
                MemorySegment.copy(sc, dhAt * Float.BYTES, diffH0.segment(), (long) e * nh * Float.BYTES, nh * Float.BYTES);
                if (kind.hasCellState()) {
                    MemorySegment.copy(sc, dcAt * Float.BYTES, diffC0.segment(), (long) e * nh * Float.BYTES, nh * Float.BYTES);
                }
                // dIn [T*N, I] (+)= daX [T*N, G*H] x W_ih [G*H, I]; the second direction adds to the first
                gemm.sgemm(false, false, T * N, I, GH, 1f, sc, daXAt, GH, wih, 0, I, d == 0 ? 0f : 1f, dIn, dInAt, I);
                // dW_ih [G*H, I] = daX^T [G*H, T*N] x in [T*N, I]
                gemm.sgemm(true, false, GH, I, T * N, 1f, sc, daXAt, GH, in, inAt, I, 0f,
                        diffW.weightIh(e).segment(), 0, I);
                // dW_hh [G*H, H] = sum_t daH_t^T h_{t-1}: the first visited step against h0[e], the
                // rest as one gemm, since h_{t-1} of those steps are output rows one step over
                int t0 = d == 0 ? 0 : T - 1;
                MemorySegment dwhh = diffW.weightHh(e).segment();
                gemm.sgemm(true, false, GH, H, N, 1f, sc, daHAt + (long) t0 * N * GH, GH,
                        h0.segment(), (long) e * nh, H, 0f, dwhh, 0, H);
                if (T > 1) {
                    long daFrom = d == 0 ? (long) N * GH : 0;              // steps 1..T-1, or 0..T-2
                    long hFrom = outAt + (d == 0 ? 0 : (long) N * D * H) + (long) d * H; // their h_{t-1}
                    gemm.sgemm(true, false, GH, H, (T - 1) * N, 1f, sc, daHAt + daFrom, GH, out, hFrom, D * H,
                            1f, dwhh, 0, H);
                }
                gates.columnSums(sc, daXAt, T * N, GH, diffW.biasIh(e).segment());
                gates.columnSums(sc, daHAt, T * N, GH, diffW.biasHh(e).segment());
            }
            dOut = dIn;
            dOutAt = dInAt;
        }
    }

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** to[at + c * rows + r] = from[r * cols + c]: from [rows, cols] into [cols, rows], in cache-sized tiles. */
    private static void transpose(MemorySegment from, int rows, int cols, MemorySegment to, long at) {
        final int tile = 32;
        for (int r0 = 0; r0 < rows; r0 += tile) {
            for (int c0 = 0; c0 < cols; c0 += tile) {
                for (int r = r0, rEnd = Math.min(rows, r0 + tile); r < rEnd; r++) {
                    for (int c = c0, cEnd = Math.min(cols, c0 + tile); c < cEnd; c++) {
                        to.setAtIndex(F32, at + (long) c * rows + r, from.getAtIndex(F32, (long) r * cols + c));
                    }
                }
            }
        }
    }
}
