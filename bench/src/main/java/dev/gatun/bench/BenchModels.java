package dev.gatun.bench;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Flatten;
import dev.gatun.nn.Linear;
import dev.gatun.nn.MaxPool2d;
import dev.gatun.nn.Module;
import dev.gatun.nn.RecurrentLayer;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.TransformerEncoderBlock;
import dev.gatun.nn.loss.CrossEntropyLoss;
import dev.gatun.nn.loss.Loss;
import dev.gatun.nn.loss.MSELoss;
import dev.gatun.serve.LayerPlan;
import dev.gatun.serve.LayerPlans;
import dev.gatun.serve.PlanContext;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import java.util.List;

/**
 * The benchmarked models, exactly as {@code bench/pytorch/peer.py} builds them (PyTorch's
 * default initializations; layouts as PyTorch's):
 *
 * <ul>
 *   <li>{@code mlp}: 784-256-128-10 ReLU, batch 128 of Fashion-MNIST images [128, 784]
 *   <li>{@code cnn}: LeNet, Conv2d(1,8,5,pad 2)-ReLU-MaxPool2-Conv2d(8,16,5)-ReLU-MaxPool2-Flatten-
 *       Linear(400,120)-ReLU-Linear(120,10), batch 64 of [1,28,28] images
 *   <li>{@code lstm}, {@code gru}: one layer, input 64, hidden 128, [seq 32, batch 32, 64]
 *       Gaussian inputs; Linear(128,10) on the last step's output
 *   <li>{@code transformer}: one pre-LN encoder block, d 128, 4 heads, FFN 512 ReLU, no dropout,
 *       batch-first [16, 64, 128] Gaussian inputs, MSE against a Gaussian target
 * </ul>
 * Class models use cross-entropy (mean).
 */
enum BenchModels {
    MLP(new int[] {128, 784}, new int[] {1, 784}, true),
    CNN(new int[] {64, 1, 28, 28}, new int[] {1, 1, 28, 28}, true),
    LSTM(new int[] {32, 32, 64}, new int[] {32, 1, 64}, false),
    GRU(new int[] {32, 32, 64}, new int[] {32, 1, 64}, false),
    TRANSFORMER(new int[] {16, 64, 128}, new int[] {1, 64, 128}, false);

    /** One training batch's input shape, and one inference sample's. */
    final int[] batchShape;
    final int[] sampleShape;
    /** True for the Fashion-MNIST models; the others train on seeded Gaussian batches. */
    final boolean images;

    BenchModels(int[] batchShape, int[] sampleShape, boolean images) {
        this.batchShape = batchShape;
        this.sampleShape = sampleShape;
        this.images = images;
    }

    static BenchModels of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** Rows (samples) in one training batch. */
    int batch() {
        return this == LSTM || this == GRU ? batchShape[1] : batchShape[0];
    }

    Module build(Rng rng) {
        return switch (this) {
            case MLP -> new Sequential(new Linear(784, 256, rng), new ReLU(), new Linear(256, 128, rng), new ReLU(),
                    new Linear(128, 10, rng));
            case CNN -> new Sequential(new Conv2d(1, 8, 5, Conv2dParams.of(1, 2), rng), new ReLU(), new MaxPool2d(2),
                    new Conv2d(8, 16, 5, Conv2dParams.of(1, 0), rng), new ReLU(), new MaxPool2d(2), new Flatten(),
                    new Linear(400, 120, rng), new ReLU(), new Linear(120, 10, rng));
            case LSTM -> new LastStep(new dev.gatun.nn.LSTM(64, 128, rng), rng);
            case GRU -> new LastStep(new dev.gatun.nn.GRU(64, 128, rng), rng);
            case TRANSFORMER -> new TransformerEncoderBlock(128, 4, 512, "relu", 0f, rng);
        };
    }

    Loss loss() {
        return this == TRANSFORMER ? new MSELoss() : new CrossEntropyLoss();
    }

    /** A recurrent layer over [seq, batch, feature], then Linear(hidden, 10) on the last step's output. */
    static final class LastStep extends Module {
        private final RecurrentLayer rnn;
        private final Linear head;

        LastStep(RecurrentLayer rnn, Rng rng) {
            this.rnn = child("rnn", rnn);
            this.head = child("head", new Linear(rnn.hiddenSize(), 10, rng));
        }

        @Override
        public Var forward(Var x) {
            Var out = rnn.forward(x); // [seq, batch, hidden]
            int seq = out.dim(0);
            return head.forward(F.reshape(F.slice(out, 0, seq - 1, seq), out.dim(1), out.dim(2)));
        }

        /** The same for the Predictor: the layer's plan, then the head on a view of the last step. */
        @Override
        public LayerPlan plan(Tensor input, PlanContext ctx) {
            LayerPlan steps = rnn.plan(input, ctx);
            Tensor out = steps.output();
            LayerPlan classify = head.plan(out.select(0, out.dim(0) - 1), ctx);
            return LayerPlans.chain(input, List.of(steps, classify));
        }
    }
}
