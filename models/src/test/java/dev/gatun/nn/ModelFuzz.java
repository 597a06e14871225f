package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.nn.loss.Loss;
import dev.gatun.nn.loss.Losses;
import dev.gatun.optim.Optimizer;
import dev.gatun.optim.Optimizers;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Crash-safety fuzzing one level up from the ops: random layer stacks (dense, convolutional,
 * recurrent; sizes that fit and sizes that do not), random inputs (wrong widths, channels and
 * ranks, empty batches, tiny images, NaN), forward in training and evaluation mode, with and
 * without the tape, backward, losses with bad targets, optimizer steps, modules used after
 * close, and checkpoints saved, damaged and loaded into models that may not fit (a failed load
 * must leave the model as it was). Every failure must be an IllegalArgumentException,
 * IllegalStateException, IndexOutOfBoundsException, ArithmeticException or IOException with a
 * message; anything else, or a crash of this JVM (which is why
 * {@link ModelFuzzTest} forks it), fails. Prints {@code fuzz ok: ...} last.
 *
 * <p>Usage: {@code ModelFuzz SEED CASES}.
 */
public final class ModelFuzz {
    private static final int[] WIDTHS = {0, 1, 2, 3, 7, 33};
    private static final String[] SCENARIOS = {"stack forward/backward", "loss", "train step", "closed module",
        "image stack", "recurrent", "save/load", "predictor outputs", "predictor NaN/inf", "huge shapes"};
    /** Scenarios from here on assert their outcome ({@link PredictorFuzzCases}); any exception escaping them fails. */
    private static final int FIRST_ASSERTED = 7;

    private final Rng rng;
    private final long[] tried = new long[SCENARIOS.length];
    private final long[] rejected = new long[SCENARIOS.length];

    private final PredictorFuzzCases asserted;

    private ModelFuzz(long seed) {
        rng = new Rng(seed);
        asserted = new PredictorFuzzCases(rng.split());
    }

