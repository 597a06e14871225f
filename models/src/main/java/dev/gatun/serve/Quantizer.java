package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.nn.Module;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Post-training int8 quantization of a trained model's Linear and Conv2d layers: the model runs
 * (in float32, through the same plans a {@link Predictor} uses) on calibration batches while an
 * observer per layer records the values its input takes; {@link #quantize()} then fixes each
 * layer's uint8 input range ({@link Calibration}) and quantizes its weights per output channel,
 * symmetrically, to int8. Everything else (activations, pooling, norms, softmax, recurrent
 * layers) stays float32, with the quantize and dequantize steps at the edges of each int8 layer.
 *
 * <pre>{@code
 * Quantizer qz = Quantizer.builder(model).batchShape(64, 1, 28, 28).calibration(Calibration.percentile(99.99)).build();
 * for (float[] batch : calibrationBatches) qz.observe(batch);
 * QuantizedModel q = qz.quantize();
 * Predictor p = Predictor.builder(model).inputShape(1, 1, 28, 28).quantized(q).build();
 * }</pre>
 */
public final class Quantizer implements AutoCloseable {
    private final Module model;
    private final Calibration calibration;
    private final Map<String, Calibration.Observer> byName = new LinkedHashMap<>();
    private final Plan plan;
    private final int batchSize;
    private long batches;

    private Quantizer(Builder b) {
        this.model = b.model;
        this.calibration = b.calibration;
        int[] shape = Shapes.checkShape("Quantizer", b.batchShape);
        this.batchSize = Math.toIntExact(Shapes.numel(shape));
        Map<Tensor, Tensor> live = new IdentityHashMap<>();
        Map<Tensor, Calibration.Observer> observers = new IdentityHashMap<>();
        long seed = 0x9e3779b97f4a7c15L;
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            live.put(e.getValue(), e.getValue()); // the live tensors themselves: calibration sees the model as it is
            if (e.getKey().endsWith(QuantizedModel.WEIGHT)) {
                Calibration.Observer o = calibration.observer(seed++);
                observers.put(e.getValue(), o);
                byName.put(e.getKey().substring(0, e.getKey().length() - QuantizedModel.WEIGHT.length()), o);
            }
        }
        Backend backend = b.backend != null ? b.backend : Backends.current();
        this.plan = new Plan(model, shape, backend, new PlanWeights(live, DataType.FLOAT32, Map.of(), observers));
    }

    /** Starts a quantizer for {@code model}; give the calibration batch shape. */
    public static Builder builder(Module model) {
        return new Builder(model);
    }

    /** Options of a {@link Quantizer}. */
    public static final class Builder {
        private final Module model;
        private int[] batchShape;
        private Calibration calibration = Calibration.percentile(99.99);
        private Backend backend;

        private Builder(Module model) {
            if (model == null) {
                throw new IllegalArgumentException("Quantizer: model is null");
            }
            this.model = model;
        }

        /** The shape of each calibration batch, batch first ([64, 1, 28, 28]). */
        public Builder batchShape(int... shape) {
            this.batchShape = shape.clone();
            return this;
        }

        /** How input ranges are chosen (default: the 99.99th percentile). */
        public Builder calibration(Calibration c) {
            if (c == null) {
                throw new IllegalArgumentException("Quantizer: calibration is null");
            }
            this.calibration = c;
            return this;
        }

        /** The backend the calibration runs on (default: the current one). */
        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        public Quantizer build() {
            if (batchShape == null) {
                throw new IllegalArgumentException("Quantizer: no batch shape given (builder.batchShape(64, 784))");
            }
            return new Quantizer(this);
        }
    }

    /** Runs one calibration batch ({@code batchShape} floats, row-major) through the model. */
    public void observe(float[] batch) {
        if (batch.length != batchSize) {
            throw new IllegalArgumentException("Quantizer: a batch of " + batch.length + " floats, expected " + batchSize
                    + " for shape " + Shapes.str(plan.input.shape()));
        }
        MemorySegment.copy(batch, 0, plan.in, ValueLayout.JAVA_FLOAT, 0, batchSize);
        plan.run();
        batches++;
    }

    /** Calibration batches seen so far. */
    public long batches() {
        return batches;
    }

    /**
     * The quantization of every layer that saw input: Linear and Conv2d layers (others, such as
     * an embedding's or a recurrent layer's weights, have no int8 plan and stay float32).
     */
    public QuantizedModel quantize() {
        if (batches == 0) {
            throw new IllegalStateException("Quantizer: no calibration batch observed yet");
        }
        Map<String, Tensor> state = model.stateDict();
        Map<String, QuantizedLayer> layers = new LinkedHashMap<>();
        try (Scope s = Scope.confined()) {
            byName.forEach((name, o) -> {
                if (o.seen() > 0) {
                    float[] range = o.range();
                    layers.put(name, QuantizedLayer.of(name, state.get(name + QuantizedModel.WEIGHT), range[0], (int) range[1]));
                }
            });
        }
        return new QuantizedModel(layers, calibration.toString());
    }

    @Override
    public void close() {
        plan.close();
    }
}
