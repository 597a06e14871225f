package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.nn.Parameter;
import dev.gatun.nn.RecurrentLayer;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Map;

/**
 * Inference plan of RNN, LSTM and GRU stacks: the output of every step (what
 * {@code forward(x)} returns), from zero initial states. A batch-first layer's input and output
 * are reordered to and from the (seq, batch, feature) the kernel takes, into planned buffers.
 */
final class RecurrentPlans {
    private RecurrentPlans() {}

    static LayerPlan plan(RecurrentLayer layer, Tensor input, PlanContext ctx) {
        if (input.rank() != 3 || input.dim(2) != layer.inputSize()) {
            throw new IllegalArgumentException("Predictor: " + layer.getClass().getSimpleName() + " planned on input "
                    + Shapes.str(input.shape()) + " (expected [" + (layer.isBatchFirst() ? "batch, seq" : "seq, batch")
                    + ", " + layer.inputSize() + "])");
        }
        boolean batchFirst = layer.isBatchFirst();
        int seq = input.dim(batchFirst ? 1 : 0), batch = input.dim(batchFirst ? 0 : 1);
        RnnParams p = new RnnParams(layer.kind(), layer.numLayers(), layer.isBidirectional(), seq, batch,
                layer.inputSize(), layer.hiddenSize());
        RnnWeights w = weights(layer, p, ctx);
        Tensor src = batchFirst ? ctx.buffer(p.srcShape()) : input;
        Tensor srcView = batchFirst ? input.transpose(0, 1) : null; // [seq, batch, in] over the batch-first input
        Tensor dst = ctx.buffer(p.dstShape());
        Tensor h0 = ctx.buffer(p.stateShape()), hN = ctx.buffer(p.stateShape());
        boolean lstm = p.kind().hasCellState();
        Tensor c0 = lstm ? ctx.buffer(p.stateShape()) : null, cN = lstm ? ctx.buffer(p.stateShape()) : null;
        Tensor out = batchFirst ? ctx.buffer(batch, seq, p.dstShape()[2]) : dst;
        Tensor outView = batchFirst ? dst.transpose(0, 1) : null; // [batch, seq, D*H] over dst
        Backend be = ctx.backend();
        ConvPlans.dryRun(be, () -> Ops.rnnInto(p, src, h0, c0, w, dst, hN, cN));
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
    private static RnnWeights weights(RecurrentLayer layer, RnnParams p, PlanContext ctx) {
        Map<String, Parameter> named = layer.namedParameters();
        int n = p.states();
        Tensor[] wi = new Tensor[n], wh = new Tensor[n], bi = new Tensor[n], bh = new Tensor[n];
        for (int e = 0; e < n; e++) {
            String suffix = "_l" + e / p.directions() + (e % p.directions() == 1 ? "_reverse" : "");
            wi[e] = ctx.weight(named.get("weight_ih" + suffix).value());
            wh[e] = ctx.weight(named.get("weight_hh" + suffix).value());
            bi[e] = layer.hasBias() ? ctx.weight(named.get("bias_ih" + suffix).value()) : ctx.buffer(p.gates() * p.hidden());
            bh[e] = layer.hasBias() ? ctx.weight(named.get("bias_hh" + suffix).value()) : ctx.buffer(p.gates() * p.hidden());
        }
        return new RnnWeights(wi, wh, bi, bh);
    }
}
