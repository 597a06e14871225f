package dev.gatun.cli.models;

import dev.gatun.data.Split;
import dev.gatun.nn.Activations;
import dev.gatun.nn.Dropout;
import dev.gatun.nn.Init;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.loss.Penalty;
import dev.gatun.optim.Optimizer;
import dev.gatun.optim.Optimizers;
import dev.gatun.tensor.Rng;
import dev.gatun.train.Examples;
import dev.gatun.train.Head;
import dev.gatun.train.LrSchedules;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;
import dev.gatun.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds and trains the gradient-trained kinds from a {@link TrainConfig}: the shared half of logreg and mlp. */
final class Networks {
    private Networks() {}

    /** The seeded generators of one run, split off one seed in a fixed order. */
    record Seeds(Rng init, Rng batches, Rng dropout) {
        static Seeds of(long seed) {
            Rng master = new Rng(seed);
            return new Seeds(master.split(), master.split(), master.split());
        }
    }

    /**
     * A multi-layer perceptron: for each hidden size a {@code Linear}, the activation and (with
     * p > 0) {@code Dropout}; then a {@code Linear} to the outputs. Weights use He init for
     * ReLU-like activations and Glorot for saturating ones; biases start at zero.
     */
    static Sequential mlp(int inputs, int[] hidden, String activation, float dropout, int outputs, Seeds seeds) {
        Sequential net = new Sequential();
        int in = inputs;
        for (int h : hidden) {
            net.add(linear(in, h, activation, seeds.init()));
            net.add(Activations.byName(activation));
            if (dropout > 0) {
                net.add(new Dropout(dropout, seeds.dropout()));
            }
            in = h;
        }
        return net.add(linear(in, outputs, "linear", seeds.init()));
    }

    private static Linear linear(int in, int out, String activation, Rng rng) {
        String act = activation.toLowerCase(Locale.ROOT);
        boolean saturating = act.equals("tanh") || act.equals("sigmoid") || act.equals("linear") || act.equals("step")
                || act.equals("softmax") || act.equals("identity");
        String init = saturating ? "xavier_uniform" : "kaiming_uniform";
        return new Linear(in, out, rng).reset(Init.byName(init, saturating ? act.replace("softmax", "linear")
                .replace("identity", "linear") : act.replace("gelu_tanh", "gelu")), Init.zeros(), rng);
    }

    /** Trains {@code model} on a table with the configuration's optimizer, penalties, schedule, epochs and batches. */
    static ModelKind.Trained fit(String description, Module model, Head taskHead, TrainConfig c, int defaultEpochs,
                                 Split data, Seeds seeds, TrainListener listener) {
        Head head = distilled(taskHead, c, data);
        Trainer trainer = trainer(model, head.loss(), c, defaultEpochs, 0f, seeds).penalties(penalties(c)).build();
        TrainResult r;
        try (Examples train = Examples.of(data.train(), head); Examples validation = Examples.of(data.validation(), head)) {
            r = trainer.fit(description, train, validation, listener);
        }
        Classifier classifier = rows -> {
            if (head.regression()) {
                throw new IllegalStateException("predict: a regression model has no classes to predict");
            }
            try (Examples e = Examples.of(rows, head)) {
                return trainer.predict(e);
            }
        };
        return new ModelKind.Trained(r, classifier, model::close);
    }

    /**
     * The head a student trains with when the run distills ({@link TrainConfig#distillation()}):
     * one score per class against the labels and the teacher's logits; else the task's head.
     */
    private static Head distilled(Head task, TrainConfig c, Split data) {
        if (c.distillation() == null) {
            return task;
        }
        if (!task.scoresClasses() || !data.train().hasTeacherLogits()) {
            throw new IllegalArgumentException("distillation: the student trains on class scores and the teacher's logits;"
                    + " --loss " + task.loss().name() + " on " + data.train().name() + " does not fit");
        }
        return c.distillation().head(data.train());
    }

    /**
     * A trainer with the settings every kind takes from the configuration: optimizer and rate,
     * schedule, clipping ({@code defaultClip} unless given), accumulation, NaN guard, epochs,
     * batches shuffled by the run's batch generator, patience.
     */
    static Trainer.Builder trainer(Module model, dev.gatun.nn.loss.Loss loss, TrainConfig c, int defaultEpochs,
                                   float defaultClip, Seeds seeds) {
        int epochs = c.epochsOr(defaultEpochs);
        return Trainer.builder(model, loss, optimizer(c, model)).epochs(epochs).batch(c.batch())
                .accumulate(c.accumulate()).patience(c.patience()).shuffle(seeds.batches())
                .clipNorm(c.clipNormOr(defaultClip)).stopOnNonFinite(c.stopOnNan()).precision(c.precision())
                .schedule(LrSchedules.parse(c.lrSchedule(), epochs));
    }

    /** Default learning rates that train the embedded sets well: Adam's 0.01, SGD's 0.1. */
    static float defaultLr(String optimizer) {
        return switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "sgd" -> 0.1f;
            case "momentum", "nesterov" -> 0.05f;
            default -> 0.01f;
        };
    }

    /** AdamW takes --l2 as its decoupled weight decay; the other optimizers get an L2 penalty term instead. */
    static Optimizer optimizer(TrainConfig c, Module model) {
        float lr = c.lrOr(defaultLr(c.optimizer()));
        if (c.optimizer().equalsIgnoreCase("adamw") && c.l2() > 0) {
            return Optimizers.byName("adamw", model.parameters(), lr, c.l2());
        }
        return Optimizers.byName(c.optimizer(), model.parameters(), lr);
    }

    /** L1 and L2 on the weight matrices (not the biases), as loss terms. */
    private static List<Penalty> penalties(TrainConfig c) {
        List<Penalty> out = new ArrayList<>();
        if (c.l1() > 0) {
            out.add(Penalty.l1(c.l1(), false));
        }
        if (c.l2() > 0 && !c.optimizer().equalsIgnoreCase("adamw")) {
            out.add(Penalty.l2(c.l2(), false));
        }
        return out;
    }
}
