package dev.gatun.serve;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.checkpoint.CheckpointException;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.nn.Module;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Inference for a service: a model planned once for a fixed input shape, called from any number
 * of threads. The predictor itself allocates nothing on the Java heap per call once warm; what a
 * backend's kernels allocate comes on top (nothing for the dense layers on onednn).
 *
 * <pre>{@code
 * Predictor p = Predictor.builder(model).inputShape(1, 784).build();
 * float[] scores = new float[p.outputSize()];
 * p.predict(pixels, scores);                   // from any thread, concurrently
 * }</pre>
 *
 * <p><b>Weights</b> are copied when the predictor is built: it answers from that snapshot while
 * the model trains on (build a new predictor to publish new weights, and build it between
 * training steps). The copy is a {@linkplain Tensor#constant constant}, in memory the garbage
 * collector frees with the predictor: passing it to native code costs no lock or atomic, which
 * matters at many threads, and oneDNN reorders its weights once, with no compare per call.
 *
 * <p><b>Plans</b>: every layer is planned ahead (shapes checked, output and scratch buffers
 * allocated, views made), so a call copies the input into the plan's input buffer, runs the
 * layers' kernels on the chosen backend and copies the output out. A plan serves one thread at a
 * time; the predictor keeps up to {@code maxConcurrency} of them (made on first need) and hands
 * each caller one, preferring the one it used last. More simultaneous callers than that still
 * work, each with a plan made and freed for the call.
 *
 * <p>{@link #close()} frees the plans; close after the last call. A call racing with close
 * fails with an exception, never a crash.
 */
public final class Predictor implements AutoCloseable {
    private final Module model;
    private final Backend backend;
    private final int[] inputShape;
    private final int[] outputShape;
    private final int inputSize;
    private final int outputSize;
    private final PlanWeights weights;
    private final AtomicReferenceArray<Plan> plans;
    private volatile boolean closed;

    private Predictor(Builder b) {
        this.model = b.model;
        this.backend = b.backend != null ? b.backend : Backends.current();
        this.inputShape = Shapes.checkShape("Predictor", b.inputShape).clone();
        this.weights = new PlanWeights(b.file != null ? mapped(model, b.file) : snapshot(model), b.precision,
                b.quantized == null ? Map.of() : quantizedLayers(model, b.quantized), Map.of());
        Plan first = new Plan(model, inputShape, backend, weights); // checks every shape
        this.outputShape = first.output.shape();
        this.inputSize = Math.toIntExact(Shapes.numel(inputShape));
        this.outputSize = Math.toIntExact(Shapes.numel(outputShape));
        this.plans = new AtomicReferenceArray<>(b.maxConcurrency);
        plans.set(0, first);
    }

    /** Starts a predictor for {@code model}; give at least the input shape. */
    public static Builder builder(Module model) {
        return new Builder(model);
    }

    /** A predictor for inputs of {@code inputShape} on the current backend. */
    public static Predictor of(Module model, int... inputShape) {
        return builder(model).inputShape(inputShape).build();
    }

    /** Options of a {@link Predictor}. */
    public static final class Builder {
        private final Module model;
        private int[] inputShape;
        private Backend backend;
        private SafetensorsFile file;
        private int maxConcurrency = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        private DataType precision = DataType.FLOAT32;
        private QuantizedModel quantized;

        private Builder(Module model) {
            if (model == null) {
                throw new IllegalArgumentException("Predictor: model is null");
            }
            this.model = model;
        }

        /** The shape of every input, batch first ([1, 784] for one MNIST image). */
        public Builder inputShape(int... shape) {
            this.inputShape = shape.clone();
            return this;
        }

        /** The backend to run on (default: the current one when built). */
        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        /**
         * Reads the weights from {@code file}, a checkpoint of this model, instead of copying the
         * model's: F32 tensors are used in place from the mapped file (no copy at all), others
         * converted. {@code file} must stay open while the predictor is used. Every tensor is
         * checked (present, shape, dtype) when the predictor is built. The mapping belongs to a
         * shared arena that every native call acquires, so at many threads the default copy
         * (no acquire) scales better; this form is for memory, and for models too large to copy.
         */
        public Builder weightsFrom(SafetensorsFile file) {
            this.file = file;
            return this;
        }

        /** How many plans to keep for simultaneous callers (default: twice the cores). */
        public Builder maxConcurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("Predictor: maxConcurrency must be at least 1, got " + n);
            }
            this.maxConcurrency = n;
            return this;
        }

        /**
         * bfloat16: the matrix products and convolutions read bf16 operands (weights converted
         * once, when the predictor is built; each call's activations converted into the plan's
         * buffers) and accumulate and write float32, as in training under
         * {@link dev.gatun.autograd.Autocast}; inputs and outputs stay float32. Default: float32.
         */
        public Builder precision(DataType precision) {
            if (precision == null) {
                throw new IllegalArgumentException("Predictor: precision is null (float32 or bfloat16)");
            }
            if (precision.isInteger()) {
                throw new IllegalArgumentException("Predictor: precision " + precision + " is not float32 or bfloat16 (int8"
                        + " inference: builder.quantized(model quantized by a Quantizer))");
            }
            this.precision = precision;
            return this;
        }

        /**
         * int8: the layers {@code q} quantized (a {@link Quantizer}'s, or a quantized checkpoint's)
         * run as uint8 x int8 products summed in int32 and dequantized by the kernel; each call
         * quantizes their inputs with the calibrated scales. Other layers run in the
         * {@linkplain #precision precision}. Inputs and outputs stay float32.
         */
        public Builder quantized(QuantizedModel q) {
            if (q == null) {
                throw new IllegalArgumentException("Predictor: quantized model is null");
            }
            this.quantized = q;
            return this;
        }

        public Predictor build() {
            if (inputShape == null) {
                throw new IllegalArgumentException("Predictor: no input shape given (builder.inputShape(1, 784))");
            }
            return new Predictor(this);
        }
    }

    /** Copies of the model's state dict, by the live tensor they copy. */
    private static Map<Tensor, Tensor> snapshot(Module model) {
        Map<Tensor, Tensor> copies = new IdentityHashMap<>();
        for (Tensor live : model.stateDict().values()) {
            copies.put(live, Tensor.constant(live)); // immutable: kernels keep what they derive from it by address
        }
        return copies;
    }

    /** {@code q}'s layers by the live float weight of the same name, each checked against it. */
    private static Map<Tensor, QuantizedLayer> quantizedLayers(Module model, QuantizedModel q) {
        Map<String, Tensor> state = model.stateDict();
        Map<Tensor, QuantizedLayer> byWeight = new IdentityHashMap<>();
        for (QuantizedLayer layer : q.layers().values()) {
            Tensor live = state.get(layer.name() + QuantizedModel.WEIGHT);
            if (live == null || !java.util.Arrays.equals(live.shape(), layer.weights().shape())) {
                throw new IllegalArgumentException("Predictor: quantized layer " + layer.name() + " with weights "
                        + Shapes.str(layer.weights().shape()) + " does not match the model ("
                        + (live == null ? "no " + layer.name() + QuantizedModel.WEIGHT : "its weight is " + Shapes.str(live.shape()))
                        + ")");
            }
            byWeight.put(live, layer);
        }
        return byWeight;
    }

    /** The file's tensors by the live tensor of the same name; all checked before any is used. */
    private static Map<Tensor, Tensor> mapped(Module model, SafetensorsFile file) {
        Map<Tensor, Tensor> views = new IdentityHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
                file.check(e.getKey(), e.getValue().shape());
                views.put(e.getValue(), file.tensor(e.getKey()));
            }
        } catch (CheckpointException e) {
            throw new IllegalArgumentException("Predictor: " + e.getMessage(), e);
        }
        return views;
    }

    // ---- calls -------------------------------------------------------------------------------

    /** Runs the model on {@code input} (row-major, {@link #inputSize()} floats) into {@code output}. */
    public void predict(float[] input, float[] output) {
        checkOpen();
        checkLength("input", input.length, inputSize, inputShape);
        checkLength("output", output.length, outputSize, outputShape);
        Plan p = acquire();
        try {
            MemorySegment.copy(input, 0, p.in, ValueLayout.JAVA_FLOAT, 0, inputSize);
            p.run();
            MemorySegment.copy(p.out, ValueLayout.JAVA_FLOAT, 0, output, 0, outputSize);
        } finally {
            release(p);
        }
    }

    /** As {@link #predict(float[], float[])}, into a new array. */
    public float[] predict(float[] input) {
        float[] out = new float[outputSize];
        predict(input, out);
        return out;
    }

    /** Runs the model on native-order floats in {@code input} into {@code output} (any memory, any alignment). */
    public void predict(MemorySegment input, MemorySegment output) {
        checkOpen();
        checkLength("input", input.byteSize() / Float.BYTES, inputSize, inputShape);
        checkLength("output", output.byteSize() / Float.BYTES, outputSize, outputShape);
        checkNotReadOnly(output.isReadOnly());
        Plan p = acquire();
        try {
            MemorySegment.copy(input, 0, p.in, 0, p.in.byteSize());
            p.run();
            MemorySegment.copy(p.out, 0, output, 0, p.out.byteSize());
        } finally {
            release(p);
        }
    }

    /**
     * Runs the model on {@code input} into {@code output}; both may be strided views. A tensor of
     * a scope confined to another thread is refused with a {@link WrongThreadException} that
     * names both threads.
     */
    public void predict(Tensor input, Tensor output) {
        checkOpen();
        input.checkAccess("Predictor.predict input");
        output.checkAccess("Predictor.predict output");
        checkShape("input", input, inputShape);
        checkShape("output", output, outputShape);
        checkNotReadOnly(output.isReadOnly());
        if (!output.isContiguous()) {
            checkWritable(output);
        }
        Plan p = acquire();
        try {
            backend.copy(input, p.input);
            p.run();
            backend.copy(p.output, output);
        } finally {
            release(p);
        }
    }

    /** As {@link #predict(Tensor, Tensor)}, into a new tensor of the current scope. */
    public Tensor predict(Tensor input) {
        Tensor out = Tensor.zeros(outputShape);
        predict(input, out);
        return out;
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    public int[] outputShape() {
        return outputShape.clone();
    }

    /** Floats per input. */
    public int inputSize() {
        return inputSize;
    }

    /** Floats per output. */
    public int outputSize() {
        return outputSize;
    }

    public Backend backend() {
        return backend;
    }

    // ---- plans ---------------------------------------------------------------------------------

    /** A free plan, looked for from this thread's own slot on (no allocation), else a new one. */
    private Plan acquire() {
        int n = plans.length();
        int start = (int) (Thread.currentThread().threadId() % n);
        for (int i = 0; i < n; i++) {
            int k = start + i < n ? start + i : start + i - n;
            Plan p = plans.get(k);
            if (p != null && plans.compareAndSet(k, p, null)) {
                return p;
            }
        }
        return new Plan(model, inputShape, backend, weights);
    }

    private void release(Plan p) {
        int n = plans.length();
        int start = (int) (Thread.currentThread().threadId() % n);
        for (int i = 0; i < n && !closed; i++) {
            int k = start + i < n ? start + i : start + i - n;
            if (plans.get(k) == null && plans.compareAndSet(k, null, p)) {
                if (closed && plans.compareAndSet(k, p, null)) {
                    break; // close() ran meanwhile and may have missed it
                }
                return;
            }
        }
        p.close(); // closed, or more plans than slots
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Predictor: used after close");
        }
    }

    private static void checkLength(String what, long got, int expected, int[] shape) {
        if (got != expected) {
            throw new IllegalArgumentException("Predictor: " + what + " has " + got + " floats, expected " + expected
                    + " for shape " + Shapes.str(shape));
        }
    }

    private static void checkShape(String what, Tensor t, int[] shape) {
        boolean same = t.rank() == shape.length;
        for (int i = 0; same && i < shape.length; i++) {
            same = t.dim(i) == shape[i];
        }
        if (!same) {
            throw new IllegalArgumentException("Predictor: " + what + " tensor " + Shapes.str(t.shape()) + ", expected "
                    + Shapes.str(shape));
        }
    }

    /** Refuses an output in read-only memory (a file mapping): native code writing it would kill the JVM. */
    private void checkNotReadOnly(boolean readOnly) {
        if (readOnly) {
            throw new IllegalArgumentException("Predictor: output " + Shapes.str(outputShape)
                    + " is read-only (a view of a read-only mapping or segment); write into a copy");
        }
    }

    /** A strided output may be any view but a broadcast one (stride 0 over a dimension above 1). */
    private void checkWritable(Tensor output) {
        long[] strides = output.strides();
        for (int i = 0; i < strides.length; i++) {
            if (strides[i] == 0 && outputShape[i] > 1) {
                throw new IllegalArgumentException("Predictor: output tensor " + Shapes.str(outputShape)
                        + " is a broadcast view (stride 0 on axis " + i + "); it cannot be written");
            }
        }
    }

    /** Frees every plan; calls afterwards throw {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        for (int k = 0; k < plans.length(); k++) {
            Plan p = plans.getAndSet(k, null);
            if (p != null) {
                p.close();
            }
        }
    }
}
