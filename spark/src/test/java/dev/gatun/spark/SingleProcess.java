package dev.gatun.spark;

import dev.gatun.nn.Module;
import dev.gatun.optim.Optimizer;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.train.TrainStep;
import java.util.List;
import java.util.Map;

/**
 * The one-process run a K-worker run must equal: batch K b, step i made of the workers' step-i
 * rows rank by rank ({@link Worker#order}), the same factories.
 */
final class SingleProcess {
    private SingleProcess() {}

    /** Trains on {@code partitions} (worker r's rows) as one process; returns the state dict as arrays. */
    static Map<String, float[]> train(SparkTrainConfig c, List<List<LabeledRow>> partitions, long maxSteps) {
        int k = partitions.size(), b = c.batchPerWorker(), sample = c.sampleSize();
        long steps = Long.MAX_VALUE;
        for (List<LabeledRow> p : partitions) {
            steps = Math.min(steps, p.size() / b);
        }
        try (Module model = c.model().get()) {
            model.train();
            Optimizer opt = c.optimizer().apply(model.parameters());
            TrainStep step = new TrainStep(model, c.loss().get(), opt, List.of(), 0f, false, List.of(), false);
            int[] shape = new int[c.inputShape().length + 1];
            shape[0] = k * b;
            System.arraycopy(c.inputShape(), 0, shape, 1, shape.length - 1);
            long done = 0;
            for (int epoch = 0; epoch < c.epochs() && done < maxSteps; epoch++) {
                int[][] orders = new int[k][];
                for (int r = 0; r < k; r++) {
                    orders[r] = Worker.order(c.seed(), epoch, r, partitions.get(r).size());
                }
                for (long i = 0; i < steps && done < maxSteps; i++, done++) {
                    float[] x = new float[k * b * sample], y = new float[k * b];
                    int[] labels = new int[k * b];
                    for (int r = 0; r < k; r++) {
                        for (int j = 0; j < b; j++) {
                            LabeledRow row = partitions.get(r).get(orders[r][(int) (i * b) + j]);
                            System.arraycopy(row.features(), 0, x, (r * b + j) * sample, sample);
                            y[r * b + j] = row.label();
                            labels[r * b + j] = (int) row.label();
                        }
                    }
                    try (Scope s = Scope.confined()) {
                        step.step(Tensor.of(x, shape), Tensor.of(y), labels);
                    }
                }
            }
            Map<String, float[]> out = new java.util.LinkedHashMap<>();
            model.stateDict().forEach((name, t) -> out.put(name, t.toArray()));
            return out;
        }
    }

    /** Largest |a - b| relative to the largest |a| over every tensor. */
    static double relativeDifference(Map<String, float[]> a, Map<String, float[]> b) {
        double diff = 0, max = 0;
        for (var e : a.entrySet()) {
            float[] x = e.getValue(), y = b.get(e.getKey());
            for (int i = 0; i < x.length; i++) {
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
                max = Math.max(max, Math.abs(x[i]));
            }
        }
        return diff / Math.max(max, 1e-30);
    }
}
