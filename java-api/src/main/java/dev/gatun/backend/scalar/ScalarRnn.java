package dev.gatun.backend.scalar;

import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The oracle's recurrent stack: PyTorch's RNN, LSTM and GRU as plain loops (llm.c style), every
 * dot product and gate evaluated in double. Shapes as in {@link RnnParams}; the workspace as in
 * {@link RnnWorkspace}. Inference without a workspace uses a heap one (the oracle is no hot path).
 */
final class ScalarRnn {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private ScalarRnn() {}

    private static float at(MemorySegment s, long i) {
        return s.getAtIndex(F32, i);
    }

    private static void put(MemorySegment s, long i, float v) {
        s.setAtIndex(F32, i, v);
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    static MemorySegment workspaceOrHeap(RnnParams p, Tensor workspace) {
        return workspace != null ? workspace.segment()
                : MemorySegment.ofArray(new float[Math.toIntExact(new RnnWorkspace(p).size())]);
    }

    static void forward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                        Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        RnnWorkspace lay = new RnnWorkspace(p);
        MemorySegment ws = workspaceOrHeap(p, workspace);
        int T = p.seq(), N = p.batch(), H = p.hidden(), D = p.directions(), G = p.gates(), S = lay.slots();
        RnnKind kind = p.kind();
        double[] ax = new double[G * H], ah = new double[G * H]; // gate pre-activations: input and hidden parts
        for (int l = 0; l < p.layers(); l++) {
            int I = p.layerInput(l);
            MemorySegment in = l == 0 ? src.segment() : ws.asSlice(lay.output(l - 1) * 4);    // [T, N, I]
            MemorySegment out = l == p.layers() - 1 ? dst.segment() : ws.asSlice(lay.output(l) * 4); // [T, N, D*H]
            for (int d = 0; d < D; d++) {
                int e = l * D + d;
                MemorySegment Wih = w.weightIh(e).segment(), Whh = w.weightHh(e).segment(); // [G*H, I], [G*H, H]
                MemorySegment bih = w.biasIh(e).segment(), bhh = w.biasHh(e).segment();     // [G*H]
                MemorySegment gates = ws.asSlice(lay.gates(e) * 4), cells = ws.asSlice(lay.cells(e) * 4);
                for (int s = 0; s < T; s++) {
                    int t = d == 0 ? s : T - 1 - s;      // the reverse direction walks time backwards
                    int tPrev = d == 0 ? t - 1 : t + 1;
                    for (int b = 0; b < N; b++) {
                        // hPrev[j] = h0[e, b, j] at the first step, else out[tPrev, b, d*H + j]
                        MemorySegment hSeg = s == 0 ? h0.segment() : out;
                        long hAt = s == 0 ? ((long) e * N + b) * H : ((long) tPrev * N + b) * D * H + (long) d * H;
                        for (int r = 0; r < G * H; r++) {
                            double accX = at(bih, r), accH = at(bhh, r);
                            for (int i = 0; i < I; i++) {
                                accX += (double) at(Wih, (long) r * I + i) * at(in, ((long) t * N + b) * I + i);
                            }
                            for (int j = 0; j < H; j++) {
                                accH += (double) at(Whh, (long) r * H + j) * at(hSeg, hAt + j);
                            }
                            ax[r] = accX;
                            ah[r] = accH;
                        }
                        long g = ((long) t * N + b) * S * H; // this step's gate slots
                        long cAt = ((long) t * N + b) * H;
                        for (int j = 0; j < H; j++) {
                            double hPrev = at(hSeg, hAt + j);
                            double h;
                            switch (kind) {
                                case RNN_TANH, RNN_RELU -> {
                                    double a = ax[j] + ah[j];
                                    h = kind == RnnKind.RNN_TANH ? Math.tanh(a) : Math.max(0.0, a);
                                    put(gates, g + j, (float) h);
                                }
                                case LSTM -> {
                                    double cPrev = s == 0 ? at(c0.segment(), hAt + j)
                                            : at(cells, ((long) tPrev * N + b) * H + j);
                                    double ig = sigmoid(ax[j] + ah[j]);
                                    double fg = sigmoid(ax[H + j] + ah[H + j]);
                                    double gg = Math.tanh(ax[2 * H + j] + ah[2 * H + j]);
                                    double og = sigmoid(ax[3 * H + j] + ah[3 * H + j]);
                                    double c = fg * cPrev + ig * gg;
                                    h = og * Math.tanh(c);
                                    put(gates, g + j, (float) ig);
                                    put(gates, g + H + j, (float) fg);
                                    put(gates, g + 2 * H + j, (float) gg);
                                    put(gates, g + 3 * H + j, (float) og);
                                    put(cells, cAt + j, (float) c);
                                }
                                case GRU -> {
                                    double rg = sigmoid(ax[j] + ah[j]);
                                    double zg = sigmoid(ax[H + j] + ah[H + j]);
                                    double hn = ah[2 * H + j];                 // W_hn h + b_hn
                                    double ng = Math.tanh(ax[2 * H + j] + rg * hn);
                                    h = (1 - zg) * ng + zg * hPrev;
                                    put(gates, g + j, (float) rg);
                                    put(gates, g + H + j, (float) zg);
                                    put(gates, g + 2 * H + j, (float) ng);
                                    put(gates, g + 3 * H + j, (float) hn);
                                }
                                default -> throw new AssertionError(kind);
                            }
                            put(out, ((long) t * N + b) * D * H + (long) d * H + j, (float) h);
                        }
                    }
                }
                // final states: h (and c) of the last step this direction visited
                int tLast = d == 0 ? T - 1 : 0;
                for (int b = 0; b < N; b++) {
                    for (int j = 0; j < H; j++) {
                        long stateAt = ((long) e * N + b) * H + j;
                        put(hN.segment(), stateAt, at(out, ((long) tLast * N + b) * D * H + (long) d * H + j));
                        if (kind.hasCellState()) {
                            put(cN.segment(), stateAt, at(cells, ((long) tLast * N + b) * H + j));
                        }
                    }
                }
            }
        }
    }

