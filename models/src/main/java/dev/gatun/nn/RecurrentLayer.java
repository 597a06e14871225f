package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.RnnF;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.ops.Ops;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
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
    private final Scope zeroBias; // without biases (bias=False): the zeros that stand in for them, else null
    private final RnnF.Weights weights; // made once, so a backend's converted weights are reused across forwards

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
        if (bias) {
            zeroBias = null;
            weights = new RnnF.Weights(weightIh, weightHh, biasIh, biasHh);
        } else {
            zeroBias = Scope.detachedShared();
            List<Var> zeros = Collections.nCopies(weightIh.size(), Var.constant(Tensor.zeros(zeroBias, gh)));
            weights = new RnnF.Weights(weightIh, weightHh, zeros, zeros);
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
        RnnF.Result r = RnnF.rnn(p, seqFirst, h0, c0, weights);
        return batchFirst ? new RnnF.Result(F.transpose(r.output(), 0, 1), r.hN(), r.cN()) : r;
    }

    /**
     * The output of every step (what {@code forward(x)} returns), from zero initial states. A
     * batch-first layer's input and output are reordered to and from the (seq, batch, feature)
     * the kernel takes, into planned buffers.
     */
    @Override
    public LayerPlan plan(Tensor input, PlanContext ctx) {
        if (input.rank() != 3 || input.dim(2) != inputSize) {
            throw new IllegalArgumentException("Predictor: " + getClass().getSimpleName() + " planned on input "
                    + Shapes.str(input.shape()) + " (expected [" + (batchFirst ? "batch, seq" : "seq, batch") + ", "
                    + inputSize + "])");
        }
        int seq = input.dim(batchFirst ? 1 : 0), batch = input.dim(batchFirst ? 0 : 1);
        RnnParams p = new RnnParams(kind, numLayers, bidirectional, seq, batch, inputSize, hiddenSize);
        RnnWeights w = plannedWeights(p, ctx);
        Tensor src = batchFirst ? ctx.buffer(p.srcShape()) : input;
        Tensor srcView = batchFirst ? input.transpose(0, 1) : null; // [seq, batch, in] over the batch-first input
        Tensor dst = ctx.buffer(p.dstShape());
        Tensor h0 = ctx.buffer(p.stateShape()), hN = ctx.buffer(p.stateShape());
        boolean lstm = kind.hasCellState();
        Tensor c0 = lstm ? ctx.buffer(p.stateShape()) : null, cN = lstm ? ctx.buffer(p.stateShape()) : null;
        Tensor out = batchFirst ? ctx.buffer(batch, seq, p.dstShape()[2]) : dst;
        Tensor outView = batchFirst ? dst.transpose(0, 1) : null; // [batch, seq, D*H] over dst
        Backend be = ctx.backend();
        ctx.check(() -> Ops.rnnInto(p, src, h0, c0, w, dst, hN, cN));
        return LayerPlans.of(out, () -> {
            if (batchFirst) {
                be.copy(srcView, src);
            }
            be.rnnForward(p, src, h0, c0, w, dst, hN, cN, null);
            if (batchFirst) {
                be.copy(outView, out);
            }
        });
    }

    /** The snapshot's weights in the kernel's holder; zero biases for a layer built without them. */
    private RnnWeights plannedWeights(RnnParams p, PlanContext ctx) {
        int n = weightIh.size();
        Tensor[] wi = new Tensor[n], wh = new Tensor[n], bi = new Tensor[n], bh = new Tensor[n];
        for (int e = 0; e < n; e++) {
            wi[e] = ctx.weight(weightIh.get(e).value());
            wh[e] = ctx.weight(weightHh.get(e).value());
            bi[e] = bias ? ctx.weight(biasIh.get(e).value()) : ctx.buffer(p.gates() * p.hidden());
            bh[e] = bias ? ctx.weight(biasHh.get(e).value()) : ctx.buffer(p.gates() * p.hidden());
        }
        return new RnnWeights(wi, wh, bi, bh);
    }

    /** Frees the parameters and, without biases, the zeros that stand in for them. */
    @Override
    public void close() {
        super.close();
        if (zeroBias != null) {
            zeroBias.close();
        }
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
