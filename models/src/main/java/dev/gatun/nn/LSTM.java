package dev.gatun.nn;

import dev.gatun.autograd.RnnF;
import dev.gatun.autograd.Var;
import dev.gatun.backend.RnnKind;
import dev.gatun.tensor.Rng;

/**
 * PyTorch's {@code nn.LSTM}: gates i, f, g, o (the row blocks of each weight, in that order),
 * {@code c_t = f * c_{t-1} + i * g}, {@code h_t = o * tanh(c_t)}, stacked and optionally
 * bidirectional; see {@link RecurrentLayer}.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(10, 20, 2, true, true, false, rng);   // batch first
 * RnnF.Result r = lstm.forward(x, null, null);               // r.output(), r.hN(), r.cN()
 * }</pre>
 */
public final class LSTM extends RecurrentLayer {

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, boolean bidirectional,
                Rng rng) {
        super(RnnKind.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, rng);
    }

    /** One layer, with biases, sequence first. */
    public LSTM(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, 1, true, false, false, rng);
    }

    /** Output and final states (h, c); {@code h0} and {@code c0} may be null (zeros). */
    public RnnF.Result forward(Var x, Var h0, Var c0) {
        return run(x, h0, c0);
    }
}
