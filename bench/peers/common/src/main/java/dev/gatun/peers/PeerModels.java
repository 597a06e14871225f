package dev.gatun.peers;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The bench models as {@code bench/pytorch/peer.py --export DIR} wrote them: one definition (the
 * PyTorch one) that every peer runs. {@code DIR/manifest.properties} holds the shapes, the parameter
 * table and reference losses; the {@code .bin} files are little-endian float32.
 */
public final class PeerModels {
    private final Path dir;
    private final Properties props = new Properties();

    public PeerModels(Path dir) throws IOException {
        this.dir = dir;
        Path manifest = dir.resolve("manifest.properties");
        if (!Files.isReadable(manifest)) {
            throw new IOException("no " + manifest + ": run bench/pytorch/peer.py --export " + dir + " first");
        }
        try (Reader r = Files.newBufferedReader(manifest)) {
            props.load(r);
        }
    }

    public Model model(String name) {
        if (props.getProperty(name + ".batch_shape") == null) {
            throw new IllegalArgumentException("model " + name + " is not in " + dir.resolve("manifest.properties")
                    + " (exported: " + props.getProperty("models") + ")");
        }
        return new Model(name);
    }

    public double learningRate(String optimizer) {
        return Double.parseDouble(props.getProperty(optimizer + ".lr"));
    }

    public int batches() {
        return Integer.parseInt(props.getProperty("batches"));
    }

    /** One parameter of the PyTorch state_dict: its name, shape and offset (in floats) in NAME.params.bin. */
    public record Param(String name, int[] shape, int offset) {
        public int size() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    public final class Model {
        public final String name;
        public final int[] batchShape, targetShape, sampleShape, outputShape;
        public final Map<String, Param> params = new LinkedHashMap<>();
        /** The losses of PyTorch's first SGD steps over batches 0, 1, 2. */
        public final double[] sgdLosses;
        private float[] allParams, x, y;

        private Model(String name) {
            this.name = name;
            batchShape = shape(props.getProperty(name + ".batch_shape"));
            targetShape = shape(props.getProperty(name + ".target_shape"));
            sampleShape = shape(props.getProperty(name + ".sample_shape"));
            outputShape = shape(props.getProperty(name + ".output_shape"));
            for (String p : props.getProperty(name + ".params").split(";")) {
                String[] f = p.split(":");
                params.put(f[0], new Param(f[0], shape(f[1]), Integer.parseInt(f[2])));
            }
            sgdLosses = Arrays.stream(props.getProperty(name + ".sgd_losses").split(",")).mapToDouble(Double::parseDouble).toArray();
        }

        public Path file(String suffix) {
            return dir.resolve(name + suffix);
        }

        /** The initial (seed 0) values of one parameter, in PyTorch's layout. */
        public float[] param(String key) throws IOException {
            Param p = params.get(key);
            if (p == null) {
                throw new IllegalArgumentException(name + " has no parameter " + key + "; it has " + params.keySet());
            }
            if (allParams == null) {
                allParams = floats(".params.bin");
            }
            return Arrays.copyOfRange(allParams, p.offset, p.offset + p.size());
        }

        /** Training batch i's inputs (batchShape), row-major. */
        public float[] input(int i) throws IOException {
            if (x == null) {
                x = floats(".x.bin");
            }
            int n = numel(batchShape);
            return Arrays.copyOfRange(x, i * n, (i + 1) * n);
        }

        /** Training batch i's targets: class ids as floats, or the regression target. */
        public float[] target(int i) throws IOException {
            if (y == null) {
                y = floats(".y.bin");
            }
            int n = numel(targetShape);
            return Arrays.copyOfRange(y, i * n, (i + 1) * n);
        }

        public float[] sample() throws IOException {
            return floats(".sample.bin");
        }

        /** PyTorch's output (evaluation mode) on {@link #sample()}. */
        public float[] referenceOutput() throws IOException {
            return floats(".output.bin");
        }

        public boolean classifier() {
            return !"mse".equals(props.getProperty(name + ".loss"));
        }

        private float[] floats(String suffix) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file(suffix))).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        }
    }

    public static int numel(int[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    public static long[] longs(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    private static int[] shape(String s) {
        return s.isEmpty() ? new int[0] : Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** The names in a comma-separated list, in order. */
    public static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
