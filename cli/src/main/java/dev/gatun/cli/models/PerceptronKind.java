package dev.gatun.cli.models;

import dev.gatun.data.Split;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;

/**
 * {@code gatun train perceptron}: Rosenblatt's rule ({@link PerceptronTraining}); uses the
 * epochs, learning rate (default 1) and seed of the configuration and nothing else: there is
 * no loss to choose, no optimizer and no backend (the rule is plain Java loops).
 */
final class PerceptronKind implements ModelKind {
    static final int DEFAULT_EPOCHS = 50;

    @Override
    public String name() {
        return "perceptron";
    }

    @Override
    public String summary() {
        return "Rosenblatt's perceptron: a step unit trained by w += lr (y - yhat) x";
    }

    @Override
    public Trained train(TrainConfig config, Split data, TrainListener listener) {
        Perceptron p = new Perceptron(data.train().columns(), data.train().classes());
        TrainResult r = PerceptronTraining.train(p, data, config.epochsOr(DEFAULT_EPOCHS), config.lrOr(1f), config.seed(),
                listener);
        return new Trained(r, rows -> {
            int[] out = new int[rows.rows()];
            for (int i = 0; i < out.length; i++) {
                out[i] = p.predict(rows.row(i));
            }
            return out;
        }, () -> {}); // plain Java arrays: nothing to release
    }
}
