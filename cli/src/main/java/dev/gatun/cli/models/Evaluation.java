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
        int rows = test.rows(), columns = test.columns();
        float[] features = test.features();
        long right = 0;
        int full = rows / BATCH * BATCH;
        if (full > 0) {
            right += correct(net, quantized, backend, test, features, 0, full, BATCH);
        }
        if (full < rows) {
            right += correct(net, quantized, backend, test, features, full, rows, rows - full);
        }
        return rows == 0 ? 0 : (double) right / rows;
    }

    private static long correct(Module net, QuantizedModel q, Backend backend, Dataset test, float[] features, int from, int to,
                                int batch) {
        int columns = test.columns();
        Predictor.Builder b = Predictor.builder(net).inputShape(batch, columns).backend(backend).maxConcurrency(1);
        if (q != null) {
            b.quantized(q);
        }
        long right = 0;
        try (Predictor p = b.build()) {
            float[] in = new float[batch * columns], out = new float[p.outputSize()];
            int classes = out.length / batch;
            for (int start = from; start < to; start += batch) {
                System.arraycopy(features, start * columns, in, 0, in.length);
                p.predict(in, out);
                for (int r = 0; r < batch; r++) {
                    right += argmax(out, r * classes, classes) == test.label(start + r) ? 1 : 0;
                }
            }
        }
        return right;
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
