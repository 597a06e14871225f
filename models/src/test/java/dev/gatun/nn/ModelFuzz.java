package dev.gatun.nn;

import dev.gatun.autograd.F;
import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.nn.loss.Loss;
import dev.gatun.nn.loss.Losses;
import dev.gatun.optim.Optimizer;
import dev.gatun.optim.Optimizers;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Crash-safety fuzzing one level up from the ops: random layer stacks (sizes that fit and sizes
 * that do not), random inputs (wrong widths and ranks, empty batches, NaN), forward in training
 * and evaluation mode, with and without the tape, backward, losses with bad targets, optimizer
 * steps, and modules used after close, on every available backend. Every failure must be an
 * IllegalArgumentException, IllegalStateException, IndexOutOfBoundsException or
 * ArithmeticException with a message; anything else, or a crash of this JVM (which is why
 * {@link ModelFuzzTest} forks it), fails. Prints {@code fuzz ok: ...} last.
 *
 * <p>Usage: {@code ModelFuzz SEED CASES}.
 */
public final class ModelFuzz {
    private static final int[] WIDTHS = {0, 1, 2, 3, 7, 33};
    private static final String[] SCENARIOS = {"stack forward/backward", "loss", "train step", "closed module"};

    private final Rng rng;
    private final long[] tried = new long[SCENARIOS.length];
    private final long[] rejected = new long[SCENARIOS.length];

    private ModelFuzz(long seed) {
        rng = new Rng(seed);
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
                             | ArithmeticException e) {
                        if (e.getMessage() == null || e.getMessage().isBlank()) {
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
        System.out.println("fuzz ok: " + cases + " cases on each of " + names + ", "
                + Arrays.stream(fuzz.rejected).sum() + " rejected with a clear exception");
    }

    private static void fail(Backend backend, int i, int scenario, Throwable e) {
        System.out.println("fuzz FAILED on " + backend.name() + ", case " + i + " (" + SCENARIOS[scenario] + "):");
        e.printStackTrace(System.out);
        System.out.println("fuzz FAILED: " + e);
        System.exit(1);
    }

    private void run(int scenario) {
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
            default -> {
                Module m = stack();
                Tensor x = input(firstWidth(m));
                m.close();
                m.forward(Var.constant(x)); // must throw if it has parameters; a parameter-free stack may run
            }
        }
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