    public static void main(String[] args) {
        ModelFuzz fuzz = new ModelFuzz(Long.parseLong(args[0]));
        int cases = Integer.parseInt(args[1]);
        List<String> names = new ArrayList<>();
        for (Backend backend : Backends.available()) {
            try (Backends.Using u = Backends.using(backend)) {
                for (int i = 0; i < cases; i++) {
                    int scenario = fuzz.rng.nextInt(SCENARIOS.length);
                    fuzz.tried[scenario]++;
                    try (Scope scope = Scope.confined()) {
                        fuzz.run(scenario);
                    } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException
                             | ArithmeticException | IOException e) {
                        if (e.getMessage() == null || e.getMessage().isBlank() || scenario >= FIRST_ASSERTED) {
                            fail(backend, i, scenario, e);
                        }
                        fuzz.rejected[scenario]++;
                    } catch (Throwable e) {
                        fail(backend, i, scenario, e);
                    }
                }
            }
            names.add(backend.name());
        }
        System.out.println("rejected per scenario " + Arrays.toString(SCENARIOS) + ": " + Arrays.toString(fuzz.rejected)
                + " of " + Arrays.toString(fuzz.tried));
        System.out.println("asserted predictor cases: " + fuzz.asserted.checked + " results equal to the scalar backend's, "
                + fuzz.asserted.refused + " refusals with the expected message");
        System.out.println("fuzz ok: " + cases + " cases on each of " + names + ", " + Arrays.stream(fuzz.tried).sum()
                + " calls, 0 crashes, " + Arrays.stream(fuzz.rejected).sum() + " rejected with a clear exception");
    }

    private static void fail(Backend backend, int i, int scenario, Throwable e) {
        System.out.println("fuzz FAILED on " + backend.name() + ", case " + i + " (" + SCENARIOS[scenario] + "):");
        e.printStackTrace(System.out);
        System.out.println("fuzz FAILED: " + e);
        System.exit(1);
    }

    private void run(int scenario) throws IOException {
        switch (scenario) {
            case 0 -> {
                try (Module m = stack()) {
                    forwardBackward(m, input(firstWidth(m)));
                }
            }
            case 1 -> {
                Loss loss = Losses.byName(pick(Losses.names()));
                int rows = width(), classes = width();
                Var out = Var.leaf(Tensor.normal(rng, 0, 1, rows, classes), true);
                Tensor target = rng.nextInt(2) == 0
                        ? labels(rows + (rng.nextInt(5) == 0 ? 1 : 0), classes)
                        : Tensor.normal(rng, 0, 1, rows, rng.nextInt(5) == 0 ? width() : classes);
                loss.forward(out, target).backward();
            }
            case 2 -> {
                try (Module m = stack()) {
                    Optimizer opt = Optimizers.byName(pick(Optimizers.names()), m.parameters(),
                            rng.nextInt(8) == 0 ? Float.NaN : 0.01f);
                    Var out = m.forward(Var.constant(input(firstWidth(m))));
                    Var loss = F.mean(F.square(out));
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                }
            }
            case 3 -> {
                Module m = stack();
                Tensor x = input(firstWidth(m));
                m.close();
                m.forward(Var.constant(x)); // must throw if it has parameters; a parameter-free stack may run
            }
            case 4 -> {
                int channels = 1 + rng.nextInt(4);
                try (Module m = imageStack(channels)) {
                    int c = rng.nextInt(6) == 0 ? 1 + rng.nextInt(4) : channels;
                    forwardBackward(m, Tensor.normal(rng, 0, 1, rng.nextInt(3), c, rng.nextInt(12), rng.nextInt(12)));
                }
            }
            case 5 -> {
                try (Module m = recurrent()) {
                    int feature = firstWidth(m);
                    int[] shape = rng.nextInt(6) == 0 ? new int[] {width(), width()}
                            : new int[] {rng.nextInt(5), rng.nextInt(4), rng.nextInt(6) == 0 ? width() : feature};
                    forwardBackward(m, Tensor.normal(rng, 0, 1, shape));
                }
            }
            case 6 -> saveAndLoad();
            case 7 -> asserted.outputs();
            case 8 -> asserted.specialInputs();
            default -> asserted.hugeShapes();
        }
    }

    /**
     * Saves a stack, damages the file (or not) and loads it into a stack that may not fit: a load
     * either succeeds or throws, and when it throws the target's weights are as they were.
     */
    private void saveAndLoad() throws IOException {
        Path file = Files.createTempFile("gatun-fuzz-", ".safetensors");
        try (Module source = stack(); Module other = stack()) {
            Module target = rng.nextInt(3) == 0 ? other : source;
            Checkpoint.save(file, source);
            damage(file);
            Map<String, float[]> before = values(target);
            try {
                Checkpoint.load(file, target);
            } catch (IOException | RuntimeException e) {
                Map<String, float[]> after = values(target);
                for (var entry : before.entrySet()) {
                    if (!Arrays.equals(entry.getValue(), after.get(entry.getKey()))) {
                        throw new AssertionError("a failed load changed '" + entry.getKey() + "': " + e, e);
                    }
                }
                throw e;
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Truncates, overwrites a few bytes (header or data), appends garbage, or leaves the file alone. */
    private void damage(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        switch (rng.nextInt(5)) {
            case 0 -> Files.write(file, Arrays.copyOf(bytes, rng.nextInt(bytes.length)));
            case 1, 2 -> {
                for (int i = 0, n = 1 + rng.nextInt(4); i < n; i++) {
                    int at = rng.nextInt(2) == 0 ? rng.nextInt(Math.min(bytes.length, 64)) : rng.nextInt(bytes.length);
                    bytes[at] = (byte) rng.nextInt(256);
                }
                Files.write(file, bytes);
            }
            case 3 -> Files.write(file, new byte[] {(byte) rng.nextInt(256), 1, 2}, StandardOpenOption.APPEND);
            default -> { }
        }
    }

    private static Map<String, float[]> values(Module m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((name, t) -> out.put(name, t.toArray()));
        return out;
    }

    private void forwardBackward(Module m, Tensor x) {
        m.train(rng.nextInt(2) == 0);
        if (rng.nextInt(3) == 0) {
            try (var _ = NoGrad.enter()) {
                m.forward(Var.constant(x));
            }
            return;
        }
        Var out = m.forward(Var.leaf(x, rng.nextInt(2) == 0));
        F.sum(out).backward();
    }

    // ---- random models and inputs -----------------------------------------------------------

    private int width() {
        return WIDTHS[rng.nextInt(WIDTHS.length)];
    }

    /** A Sequential of 1-4 layers whose widths usually chain and sometimes do not. */
    private Module stack() {
        Sequential s = new Sequential();
        int w = width();
        for (int i = 0, n = 1 + rng.nextInt(4); i < n; i++) {
            int in = rng.nextInt(6) == 0 ? width() : w;
            switch (rng.nextInt(5)) {
                case 0, 1 -> {
                    int out = width();
                    s.add(new Linear(in, out, rng.nextInt(4) != 0, rng));
                    w = out;
                }
                case 2 -> s.add(new LayerNorm(in));
                case 3 -> s.add(new Dropout(rng.nextFloat() * 0.9f, rng));
                default -> s.add(Activations.byName(pick(Activations.names())));
            }
        }
        return s;
    }

    /** Conv2d / BatchNorm2d / pooling layers on [N, C, H, W] with odd hyper-parameters, then Flatten. */
    private Module imageStack(int channels) {
        Sequential s = new Sequential();
        int c = channels;
        for (int i = 0, n = 1 + rng.nextInt(3); i < n; i++) {
            switch (rng.nextInt(4)) {
                case 0, 1 -> {
                    int groups = rng.nextInt(3) == 0 ? c : 1;
                    int out = groups > 1 ? c * (1 + rng.nextInt(2)) : 1 + rng.nextInt(5);
                    Conv2dParams p = Conv2dParams.of(1 + rng.nextInt(3), rng.nextInt(3))
                            .withDilation(1 + rng.nextInt(2), 1).withGroups(groups);
                    s.add(new Conv2d(c, out, 1 + rng.nextInt(5), 1 + rng.nextInt(4), p, rng.nextInt(2) == 0, rng));
                    c = out;
                }
                case 2 -> s.add(new BatchNorm2d(rng.nextInt(8) == 0 ? c + 1 : c));
                default -> {
                    int k = 1 + rng.nextInt(4);
                    s.add(rng.nextInt(2) == 0 ? new MaxPool2d(k, 1 + rng.nextInt(3), rng.nextInt(k / 2 + 1))
                            : new AvgPool2d(k, 1 + rng.nextInt(3), rng.nextInt(k / 2 + 1)));
                }
            }
        }
        return s.add(new Flatten());
    }

    /** An RNN, LSTM or GRU of random size, depth and direction, (seq, batch, feature) or batch first. */
    private Module recurrent() {
        int in = 1 + rng.nextInt(6), hidden = 1 + rng.nextInt(6), layers = 1 + rng.nextInt(2);
        boolean bias = rng.nextInt(4) != 0, bidirectional = rng.nextInt(2) == 0;
        return switch (rng.nextInt(3)) {
            case 0 -> new LSTM(in, hidden, layers, bias, false, bidirectional, rng);
            case 1 -> new GRU(in, hidden, layers, bias, false, bidirectional, rng);
            default -> new RNN(in, hidden, layers, rng.nextInt(2) == 0 ? "tanh" : "relu", bias, false, bidirectional, rng);
        };
    }

    private static int firstWidth(Module m) {
        for (Parameter p : m.parameters()) {
            return p.shape()[p.shape().length - 1];
        }
        return 3;
    }

    /** Usually [rows, width]; sometimes another width, another rank, no rows, or a NaN. */
    private Tensor input(int width) {
        int rows = width();
        int[] shape = switch (rng.nextInt(8)) {
            case 0 -> new int[] {rows, width()};
            case 1 -> new int[] {width};
            case 2 -> new int[] {2, rows, width};
            default -> new int[] {rows, width};
        };
        Tensor x = Tensor.normal(rng, 0, 1, shape);
        if (x.numel() > 0 && rng.nextInt(10) == 0) {
            x.set(Float.NaN, new int[shape.length]);
        }
        return x;
    }

    private Tensor labels(int rows, int classes) {
        float[] v = new float[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = rng.nextInt(10) == 0 ? -1 : rng.nextInt(Math.max(1, classes + 1)); // sometimes out of range
        }
        return Tensor.of(v, rows);
    }

    private <T> T pick(List<T> values) {
        return values.get(rng.nextInt(values.size()));
    }
}
