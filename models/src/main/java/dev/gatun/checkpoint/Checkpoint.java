package dev.gatun.checkpoint;

import dev.gatun.nn.Module;
import dev.gatun.nn.Parameter;
import dev.gatun.optim.Optimizer;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's {@linkplain Module#stateDict() state dict} and, optionally, its optimizer's state in
 * one safetensors file, under PyTorch's names and layouts, so {@code torch.load_state_dict}
 * reads what Gatun writes and the other way round:
 *
 * <pre>{@code
 * Checkpoint.save(path, model, optimizer);   // atomic: the old file survives a crash or a full disk
 * Checkpoint.load(path, model, optimizer);   // all checked first: on an error nothing has changed
 * }</pre>
 *
 * <p>Model tensors keep their dotted names ({@code 0.weight}, {@code 1.running_mean}).
 * Optimizer state goes under {@code optimizer.<parameter name>.<key>}, with PyTorch's keys
 * ({@code momentum_buffer}; {@code step}, {@code exp_avg}, {@code exp_avg_sq}), and only for
 * parameters PyTorch would have state for; the metadata names the optimizer and its learning
 * rate. Tensors of other names in the file (a trainer's extras) are ignored on load, like
 * PyTorch's {@code strict=False}; a missing tensor, a wrong shape or an unreadable dtype is a
 * {@link CheckpointException} naming the file and the tensor.
 *
 * <p>Save and load must not run while another thread trains the same model.
 */
public final class Checkpoint {
    /** Prefix of the optimizer's tensors. */
    public static final String OPTIMIZER = "optimizer.";
    /** Metadata marking an int8 quantized checkpoint ({@code dev.gatun.serve.QuantizedModel}), and its value. */
    public static final String META_QUANTIZED = "gatun.quantized", QUANTIZED_INT8 = "int8";
    static final String META_OPTIMIZER = "gatun.optimizer";
    static final String META_LR = "gatun.lr";

    private Checkpoint() {}

    /** Writes the model's state dict. */
    public static void save(Path file, Module model) throws IOException {
        save(file, model, null);
    }

    /** Writes the model's state dict and {@code optimizer}'s state (when not null). */
    public static void save(Path file, Module model, Optimizer optimizer) throws IOException {
        save(file, model, optimizer, Map.of());
    }

    /** As {@link #save(Path, Module, Optimizer)}, with {@code metadata} strings of the caller's added. */
    public static void save(Path file, Module model, Optimizer optimizer, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt"); // what Hugging Face's loaders expect of a PyTorch state dict
        meta.putAll(metadata);
        if (optimizer != null) {
            meta.put(META_OPTIMIZER, optimizer.getClass().getSimpleName());
            meta.put(META_LR, Float.toString(optimizer.learningRate()));
            List<String> names = parameterNames(model, optimizer);
            for (int i = 0; i < names.size(); i++) {
                if (optimizer.hasState(i)) {
                    String prefix = OPTIMIZER + names.get(i) + ".";
                    optimizer.state(i).forEach((key, t) -> tensors.put(prefix + key, t));
                }
            }
        }
        SafetensorsWriter.write(file, tensors, meta);
    }

    /** Loads the model's state dict from {@code file}; on any error the model is unchanged. */
    public static void load(Path file, Module model) throws IOException {
        load(file, model, null);
    }

    /**
     * Loads the model's state dict and, when {@code optimizer} is not null, its state and
     * learning rate; on any error neither has changed.
     */
    public static void load(Path file, Module model, Optimizer optimizer) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            if (QUANTIZED_INT8.equals(f.metadata().get(META_QUANTIZED))) { // its I8 codes would load as float weights
                throw new CheckpointException(f.path(), null, "an int8 quantized checkpoint: load it with QuantizedModel.load"
                        + " (gatun commands take it where they take a quantized model)");
            }
            Map<String, Tensor> copies = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
                plan(f, e.getKey(), e.getValue(), copies);
            }
            boolean[] present = null;
            if (optimizer != null) {
                present = planOptimizer(f, model, optimizer, copies);
            }
            // Everything is checked: from here on nothing can fail for a reason of the file's.
            copies.forEach((name, dst) -> {
                try {
                    f.readInto(name, dst);
                } catch (CheckpointException e) {
                    throw new IllegalStateException("checked above", e);
                }
            });
            if (optimizer != null) {
                for (int i = 0; i < present.length; i++) {
                    optimizer.restoreState(i, present[i]);
                }
                String lr = f.metadata().get(META_LR);
                if (lr != null) {
                    optimizer.setLearningRate(Float.parseFloat(lr));
                }
            }
        }
    }

    /**
     * Refuses a file whose metadata describes a model of at least {@code minimumParameters}
     * values when its model tensors hold fewer: run before the model is built, so that one edited
     * metadata string cannot make a loader allocate more than the file could fill.
     *
     * @param described the model as its metadata describes it, for the message
     */
    public static void requireHolds(SafetensorsFile f, String described, double minimumParameters)
            throws CheckpointException {
        long held = 0;
        for (TensorEntry e : f.entries().values()) {
            if (!e.name().startsWith(OPTIMIZER)) {
                held += e.numel();
            }
        }
        if (!(minimumParameters <= held)) {
            throw new CheckpointException(f.path(), null, String.format(java.util.Locale.ROOT,
                    "its metadata describes %s, at least %.0f parameters, but the file holds %d values: the metadata "
                            + "does not match the weights", described, minimumParameters, held));
        }
    }

    private static void plan(SafetensorsFile f, String name, Tensor dst, Map<String, Tensor> copies)
            throws CheckpointException {
        try {
            dst.checkAccess("load " + name);
        } catch (RuntimeException e) {
            throw new CheckpointException(f.path(), name, "the model's tensor is not usable: " + e.getMessage(), e);
        }
        f.check(name, dst.shape());
        copies.put(name, dst);
    }

    /** Checks the optimizer's tensors; returns which parameters have state in the file. */
    private static boolean[] planOptimizer(SafetensorsFile f, Module model, Optimizer optimizer,
                                           Map<String, Tensor> copies) throws CheckpointException {
        String kind = f.metadata().get(META_OPTIMIZER);
        String mine = optimizer.getClass().getSimpleName();
        if (kind != null && !kind.equals(mine)) {
            throw new CheckpointException(f.path(), null, "holds " + kind + " state, not " + mine + " state");
        }
        String lr = f.metadata().get(META_LR);
        if (lr != null) {
            try {
                float v = Float.parseFloat(lr);
                if (!(v >= 0f) || !Float.isFinite(v)) {
                    throw new NumberFormatException("not finite and >= 0");
                }
            } catch (NumberFormatException e) {
                throw new CheckpointException(f.path(), null, "metadata " + META_LR + " = '" + lr + "' is not a learning rate");
            }
        }
        List<String> names = parameterNames(model, optimizer);
        boolean[] present = new boolean[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String prefix = OPTIMIZER + names.get(i) + ".";
            Map<String, Tensor> state = optimizer.state(i);
            List<String> found = new ArrayList<>();
            for (String key : state.keySet()) {
                if (f.entries().containsKey(prefix + key)) {
                    found.add(key);
                }
            }
            if (!found.isEmpty() && found.size() != state.size()) {
                String missing = state.keySet().stream().filter(k -> !found.contains(k)).findFirst().orElseThrow();
                throw new CheckpointException(f.path(), prefix + missing, "missing from the file, though "
                        + prefix + found.getFirst() + " is there");
            }
            present[i] = !found.isEmpty();
            for (String key : found) {
                plan(f, prefix + key, state.get(key), copies);
            }
        }
        return present;
    }

    /** The model's dotted name of each of the optimizer's parameters, in the optimizer's order. */
    private static List<String> parameterNames(Module model, Optimizer optimizer) {
        Map<Parameter, String> byParameter = new IdentityHashMap<>();
        model.namedParameters().forEach((name, p) -> byParameter.put(p, name));
        List<String> names = new ArrayList<>();
        for (Parameter p : optimizer.parameters()) {
            String name = byParameter.get(p);
            if (name == null) {
                throw new IllegalArgumentException("checkpoint: the optimizer updates a parameter (" + p
                        + ") that is not in the model");
            }
            names.add(name);
        }
        return names;
    }
}