    static void backward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w, Tensor dst, Tensor workspace,
                         Tensor diffDst, Tensor diffHN, Tensor diffCN,
                         Tensor diffSrc, Tensor diffH0, Tensor diffC0, RnnWeights diffW) {
        RnnWorkspace lay = new RnnWorkspace(p);
        MemorySegment ws = workspace.segment();
        int T = p.seq(), N = p.batch(), H = p.hidden(), D = p.directions(), G = p.gates(), S = lay.slots();
        RnnKind kind = p.kind();
        boolean lstm = kind == RnnKind.LSTM, gru = kind == RnnKind.GRU;
        MemorySegment dOut = diffDst.segment(); // gradient of the current layer's output [T, N, D*H]
        for (int l = p.layers() - 1; l >= 0; l--) {
            int I = p.layerInput(l);
            MemorySegment in = l == 0 ? src.segment() : ws.asSlice(lay.output(l - 1) * 4);
            MemorySegment out = l == p.layers() - 1 ? dst.segment() : ws.asSlice(lay.output(l) * 4);
            double[] dIn = new double[T * N * I]; // both directions add into the layer input's gradient
            for (int d = 0; d < D; d++) {
                int e = l * D + d;
                MemorySegment Wih = w.weightIh(e).segment(), Whh = w.weightHh(e).segment();
                MemorySegment gates = ws.asSlice(lay.gates(e) * 4), cells = ws.asSlice(lay.cells(e) * 4);
                double[] dWih = new double[G * H * I], dWhh = new double[G * H * H];
                double[] dbih = new double[G * H], dbhh = new double[G * H];
                double[] dh = new double[N * H], dc = new double[N * H]; // from the step after (in visiting order)
                for (int i = 0; i < N * H; i++) {
                    dh[i] = at(diffHN.segment(), (long) e * N * H + i);
                    dc[i] = lstm ? at(diffCN.segment(), (long) e * N * H + i) : 0;
                }
                double[] daX = new double[G * H], daH = new double[G * H], dhNextScratch = new double[H];
                for (int s = T - 1; s >= 0; s--) {
                    int t = d == 0 ? s : T - 1 - s;
                    int tPrev = d == 0 ? t - 1 : t + 1;
                    for (int b = 0; b < N; b++) {
                        MemorySegment hSeg = s == 0 ? h0.segment() : out;
                        long hAt = s == 0 ? ((long) e * N + b) * H : ((long) tPrev * N + b) * D * H + (long) d * H;
                        long g = ((long) t * N + b) * S * H;
                        for (int j = 0; j < H; j++) {
                            // dhTot = dL/dh_t: from the output at t and from step t+1 through h_t
                            double dhTot = dh[b * H + j] + at(dOut, ((long) t * N + b) * D * H + (long) d * H + j);
                            double hPrev = at(hSeg, hAt + j);
                            switch (kind) {
                                case RNN_TANH, RNN_RELU -> {
                                    double h = at(gates, g + j);
                                    // h = tanh(a): dh/da = 1 - h^2;  h = relu(a): PyTorch's threshold_backward,
                                    // 0 where h <= 0 (even for a NaN gradient), else the gradient (also where h is NaN)
                                    double da = kind == RnnKind.RNN_TANH ? dhTot * (1 - h * h) : h <= 0 ? 0 : dhTot;
                                    daX[j] = da;
                                    daH[j] = da;
                                }
                                case LSTM -> {
                                    double ig = at(gates, g + j), fg = at(gates, g + H + j);
                                    double gg = at(gates, g + 2 * H + j), og = at(gates, g + 3 * H + j);
                                    double c = at(cells, ((long) t * N + b) * H + j);
                                    double cPrev = s == 0 ? at(c0.segment(), hAt + j)
                                            : at(cells, ((long) tPrev * N + b) * H + j);
                                    double tc = Math.tanh(c);
                                    // h = o * tanh(c); c = f * cPrev + i * g
                                    double dcTot = dc[b * H + j] + dhTot * og * (1 - tc * tc);
                                    double dO = dhTot * tc, dI = dcTot * gg, dG = dcTot * ig, dF = dcTot * cPrev;
                                    dc[b * H + j] = dcTot * fg; // dL/dcPrev
                                    daX[j] = dI * ig * (1 - ig);             // sigmoid' = s (1 - s)
                                    daX[H + j] = dF * fg * (1 - fg);
                                    daX[2 * H + j] = dG * (1 - gg * gg);     // tanh' = 1 - t^2
                                    daX[3 * H + j] = dO * og * (1 - og);
                                    for (int q = 0; q < 4; q++) {
                                        daH[q * H + j] = daX[q * H + j];
                                    }
                                }
                                case GRU -> {
                                    double rg = at(gates, g + j), zg = at(gates, g + H + j);
                                    double ng = at(gates, g + 2 * H + j), hn = at(gates, g + 3 * H + j);
                                    // h = (1 - z) n + z hPrev; n = tanh(ax_n + r * hn); hn = W_hn hPrev + b_hn
                                    double dn = dhTot * (1 - zg), dz = dhTot * (hPrev - ng);
                                    double dan = dn * (1 - ng * ng);
                                    double dr = dan * hn;
                                    daX[j] = dr * rg * (1 - rg);
                                    daX[H + j] = dz * zg * (1 - zg);
                                    daX[2 * H + j] = dan;
                                    daH[j] = daX[j];
                                    daH[H + j] = daX[H + j];
                                    daH[2 * H + j] = dan * rg; // the hidden projection enters n scaled by r
                                }
                                default -> throw new AssertionError(kind);
                            }
                        }
                        // dh for the step before: z * dhTot directly (GRU), plus W_hh^T daH
                        for (int j = 0; j < H; j++) {
                            double dhTot = dh[b * H + j] + at(dOut, ((long) t * N + b) * D * H + (long) d * H + j);
                            double acc = gru ? dhTot * at(gates, g + H + j) : 0;
                            for (int r = 0; r < G * H; r++) {
                                acc += daH[r] * at(Whh, (long) r * H + j);
                            }
                            dhNextScratch[j] = acc;
                        }
                        for (int r = 0; r < G * H; r++) {
                            dbih[r] += daX[r];
                            dbhh[r] += daH[r];
                            for (int i = 0; i < I; i++) {
                                double x = at(in, ((long) t * N + b) * I + i);
                                dWih[r * I + i] += daX[r] * x;
                                dIn[(t * N + b) * I + i] += daX[r] * at(Wih, (long) r * I + i);
                            }
                            for (int j = 0; j < H; j++) {
                                dWhh[r * H + j] += daH[r] * at(hSeg, hAt + j);
                            }
                        }
                        System.arraycopy(dhNextScratch, 0, dh, b * H, H);
                    }
                }
                for (int i = 0; i < N * H; i++) {
                    put(diffH0.segment(), (long) e * N * H + i, (float) dh[i]);
                    if (lstm) {
                        put(diffC0.segment(), (long) e * N * H + i, (float) dc[i]);
                    }
                }
                write(diffW.weightIh(e), dWih);
                write(diffW.weightHh(e), dWhh);
                write(diffW.biasIh(e), dbih);
                write(diffW.biasHh(e), dbhh);
            }
            MemorySegment dInSeg = l == 0 ? diffSrc.segment() : MemorySegment.ofArray(new float[dIn.length]);
            for (int i = 0; i < dIn.length; i++) {
                put(dInSeg, i, (float) dIn[i]);
            }
            dOut = dInSeg;
        }
    }

    private static void write(Tensor t, double[] v) {
        MemorySegment s = t.segment();
        for (int i = 0; i < v.length; i++) {
            put(s, i, (float) v[i]);
        }
    }
}
