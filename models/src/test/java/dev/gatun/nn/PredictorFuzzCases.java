package dev.gatun.nn;

import dev.gatun.backend.Backends;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.serve.Predictor;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * {@link ModelFuzz}'s asserted cases for issue 16, through a {@link Predictor} on the current
 * backend: read-only, strided, broadcast and overlapping outputs, NaN/inf inputs (each row's
 * scores against the scalar backend's, NaN where the row holds one), and shapes past a long's
 * element count. A wrong outcome throws {@link AssertionError}.
 */
final class PredictorFuzzCases {
    private static final ScalarBackend ORACLE = new ScalarBackend();
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    private final Rng rng;
    long checked;
    long refused;

    PredictorFuzzCases(Rng rng) {
        this.rng = rng;
    }

    /** A small dense classifier of {@code width} features into {@code width} scores (so input and output can share memory). */
    private Sequential model(int width) {
        Rng r = rng.split();
        int hidden = 1 + rng.nextInt(9);
        return rng.nextInt(2) == 0
                ? new Sequential(new Linear(width, hidden, r), new ReLU(), new Linear(hidden, width, r), new Softmax())
                : new Sequential(new Linear(width, hidden, r), new Tanh(), new LayerNorm(hidden), new Linear(hidden, width, r));
    }

    /** Outputs that are read-only, strided, broadcast or the input itself. */
    void outputs() {
        int batch = 1 + rng.nextInt(4), width = 2 + rng.nextInt(7);
        try (Sequential m = model(width); Predictor p = Predictor.builder(m).inputShape(batch, width).build()) {
            Tensor x = Tensor.uniform(rng, -2, 2, batch, width);
            float[] want = p.predict(x.toArray());
            switch (rng.nextInt(5)) {
                case 0 -> {
                    MemorySegment out = Scope.current().arena().allocate((long) batch * width * 4, 64);
                    refuse("read-only segment", "read-only", () -> p.predict(
                            Scope.current().arena().allocate((long) batch * width * 4, 64), out.asReadOnly()));
                    if (out.getAtIndex(ValueLayout.JAVA_FLOAT, 0) != 0f) {
                        throw new AssertionError("a refused read-only output was written");
                    }
                }
                case 1 -> refuse("read-only tensor", "read-only", () -> p.predict(x,
                        Tensor.wrap(Scope.current(), Tensor.zeros(batch, width).segment().asReadOnly(), batch, width)));
                case 2 -> {
                    Tensor t = Tensor.zeros(width, batch).transpose(0, 1); // strided: allowed
                    p.predict(x, t);
                    same("strided output", want, t.toArray());
                }
                case 3 -> refuse("broadcast output", "broadcast", () -> p.predict(x, Tensor.zeros(batch, 1).broadcastTo(batch, width)));
                default -> {
                    p.predict(x, x); // output over its own input: the input is read first
                    same("output = input", want, x.toArray());
                }
            }
        }
    }

    /** NaN and infinities in random rows: every backend's scores equal the scalar backend's, NaN included. */
    void specialInputs() {
        int batch = 1 + rng.nextInt(4), width = 2 + rng.nextInt(7);
        float[] x = new float[batch * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.uniform(-2, 2);
        }
        for (int i = 0, k = 1 + rng.nextInt(3); i < k; i++) {
            x[rng.nextInt(x.length)] = SPECIAL[rng.nextInt(SPECIAL.length)];
        }
        try (Sequential m = model(width);
             Predictor p = Predictor.builder(m).inputShape(batch, width).build();
             Predictor oracle = Predictor.builder(m).inputShape(batch, width).backend(ORACLE).build()) {
            float[] got = p.predict(x), want = oracle.predict(x);
            for (int r = 0; r < batch; r++) {
                boolean nanRow = false;
                for (int j = 0; j < width; j++) {
                    nanRow |= Float.isNaN(x[r * width + j]);
                }
                for (int j = 0; j < width && nanRow; j++) {
                    if (!Float.isNaN(got[r * width + j])) {
                        throw new AssertionError("row " + r + " holds a NaN input, score " + j + " is " + got[r * width + j]
                                + " on " + Backends.current().name());
                    }
                }
            }
            same("NaN/inf inputs " + Arrays.toString(x), want, got);
        }
    }

    /** Shapes whose element count passes a long's: refused with a message naming the shape. */
    void hugeShapes() {
        int big = Integer.MAX_VALUE - rng.nextInt(3);
        try (Sequential m = model(4)) {
            refuse("predictor of a huge shape", "too many elements", () -> Predictor.of(m, big, big, big, 4));
        }
    }

    private void same(String what, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            float w = want[i], g = got[i];
            boolean ok = Float.isNaN(w) ? Float.isNaN(g) : Float.isInfinite(w) ? w == g
                    : Math.abs(w - g) <= 1e-4f * Math.max(1f, Math.abs(w));
            if (!ok) {
                throw new AssertionError(what + " on " + Backends.current().name() + ": element " + i + " is " + g
                        + ", expected " + w + "\n got  " + Arrays.toString(got) + "\n want " + Arrays.toString(want));
            }
        }
        checked++;
    }

    private void refuse(String what, String word, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().contains(word)) {
                throw new AssertionError(what + ": expected a message with \"" + word + "\", got: " + e, e);
            }
            refused++;
            return;
        }
        throw new AssertionError(what + ": accepted");
    }
}
