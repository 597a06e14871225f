package dev.gatun.serve;

import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.checkpoint.CheckpointException;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.checkpoint.SafetensorsWriter;
import dev.gatun.checkpoint.SafetensorsWriter.Source;
import dev.gatun.nn.Module;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's int8 quantization: its {@link QuantizedLayer}s by name, as a {@link Quantizer} made
 * them or a quantized checkpoint holds them. {@link Predictor.Builder#quantized} runs them.
 *
 * <p><b>Checkpoint layout</b> (safetensors; the names of Hugging Face's compressed-tensors int8
 * format, the numbers of PyTorch's per-channel qint8 weights and per-tensor quint8 activations):
 * for a quantized layer {@code L}, {@code L.weight} holds I8 codes in the float weight's shape,
 * {@code L.weight_scale} F32 [out] the per-channel scales ({@code weight = weight_scale[j] * code},
 * zero point 0), {@code L.input_scale} F32 [1] and {@code L.input_zero_point} U8 [1] the input's
 * affine quantization. Every other tensor of the state dict (biases, norms) is F32 as in a float
 * checkpoint; the metadata holds {@code gatun.quantized = int8} and the calibration method. In
 * PyTorch: {@code torch.quantize_per_channel(w, weight_scale, zeros, 0, torch.qint8)} has these
 * codes, and {@code torch.quantize_per_tensor(x, input_scale, input_zero_point, torch.quint8)}
 * those of an input.
 */
public final class QuantizedModel {
    /** Metadata key marking a quantized checkpoint, and its value. */
    public static final String META = Checkpoint.META_QUANTIZED, INT8 = Checkpoint.QUANTIZED_INT8;
    static final String META_CALIBRATION = "gatun.calibration";
    static final String WEIGHT = ".weight", WEIGHT_SCALE = ".weight_scale", INPUT_SCALE = ".input_scale",
            INPUT_ZERO_POINT = ".input_zero_point";

    private final Map<String, QuantizedLayer> layers;
    private final String calibration;

    QuantizedModel(Map<String, QuantizedLayer> layers, String calibration) {
        this.layers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layers)); // in the model's order
        this.calibration = calibration;
    }

    /** The quantized layers by name ({@code "fc1"} for the state dict's {@code fc1.weight}). */
    public Map<String, QuantizedLayer> layers() {
        return layers;
    }

    /** How the input ranges were calibrated ({@code minmax}, {@code percentile 99.99}). */
    public String calibration() {
        return calibration;
    }

    /** Whether {@code file} is a quantized checkpoint. */
    public static boolean isQuantized(SafetensorsFile file) {
        return INT8.equals(file.metadata().get(META));
    }

    /**
     * Writes {@code model}'s state dict with these layers' weights as int8 codes and their scales
     * (the layout above), and the caller's {@code metadata} (what rebuilds the network). The file
     * is replaced atomically: a failure leaves any old file as it was.
     */
    public void save(Path file, Module model, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> state = model.stateDict();
        Map<String, Source> sources = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            QuantizedLayer q = layerOfWeight(e.getKey());
            if (q == null) {
                sources.put(e.getKey(), Source.of(e.getValue()));
                continue;
            }
            if (!Arrays.equals(q.weights().shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("QuantizedModel.save: layer " + q.name() + " has codes of shape "
                        + Arrays.toString(q.weights().shape()) + ", the model's weight is " + Arrays.toString(e.getValue().shape()));
            }
            sources.put(e.getKey(), new Source(q.weights().shape(), DataType.INT8, q.weights().segment()));
            sources.put(q.name() + WEIGHT_SCALE, Source.of(new int[] {q.channels()}, q.weightScales()));
            sources.put(q.name() + INPUT_SCALE, Source.of(new int[] {1}, new float[] {q.inputScale()}));
            MemorySegment zero = MemorySegment.ofArray(new byte[] {(byte) q.inputZeroPoint()});
            sources.put(q.name() + INPUT_ZERO_POINT, new Source(new int[] {1}, DataType.UINT8, zero));
        }
        for (String name : layers.keySet()) {
            if (!state.containsKey(name + WEIGHT)) {
                throw new IllegalArgumentException("QuantizedModel.save: layer " + name + " is not in the model (no " + name
                        + WEIGHT + ")");
            }
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", "pt");
        meta.put(META, INT8);
        meta.put(META_CALIBRATION, calibration);
        SafetensorsWriter.writeSources(file, sources, meta);
    }

    private QuantizedLayer layerOfWeight(String stateName) {
        return stateName.endsWith(WEIGHT) ? layers.get(stateName.substring(0, stateName.length() - WEIGHT.length())) : null;
    }

    /**
     * Reads a quantized checkpoint of {@code model}: every tensor is checked (present, shape,
     * type, scales positive, zero points in range) before anything is written; then the float
     * tensors are loaded into the model, each quantized layer's float weight set to the values
     * its codes stand for (so the model's own forward sees what the predictor computes, up to
     * the input's quantization), and the quantization returned.
     */
    public static QuantizedModel load(Path file, Module model) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            if (!isQuantized(f)) {
                throw new CheckpointException(f.path(), null, "not a quantized checkpoint (no " + META + " = " + INT8
                        + " in its metadata); quantize it first (gatun quantize)");
            }
            Map<String, QuantizedLayer> layers = new LinkedHashMap<>();
            Map<String, Tensor> floats = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
                String name = e.getKey();
                String layer = name.endsWith(WEIGHT) ? name.substring(0, name.length() - WEIGHT.length()) : null;
                if (layer != null && f.entries().containsKey(layer + WEIGHT_SCALE)) {
                    layers.put(layer, readLayer(f, layer, e.getValue().shape()));
                } else {
                    f.check(name, e.getValue().shape());
                    floats.put(name, e.getValue());
                }
            }
            // all checked: from here on nothing fails for a reason of the file's
            for (Map.Entry<String, Tensor> e : floats.entrySet()) {
                f.readInto(e.getKey(), e.getValue());
            }
            Map<String, Tensor> state = model.stateDict();
            try (Scope s = Scope.confined()) {
                for (QuantizedLayer q : layers.values()) {
                    Tensor w = q.dequantizedWeights();
                    state.get(q.name() + WEIGHT).copyFrom(w.toArray());
                }
            }
            String calibration = f.metadata().getOrDefault(META_CALIBRATION, "unknown");
            return new QuantizedModel(layers, calibration);
        }
    }

    private static QuantizedLayer readLayer(SafetensorsFile f, String layer, int[] shape) throws CheckpointException {
        f.check(layer + WEIGHT, shape);
        Tensor codes = Tensor.constant(f.tensor(layer + WEIGHT, DataType.INT8)); // a copy: the mapping closes with the file
        f.check(layer + WEIGHT_SCALE, new int[] {shape[0]});
        float[] scales = f.floats(layer + WEIGHT_SCALE);
        f.check(layer + INPUT_SCALE, new int[] {1});
        f.check(layer + INPUT_ZERO_POINT, new int[] {1});
        float inputScale = f.floats(layer + INPUT_SCALE)[0];
        Tensor zero = f.tensor(layer + INPUT_ZERO_POINT, DataType.UINT8);
        int zeroPoint = Byte.toUnsignedInt(zero.segment().get(ValueLayout.JAVA_BYTE, 0));
        try {
            return new QuantizedLayer(layer, codes, scales, inputScale, zeroPoint);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(f.path(), layer, e.getMessage(), e);
        }
    }
}
