package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A predictor's weights, shared by all its plans: its float32 copy (or mapped view) of each
 * tensor of the model's state dict, by the live tensor; in bf16 precision, the bf16 copies of the
 * weights that matrix products read, made the first time a plan asks (so biases and norm
 * parameters, which stay float32, are never converted); the quantized layers, by their live
 * float weight, with their product scales; and, while a {@link Quantizer} calibrates, an
 * observer per layer input.
 */
final class PlanWeights {
    private final Map<Tensor, Tensor> weights;
    private final DataType precision;
    private final Map<Tensor, QuantizedLayer> quantized;
    private final Map<Tensor, Calibration.Observer> observers;
    private final Map<Tensor, Tensor> products = new ConcurrentHashMap<>(); // Tensor has identity equality
    private final Map<QuantizedLayer, Tensor> scales = new ConcurrentHashMap<>();
    private volatile boolean widened; // bf16 weights kept as float32 copies of their rounded values

    PlanWeights(Map<Tensor, Tensor> weights, DataType precision, Map<Tensor, QuantizedLayer> quantized,
                Map<Tensor, Calibration.Observer> observers) {
        this.weights = weights;
        this.precision = precision;
        this.quantized = quantized;
        this.observers = observers;
    }

    /**
     * These weights for plans on {@code backend}: in bf16, when its kernels would widen bf16
     * operands to float32 on every call ({@link Backend#bf16Arithmetic()} false), the weights are
     * kept widened, as float32 copies of their bf16-rounded values (the same results).
     */
    PlanWeights on(Backend backend) {
        widened = !backend.bf16Arithmetic();
        return this;
    }

    DataType precision() {
        return precision;
    }

    Tensor weight(Tensor live) {
        Tensor w = weights.get(live);
        if (w == null) {
            throw new IllegalArgumentException("Predictor: a layer asked for a weight " + live
                    + " that is not in the model's state dict");
        }
        return w;
    }

    /** The quantized layer whose float weight is {@code live}, or null when that layer runs in floats. */
    QuantizedLayer quantized(Tensor live) {
        return quantized.get(live);
    }

    /** The calibration observer of the layer whose weight is {@code live}, or null when not calibrating. */
    Calibration.Observer observer(Tensor live) {
        return observers.get(live);
    }

    /** {@code q}'s per-channel product scales, made once per predictor. */
    Tensor productScales(QuantizedLayer q) {
        return scales.computeIfAbsent(q, l -> l.productScales(Scope.auto()));
    }

    Tensor productWeight(Tensor live) {
        Tensor w = weight(live);
        if (precision == DataType.FLOAT32) {
            return w;
        }
        return products.computeIfAbsent(live, l -> {
            Tensor half = Tensor.empty(Scope.auto(), precision, w.shape()); // lives as long as the predictor holds it
            w.convertInto(half);
            if (!widened) {
                return Tensor.constant(half);
            }
            Tensor rounded = Tensor.empty(Scope.auto(), DataType.FLOAT32, w.shape());
            half.convertInto(rounded);
            return Tensor.constant(rounded);
        });
    }
}
