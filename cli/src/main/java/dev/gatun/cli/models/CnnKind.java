package dev.gatun.cli.models;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.data.Split;
import dev.gatun.nn.BatchNorm2d;
import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Dropout;
import dev.gatun.nn.Flatten;
import dev.gatun.nn.Linear;
import dev.gatun.nn.MaxPool2d;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.Unflatten;
import dev.gatun.serve.QuantizedModel;
import dev.gatun.train.Head;
import dev.gatun.train.TrainListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code gatun train cnn}: a convolutional classifier for square grey images (rows of side²
 * pixels: {@code glyphs} by default, or {@code fashion-mnist}). Each {@code --hidden} size is a
 * block {@code Conv2d(3x3, same padding) -> BatchNorm2d -> ReLU -> MaxPool2d(2)} with that many
 * channels, halving the image; a {@code Linear} layer of {@link #FC} ReLUs reads the last feature
 * maps and a last {@code Linear} gives the class scores. The defaults (16 then 32 channels, Adam
 * at 0.002, batches of 64, 3 epochs) reach about 99% on glyphs and 90% on Fashion-MNIST. Pixels
 * go in as they are, in [0, 1] (per-pixel standardization would blow up the near-constant
 * border pixels).
 */
public final class CnnKind implements ModelKind {
    static final int DEFAULT_EPOCHS = 3;
    /** Checkpoint metadata that rebuilds the network: image side, channels per block, outputs (classes). */
    public static final String SIDE = "gatun.cnn.side", OUTPUTS = "gatun.cnn.outputs";
    static final String HIDDEN = "gatun.cnn.hidden", FC_WIDTH = "gatun.cnn.fc";
    /** Width of the fully connected ReLU layer between the feature maps and the classifier. */
    static final int FC = 128;

    private final String name;
    private final int[] channels;
    private final int fc;

    private CnnKind(String name, int[] channels, int fc) {
        this.name = name;
        this.channels = channels;
        this.fc = fc;
    }

    /** {@code gatun train cnn}: 16 then 32 channels, {@link #FC} ReLUs (about 207k parameters on 28x28 images). */
    static CnnKind standard() {
        return new CnnKind("cnn", new int[] {16, 32}, FC);
    }

    /** {@code cnn-small}: 8 then 16 channels and 32 ReLUs, about 8x fewer parameters: a student for gatun distill. */
    static CnnKind small() {
        return new CnnKind("cnn-small", new int[] {8, 16}, 32);
    }

    @Override
    public String name() {
        return name;
    }

    /** The width of its fully connected ReLU layer. */
    int fc() {
        return fc;
    }

    @Override
    public String summary() {
        return name.equals("cnn")
                ? "convolutional network: Conv2d-BatchNorm2d-ReLU-MaxPool2d blocks, then Linear layers (glyphs, fashion-mnist)"
                : "the cnn with 8 and 16 channels and 32 ReLUs, about 8x smaller: a student for gatun distill";
    }

    @Override
    public TrainConfig.Builder defaults() {
        return TrainConfig.builder().model(name()).data("glyphs").hidden(channels).batch(64).lr(0.002f).patience(0)
                .standardize(false);
    }

    @Override
    public Trained train(TrainConfig c, Split data, TrainListener listener) {
        if (!data.train().isClassification()) {
            throw new IllegalArgumentException("cnn: " + data.train().name() + " is a regression set; the cnn classifies images");
        }
        int pixels = data.train().columns();
        int side = (int) Math.round(Math.sqrt(pixels));
        if (side * side != pixels) {
            throw new IllegalArgumentException("cnn: rows of " + pixels + " values are not square grey images "
                    + "(glyphs, fashion-mnist or an MNIST-format folder)");
        }
        Head head = Head.forTask(data.train(), c.loss());
        Networks.Seeds seeds = Networks.Seeds.of(c.seed());
        Sequential net = network(side, c.hidden(), fc, head.outputs(), c.dropout(), seeds);
        String shape = name + " " + side + "x" + side + "-conv" + TokenTasks.joined(c.hidden()).replace("-", "-conv") + "-" + fc
                + "-" + head.outputs();
        Trained t = Networks.fit(shape, net, head, c, DEFAULT_EPOCHS, data, seeds, listener);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(SIDE, Integer.toString(side));
        meta.put(HIDDEN, TokenTasks.joined(c.hidden()).replace('-', ','));
        meta.put(FC_WIDTH, Integer.toString(fc));
        meta.put(OUTPUTS, Integer.toString(head.outputs()));
        return new Trained(t.result(), t.classifier(), t.release(), meta);
    }

    /** A lower bound of the network's parameters (conv and linear weights), from its sizes alone. */
    static double minimumParameters(int side, int[] hidden, int fc, int outputs) {
        double params = 0, channels = 1, size = side;
        for (int h : hidden) {
            params += 9 * channels * h;
            channels = h;
            size = Math.floor(size / 2);
        }
        return params + channels * size * size * fc + (double) fc * outputs;
    }

    private static int[] positive(Path file, String key, String value) throws IOException {
        try {
            int[] v = Arrays.stream(value.split(",")).mapToInt(t -> Integer.parseInt(t.strip())).toArray();
            if (Arrays.stream(v).allMatch(x -> x >= 1)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the message below says what was expected
        }
        throw new IOException(file + ": metadata " + key + " = '" + (value.length() > 60 ? value.substring(0, 60) + "..."
                : value) + "', expected " + (key.equals(HIDDEN) ? "comma-separated sizes" : "a size") + " of at least 1");
    }

    /** The network for images of {@code side}² pixels; see the class comment. */
    static Sequential network(int side, int[] hidden, int fc, int outputs, float dropout, Networks.Seeds seeds) {
        Sequential net = new Sequential(new Unflatten(1, side, side));
        int channels = 1, size = side;
        for (int h : hidden) {
            if (size < 2) {
                throw new IllegalArgumentException("cnn: " + hidden.length + " blocks halve a " + side + "-pixel image"
                        + " below 1 pixel; give fewer --hidden sizes");
            }
            net.add(new Conv2d(channels, h, 3, Conv2dParams.of(1, 1), seeds.init()));
            net.add(new BatchNorm2d(h));
            net.add(new ReLU());
            net.add(new MaxPool2d(2));
            channels = h;
            size /= 2;
        }
        net.add(new Flatten());
        if (dropout > 0) {
            net.add(new Dropout(dropout, seeds.dropout()));
        }
        net.add(new Linear(channels * size * size, fc, seeds.init()));
        net.add(new ReLU());
        return net.add(new Linear(fc, outputs, seeds.init()));
    }

    /** The saved cnn's image size and classes must be {@code test}'s: says which differs rather than fail inside a layer. */
    public static void requireFits(Path model, dev.gatun.data.Dataset test, String data) throws IOException {
        int side, outputs;
        try (SafetensorsFile f = SafetensorsFile.open(model)) {
            side = Integer.parseInt(f.metadata().get(SIDE)); // both checked by load
            outputs = Integer.parseInt(f.metadata().get(OUTPUTS));
        }
        if (test.columns() != (long) side * side) {
            throw new IllegalArgumentException(model + ": a cnn for " + side + "x" + side + " images, but --data " + data
                    + " holds rows of " + test.columns() + " values; expected the data it was trained on");
        }
        if (outputs != test.classNames().size()) {
            throw new IllegalArgumentException(model + ": a cnn with " + outputs + " classes, but --data " + data
                    + " has " + test.classNames().size() + "; expected the data it was trained on");
        }
    }

    /** The values per input row of a saved cnn: its image's side squared. */
    public static int inputSize(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            String side = f.metadata().get(SIDE);
            if (side == null) {
                throw new IOException(file + ": not a cnn checkpoint (no " + SIDE + " in its metadata)");
            }
            int s = positive(file, SIDE, side)[0];
            return Math.multiplyExact(s, s);
        }
    }

    /** A saved cnn: the network, in evaluation mode, and its int8 quantization (null for a float checkpoint). */
    public record Saved(Sequential net, QuantizedModel quantized) {}

    /** Rebuilds a saved cnn (weights and all) from its float checkpoint, in evaluation mode. */
    public static Sequential load(Path file) throws IOException {
        Saved s = open(file);
        if (s.quantized() != null) {
            s.net().close();
            throw new IOException(file + ": an int8 quantized cnn; this command takes the float32 checkpoint it was made from");
        }
        return s.net();
    }

    /** Rebuilds a saved cnn from its checkpoint, float32 or int8 quantized ({@code gatun quantize}). */
    public static Saved open(Path file) throws IOException {
        int side, outputs, fc;
        int[] hidden;
        boolean quantized;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, String> meta = f.metadata();
            if (!meta.containsKey(SIDE) || !meta.containsKey(HIDDEN) || !meta.containsKey(OUTPUTS)) {
                throw new IOException(file + ": not a cnn checkpoint (no " + SIDE + " in its metadata); save one with "
                        + "gatun train cnn --save FILE");
            }
            side = positive(file, SIDE, meta.get(SIDE))[0];
            hidden = positive(file, HIDDEN, meta.get(HIDDEN));
            outputs = positive(file, OUTPUTS, meta.get(OUTPUTS))[0];
            fc = meta.containsKey(FC_WIDTH) ? positive(file, FC_WIDTH, meta.get(FC_WIDTH))[0] : FC; // older files: the cnn's
            Checkpoint.requireHolds(f, "a cnn of " + side + "x" + side + " images, channels " + meta.get(HIDDEN) + ", "
                    + fc + " ReLUs and " + outputs + " outputs", minimumParameters(side, hidden, fc, outputs));
            quantized = QuantizedModel.isQuantized(f);
        }
        Sequential net = network(side, hidden, fc, outputs, 0f, Networks.Seeds.of(0));
        QuantizedModel q = null;
        try {
            if (quantized) {
                q = QuantizedModel.load(file, net);
            } else {
                Checkpoint.load(file, net);
            }
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
        net.eval();
        return new Saved(net, q);
    }
}
