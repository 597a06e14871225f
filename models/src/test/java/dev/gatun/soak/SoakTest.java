package dev.gatun.soak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.loss.CrossEntropyLoss;
import dev.gatun.optim.Adam;
import dev.gatun.optim.Optimizer;
import dev.gatun.serve.Predictor;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Long runs that a leak would show in: 1,000 training steps, then 100,000 batch-1 predictions,
 * of the 784-256-128-10 MLP on the default backend (through a {@link Predictor}), sampling memory at ten points of each.
 * The peaks of the resident set, of the JVM's native memory and of the heap after a full
 * collection in the second half of each run must stay within a few MB of the first half's. Not part of the default test run:
 * {@code ./mvnw -Psoak -pl models -am verify} (see docs/reliability.md).
 */
@Tag("soak")
class SoakTest {
    static final int TRAIN_STEPS = 1_000;
    static final int PREDICTIONS = 100_000;
    static final int SAMPLES = 10;
    // Allowed growth of the peak; off-heap tensors are malloc'ed through Unsafe, which NMT counts
    // exactly, so a leaked tensor per step or per 1,000 calls would break its 16 MB.
    static final long RSS_SLACK_KB = 64 * 1024, NMT_SLACK_KB = 16 * 1024, HEAP_SLACK_KB = 16 * 1024;

    private static Sequential mlp(Rng rng) {
        return new Sequential(new Linear(784, 256, rng), new ReLU(), new Linear(256, 128, rng), new ReLU(),
                new Linear(128, 10, rng));
    }

    @Test
    @Timeout(600)
    void trainingAndPredictingKeepMemoryFlat() {
        System.out.println("backend: " + Backends.current().describe());
        Rng rng = new Rng(42);
        MemoryProbe probe = new MemoryProbe();
        try (Sequential model = mlp(rng); Scope data = Scope.detachedShared()) {
            Tensor x = Tensor.uniform(rng, -1, 1, 32, 784);
            int[] labels = new int[32];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 10;
            }
            Tensor y = Tensor.of(toFloats(labels), 32);
            Optimizer adam = new Adam(model.parameters(), 1e-3f);
            CrossEntropyLoss loss = new CrossEntropyLoss();
            int every = TRAIN_STEPS / SAMPLES;
            for (int step = 1; step <= TRAIN_STEPS; step++) {
                try (Scope s = Scope.confined()) {
                    Var l = loss.forward(model.forward(Var.constant(x)), y);
                    adam.zeroGrad();
                    l.backward();
                    adam.step();
                }
                if (step % every == 0) {
                    System.out.println(probe.sample("train step " + step));
                }
            }
            assertFlat("training", probe.samples());

            // The service path: a Predictor planned once, called with the caller's own arrays.
            MemoryProbe predictions = new MemoryProbe();
            model.eval();
            float[] in = Tensor.uniform(rng, -1, 1, 784).toArray(), out = new float[10];
            every = PREDICTIONS / SAMPLES;
            float checksum = 0;
            try (Predictor predictor = Predictor.of(model, 1, 784)) {
                for (int i = 1; i <= PREDICTIONS; i++) {
                    predictor.predict(in, out);
                    checksum += out[3];
                    if (i % every == 0) {
                        System.out.println(predictions.sample("prediction " + i));
                    }
                }
            }
            assertTrue(Float.isFinite(checksum), "predictions are finite");
            assertFlat("prediction", predictions.samples());
        }
    }

    private static float[] toFloats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    /**
     * The second half of the run stays within the slack of the first half's peak. Peaks, not
     * single samples: glibc's malloc keeps freed blocks for reuse, so the resident set swings by
     * tens of MB between samples without growing; a leak shows as a rising peak.
     */
    private static void assertFlat(String phase, List<MemoryProbe.Sample> samples) {
        check(phase, "resident set", samples, MemoryProbe.Sample::rssKb, RSS_SLACK_KB);
        if (samples.getFirst().nmtCommittedKb() >= 0) {
            check(phase, "JVM native memory (NMT)", samples, MemoryProbe.Sample::nmtCommittedKb, NMT_SLACK_KB);
        }
        check(phase, "heap after GC", samples, MemoryProbe.Sample::heapKb, HEAP_SLACK_KB);
    }

    private static void check(String phase, String what, List<MemoryProbe.Sample> samples,
                              ToLongFunction<MemoryProbe.Sample> kb, long slackKb) {
        int half = samples.size() / 2;
        long firstPeak = samples.subList(0, half).stream().mapToLong(kb).max().orElseThrow();
        long secondPeak = samples.subList(half, samples.size()).stream().mapToLong(kb).max().orElseThrow();
        assertTrue(secondPeak - firstPeak <= slackKb, phase + ": " + what + " peaked " + (secondPeak - firstPeak)
                + " KB higher in the second half of the run (allowed " + slackKb + " KB): " + samples);
    }
}
