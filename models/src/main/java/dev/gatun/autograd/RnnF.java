package dev.gatun.autograd;

import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Tensor;
import java.util.List;

/**
 * The differentiable recurrent stack (RNN, LSTM, GRU with PyTorch's math and weight layout, see
 * {@link RnnParams} and {@link RnnWeights}) on the tape. The op has several outputs; it is
 * recorded as one node whose value is the outputs flattened and joined, and each output is a
 * slice of it, so a loss on any of them reaches the one backward call.
 *
 * <pre>{@code
 * RnnF.Result r = RnnF.rnn(p, x, null, null, weights);   // x [seq, batch, input]
 * Var loss = F.mean(F.square(r.output()));
 * loss.backward();                                       // gradients of x and every weight
 * }</pre>
 */
public final class RnnF {
    private RnnF() {}

    /** The outputs: every step's h of the last layer [seq, batch, D*H], and hN (cN: LSTM only, else null). */
    public record Result(Var output, Var hN, Var cN) {}

    /**
     * The weights as Vars, one entry per layer and direction (entry {@code layer * D + direction})
     * in PyTorch's layout: weight_ih [G*H, in], weight_hh [G*H, H], bias_ih and bias_hh [G*H].
     */
    public record Weights(List<Var> weightIh, List<Var> weightHh, List<Var> biasIh, List<Var> biasHh) {
        RnnWeights values() {
            return new RnnWeights(values(weightIh), values(weightHh), values(biasIh), values(biasHh));
        }

        private static Tensor[] values(List<Var> vars) {
            return vars.stream().map(Var::value).toArray(Tensor[]::new);
        }

        Var[] all() {
            return java.util.stream.Stream.of(weightIh, weightHh, biasIh, biasHh).flatMap(List::stream).toArray(Var[]::new);
        }
    }

    /**
     * Runs the stack over {@code x} [seq, batch, input]; {@code h0} and {@code c0} ([layers * D,
     * batch, H]) may be null (zeros), {@code c0} must be null unless LSTM.
     */
    public static Result rnn(RnnParams p, Var x, Var h0, Var c0, Weights w) {
        RnnWeights wv = w.values(); // a fresh holder: the onednn backend converts the weights once per call
        Var[] weights = w.all();
        Var[] inputs = new Var[3 + weights.length];
        inputs[0] = x;
        inputs[1] = h0;
        inputs[2] = c0;
        System.arraycopy(weights, 0, inputs, 3, weights.length);
        boolean record = false;
        if (!NoGrad.isActive()) {
            for (Var in : inputs) {
                record |= in != null && in.requiresGrad();
            }
        }
        Tensor xv = x.value().contiguous(), h0v = h0 == null ? null : h0.value(), c0v = c0 == null ? null : c0.value();
        Ops.RnnResult r = Ops.rnn(p, xv, h0v, c0v, wv, record);
        boolean lstm = p.kind().hasCellState();
        long nDst = r.dst().numel(), nState = r.hN().numel();
        Tensor joined = lstm ? Ops.concat(0, flat(r.dst()), flat(r.hN()), flat(r.cN()))
                : Ops.concat(0, flat(r.dst()), flat(r.hN()));
        Var node = Var.result("rnn " + p.kind(), joined, g -> {
            // [dst | hN | cN] = rnn(x, h0, c0, weights): split the gradient, run the backward once
            Tensor dDst = g.slice(0, 0, (int) nDst).reshape(p.dstShape());
            Tensor dHN = g.slice(0, (int) nDst, (int) (nDst + nState)).reshape(p.stateShape());
            Tensor dCN = lstm ? g.slice(0, (int) (nDst + nState), (int) (nDst + 2 * nState)).reshape(p.stateShape()) : null;
            Ops.RnnGrads d = Ops.rnnBackward(p, xv, h0v, c0v, wv, r, dDst, dHN, dCN);
            Tensor[] grads = new Tensor[inputs.length];
            grads[0] = d.diffSrc().reshape(x.shape());
            grads[1] = d.diffH0();
            grads[2] = d.diffC0();
            RnnWeights dw = d.diffWeights();
            int n = dw.entries();
            for (int e = 0; e < n; e++) {
                grads[3 + e] = dw.weightIh(e);
                grads[3 + n + e] = dw.weightHh(e);
                grads[3 + 2 * n + e] = dw.biasIh(e);
                grads[3 + 3 * n + e] = dw.biasHh(e);
            }
            return grads;
        }, inputs);
        Var output = F.reshape(F.slice(node, 0, 0, (int) nDst), p.dstShape());
        Var hN = F.reshape(F.slice(node, 0, (int) nDst, (int) (nDst + nState)), p.stateShape());
        Var cN = lstm ? F.reshape(F.slice(node, 0, (int) (nDst + nState), (int) (nDst + 2 * nState)), p.stateShape()) : null;
        return new Result(output, hN, cN);
    }

    private static Tensor flat(Tensor t) {
        return t.reshape((int) t.numel());
    }
}
