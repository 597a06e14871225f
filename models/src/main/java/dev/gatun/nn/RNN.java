package dev.gatun.nn;

import dev.gatun.autograd.RnnF;
import dev.gatun.autograd.Var;
import dev.gatun.backend.RnnKind;
import dev.gatun.tensor.Rng;

/**
 * PyTorch's {@code nn.RNN}: {@code h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)} with act
 * tanh or relu, stacked and optionally bidirectional; see {@link RecurrentLayer}.
 *
 * <pre>{@code
 * RNN rnn = new RNN(10, 20, 2, "tanh", true, false, false, rng);
 * RnnF.Result r = rnn.forward(x, h0);   // r.output() [seq, batch, 20], r.hN() [2, batch, 20]
 * }</pre>
 */
public final class RNN extends RecurrentLayer {
    private final String nonlinearity;

    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
               boolean bidirectional, Rng rng) {
        super(kindOf(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, rng);
        this.nonlinearity = nonlinearity;
    }

    /** One layer, tanh, with biases, sequence first. */
    public RNN(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, 1, "tanh", true, false, false, rng);
    }

    private static RnnKind kindOf(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> RnnKind.RNN_TANH;
            case "relu" -> RnnKind.RNN_RELU;
            case null, default -> throw new IllegalArgumentException(
                    "RNN: nonlinearity must be 'tanh' or 'relu', got '" + nonlinearity + "'");
        };
    }

    /** Output and final hidden state; {@code h0} may be null (zeros). */
    public RnnF.Result forward(Var x, Var h0) {
        return run(x, h0, null);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (nonlinearity.equals("tanh") ? "" : ", nonlinearity='" + nonlinearity + "'");
    }
}
