package dev.gatun.nn;

import dev.gatun.autograd.RnnF;
import dev.gatun.autograd.Var;
import dev.gatun.backend.RnnKind;
import dev.gatun.tensor.Rng;

/**
 * PyTorch's {@code nn.GRU}: gates r, z, n, with the reset gate scaling the hidden projection
 * and its bias, {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))},
 * {@code h_t = (1 - z) * n + z * h_{t-1}}, stacked and optionally bidirectional; see
 * {@link RecurrentLayer}.
 */
public final class GRU extends RecurrentLayer {

    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, boolean bidirectional,
               Rng rng) {
        super(RnnKind.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, rng);
    }

    /** One layer, with biases, sequence first. */
    public GRU(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, 1, true, false, false, rng);
    }

    /** Output and final hidden state; {@code h0} may be null (zeros). */
    public RnnF.Result forward(Var x, Var h0) {
        return run(x, h0, null);
    }
}
