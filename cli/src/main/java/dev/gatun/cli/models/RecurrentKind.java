package dev.gatun.cli.models;

import dev.gatun.data.CharCorpus;
import dev.gatun.data.SineWaves;
import dev.gatun.data.Split;
import dev.gatun.train.Head;
import dev.gatun.train.TrainListener;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code gatun train rnn|lstm|gru}: recurrent networks, {@code --hidden 64} one layer of 64
 * units ({@code 64,64} two layers; sizes must agree, as in PyTorch's {@code num_layers}). On
 * {@code sine} (the default) they read a window of a noisy sine mixture and forecast the next
 * value, reporting the validation MSE and its ratio to the MSE of repeating the window's last
 * value; on {@code alice} or a {@code FILE.txt} they are character language models that
 * {@code gatun generate} samples from.
 */
final class RecurrentKind implements ModelKind {
    static final int FORECAST_EPOCHS = 10, CHARACTER_EPOCHS = 20;

    private final String name;

    RecurrentKind(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        String what = switch (name) {
            case "lstm" -> "long short-term memory";
            case "gru" -> "gated recurrent unit";
            default -> "Elman (tanh) recurrent";
        };
        return what + " network: forecasts a sine mixture (sine), or a character language model (FILE.txt)";
    }

    @Override
    public TrainConfig.Builder defaults() {
        return TrainConfig.builder().model(name).data("sine").hidden(64).batch(32).lr(0.003f).patience(5)
                .standardize(false);
    }

    @Override
    public boolean readsItself(String data) {
        return CharCorpus.isCorpus(data);
    }

    @Override
    public Trained trainOnOwnData(TrainConfig c, TrainListener listener) {
        return TokenTasks.characters(name, c, CHARACTER_EPOCHS, listener);
    }

    @Override
    public Trained train(TrainConfig c, Split data, TrainListener listener) {
        if (data.train().isClassification()) {
            throw new IllegalArgumentException(name + ": " + data.train().name() + " has class labels; the " + name
                    + " forecasts series (sine) or models text (FILE.txt)");
        }
        int hidden = width(c.hidden());
        Networks.Seeds seeds = Networks.Seeds.of(c.seed());
        var model = new RecurrentModels.Forecaster(name, hidden, c.hidden().length, seeds.init());
        Head head = Head.forTask(data.train(), c.loss());
        Trained t = Networks.fit(name + " " + TokenTasks.joined(c.hidden()) + " forecaster", model, head, c,
                FORECAST_EPOCHS, data, seeds, listener);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_mse", t.result().valLoss());
        metrics.put("val_mse_ratio_to_last_value", t.result().valLoss() / SineWaves.lastValueMse(data.validation()));
        return new Trained(t.result().withMetrics(metrics), t.classifier(), t.release(), t.metadata());
    }

    /** The layers' common size: a recurrent stack feeds each layer's hidden state to the next. */
    static int width(int[] hidden) {
        for (int h : hidden) {
            if (h != hidden[0]) {
                throw new IllegalArgumentException("recurrent layers share one size (PyTorch's num_layers), got --hidden "
                        + Arrays.toString(hidden));
            }
        }
        return hidden[0];
    }
}
