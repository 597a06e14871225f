package dev.gatun.cli.models;

import dev.gatun.data.Split;
import dev.gatun.nn.Sequential;
import dev.gatun.train.Head;
import dev.gatun.train.TrainListener;

/**
 * {@code gatun train mlp}: a multi-layer perceptron, {@code --hidden} sizes with the
 * {@code --activation}, trained by back-propagation. The defaults (two hidden layers of 64
 * ReLUs, Adam at 0.01, batches of 32) fit the embedded spirals to about 99% in seconds.
 */
final class MlpKind implements ModelKind {
    static final int DEFAULT_EPOCHS = 100;

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String summary() {
        return "multi-layer perceptron: hidden Linear layers with an activation, trained by back-propagation";
    }

    @Override
    public Trained train(TrainConfig c, Split data, TrainListener listener) {
        Head head = Head.forTask(data.train(), c.loss());
        Networks.Seeds seeds = Networks.Seeds.of(c.seed());
        Sequential net = Networks.mlp(data.train().columns(), c.hidden(), c.activation(), c.dropout(), head.outputs(), seeds);
        StringBuilder shape = new StringBuilder("mlp ").append(data.train().columns());
        for (int h : c.hidden()) {
            shape.append('-').append(h);
        }
        shape.append('-').append(head.outputs()).append(' ').append(c.activation());
        return Networks.fit(shape.toString(), net, head, c, DEFAULT_EPOCHS, data, seeds, listener);
    }
}
