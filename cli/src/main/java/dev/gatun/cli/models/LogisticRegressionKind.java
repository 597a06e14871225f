package dev.gatun.cli.models;

import dev.gatun.data.Split;
import dev.gatun.nn.Sequential;
import dev.gatun.train.Head;
import dev.gatun.train.TrainListener;

/**
 * {@code gatun train logreg}: logistic regression, one {@code Linear} layer whose output goes
 * through a sigmoid (two classes, inside the binary cross-entropy) or a softmax (more classes,
 * inside the cross-entropy: softmax regression), trained by gradient descent. Like the
 * perceptron it draws straight lines; unlike it, it learns from how wrong it is, not only whether.
 */
final class LogisticRegressionKind implements ModelKind {
    static final int DEFAULT_EPOCHS = 100;

    @Override
    public String name() {
        return "logreg";
    }

    @Override
    public String summary() {
        return "logistic regression: Linear + sigmoid (softmax for more classes) trained by gradient";
    }

    @Override
    public Trained train(TrainConfig c, Split data, TrainListener listener) {
        boolean binary = data.train().isClassification() && data.train().classes() == 2;
        Head head = Head.forTask(data.train(), c.loss() != null ? c.loss() : binary ? "bce" : null);
        Networks.Seeds seeds = Networks.Seeds.of(c.seed());
        Sequential net = Networks.mlp(data.train().columns(), new int[0], "linear", 0f, head.outputs(), seeds);
        String link = binary ? "sigmoid" : data.train().isClassification() ? "softmax" : "identity";
        return Networks.fit("logreg " + data.train().columns() + "-" + head.outputs() + " " + link, net, head, c,
                DEFAULT_EPOCHS, data, seeds, listener);
    }
}
