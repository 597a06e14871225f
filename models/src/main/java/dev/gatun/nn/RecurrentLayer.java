package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.RnnF;
import dev.gatun.autograd.Var;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share, as PyTorch's {@code RNNBase}: a stack of
 * {@code numLayers} cells, optionally bidirectional, with PyTorch's parameter names
 * ({@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, then the
 * {@code _reverse} ones, layer by layer), shapes and gate order, so weights load from a PyTorch
 * state dict as they are. Initialization is PyTorch's: every parameter U(-1/sqrt(H), 1/sqrt(H)),
 * drawn in registration order.
 *
 * <p>Input [seq, batch, input] ([batch, seq, input] with {@code batchFirst}); states
 * [numLayers * directions, batch, hidden] either way, as in PyTorch.
 */
public abstract class RecurrentLayer extends Module {
    private final RnnKind kind;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final boolean bidirectional;
    private final List<Var> weightIh = new ArrayList<>(), weightHh = new ArrayList<>();
    private final List<Var> biasIh = new ArrayList<>(), biasHh = new ArrayList<>();

    protected RecurrentLayer(RnnKind kind, int inputSize, int hiddenSize, int numLayers, boolean bias,
                             boolean batchFirst, boolean bidirectional, Rng rng) {
        String name = getClass().getSimpleName();
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(name + ": input_size, hidden_size and num_layers must be positive, got "
                    + inputSize + ", " + hiddenSize + ", " + numLayers);
        }
        this.kind = kind;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.bidirectional = bidirectional;
        int gh = kind.gates() * hiddenSize, dirs = bidirectional ? 2 : 1;
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : dirs * hiddenSize;
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                weightIh.add(parameter("weight_ih" + suffix, gh, in));
                weightHh.add(parameter("weight_hh" + suffix, gh, hiddenSize));
                if (bias) {
                    biasIh.add(parameter("bias_ih" + suffix, gh));
                    biasHh.add(parameter("bias_hh" + suffix, gh));
                }
            }
        }
        float k = (float) (1.0 / Math.sqrt(hiddenSize));
        Initializer init = Init.uniform(-k, k);
        for (Parameter p : parameters()) {
            init.fill(p.value(), rng);
        }
    }

    /** The output of every step (the last layer's h); for the final states use the subclass's forward. */
    @Override
    public Var forward(Var x) {
        return run(x, null, null).output();
    }

    /** Runs the stack; h0 and c0 may be null (zeros). The output is batch-first when the layer is. */
    protected RnnF.Result run(Var x, Var h0, Var c0) {
        String name = getClass().getSimpleName();
        if (x.rank() != 3 || x.dim(2) != inputSize) {
            throw new IllegalArgumentException(name + ": input must be [" + (batchFirst ? "batch, seq" : "seq, batch")
                    + ", " + inputSize + "], got " + Shapes.str(x.shape()));
        }
        Var seqFirst = batchFirst ? F.transpose(x, 0, 1) : x;
        RnnParams p = new RnnParams(kind, numLayers, bidirectional, seqFirst.dim(0), seqFirst.dim(1), inputSize, hiddenSize);
        RnnF.Weights w = new RnnF.Weights(weightIh, weightHh, bias ? biasIh : zeros(), bias ? biasHh : zeros());
        RnnF.Result r = RnnF.rnn(p, seqFirst, h0, c0, w);
        return batchFirst ? new RnnF.Result(F.transpose(r.output(), 0, 1), r.hN(), r.cN()) : r;
    }

    /** Constant zero biases for a layer built without them (PyTorch's bias=False). */
    private List<Var> zeros() {
        List<Var> out = new ArrayList<>();
        for (int e = 0; e < weightIh.size(); e++) {
            out.add(Var.constant(Tensor.zeros(kind.gates() * hiddenSize)));
        }
        return out;
    }

    /** The cell: RNN_TANH, RNN_RELU, LSTM or GRU. */
    public RnnKind kind() {
        return kind;
    }

    /** Whether the layer has biases (PyTorch's bias=True). */
    public boolean hasBias() {
        return bias;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int numLayers() {
        return numLayers;
    }

    public boolean isBidirectional() {
        return bidirectional;
    }

    public boolean isBatchFirst() {
        return batchFirst;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (numLayers != 1 ? ", num_layers=" + numLayers : "")
                + (bias ? "" : ", bias=False") + (batchFirst ? ", batch_first=True" : "")
                + (bidirectional ? ", bidirectional=True" : "");
    }
}
