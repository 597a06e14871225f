package dev.gatun.cli.models;

import dev.gatun.backend.Backend;
import dev.gatun.data.Dataset;
import dev.gatun.nn.Module;
import dev.gatun.serve.Predictor;
import dev.gatun.serve.QuantizedModel;

/**
 * Test accuracy of a saved classifier as a service would get it: through {@link Predictor}s
 * (float32, or int8 with its quantization) in batches, the arg-max of each row's scores.
 */
public final class Evaluation {
    private Evaluation() {}

    /** Rows per predictor call. */
    static final int BATCH = 256;

    /** The fraction of {@code test}'s rows whose arg-max score is their label; {@code quantized} null for float32. */
    public static double accuracy(Module net, QuantizedModel quantized, Backend backend, Dataset test) {
        int rows = test.rows();
        if (rows == 0) {
            return 0;
        }
        return accuracy(scores(net, quantized, backend, test), test);
    }

    /** The fraction of {@code labelled}'s rows (at least one) whose arg-max in {@code scores} [rows, classes] is their label. */
    public static double accuracy(float[] scores, Dataset labelled) {
        int rows = labelled.rows(), classes = scores.length / rows;
        long right = 0;
        for (int r = 0; r < rows; r++) {
            right += argmax(scores, r * classes, classes) == labelled.label(r) ? 1 : 0;
        }
        return (double) right / rows;
    }

    /**
     * Every row's scores [rows, outputs], row-major, as a service gets them: through Predictors
     * of {@link #BATCH} rows (and one for the rest); {@code quantized} null for float32.
     */
    public static float[] scores(Module net, QuantizedModel quantized, Backend backend, Dataset data) {
        int rows = data.rows();
        float[] features = data.features();
        int full = rows / BATCH * BATCH;
        float[] head = full > 0 ? scores(net, quantized, backend, data.columns(), features, 0, full, BATCH) : new float[0];
        float[] tail = full < rows ? scores(net, quantized, backend, data.columns(), features, full, rows, rows - full)
                : new float[0];
        float[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static float[] scores(Module net, QuantizedModel q, Backend backend, int columns, float[] features, int from,
                                  int to, int batch) {
        Predictor.Builder b = Predictor.builder(net).inputShape(batch, columns).backend(backend).maxConcurrency(1);
        if (q != null) {
            b.quantized(q);
        }
        try (Predictor p = b.build()) {
            float[] in = new float[batch * columns], out = new float[p.outputSize()];
            int outputs = out.length / batch;
            float[] scores = new float[(to - from) * outputs];
            for (int start = from; start < to; start += batch) {
                System.arraycopy(features, start * columns, in, 0, in.length);
                p.predict(in, out);
                System.arraycopy(out, 0, scores, (start - from) * outputs, out.length);
            }
            return scores;
        }
    }

    static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }

    /** Parameters of a model: every value of its state dict but batch norms' running statistics. */
    public static long parameters(Module net) {
        return net.parameters().stream().mapToLong(p -> p.value().numel()).sum();
    }
}
