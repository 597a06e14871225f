package dev.gatun.bench;

import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The images the training benchmarks step through, in order, a batch at a time: Fashion-MNIST's
 * training set (Debian's {@code dataset-fashion-mnist}, pixels scaled to [0, 1]) when it is
 * installed, else seeded Gaussian noise with random labels. Not one repeated batch: a network
 * soon fits that exactly, its loss collapses towards 1e-5 and its gradients towards float's
 * underflow, which is no training workload. The PyTorch peer ({@code bench/pytorch/peer.py})
 * reads the same files the same way.
 */
final class BenchData {
    static final Path FASHION_MNIST = Path.of(System.getProperty("gatun.bench.fashionMnist",
            "/usr/share/datasets/fashion-mnist"));
    static final int PIXELS = 28 * 28;
    static final int CLASSES = 10;

    final String source;
    final float[] images; // [rows, 784]
    final float[] labels; // [rows], class ids as floats
    final int rows;
    private int next;

    private BenchData(String source, float[] images, float[] labels) {
        this.source = source;
        this.images = images;
        this.labels = labels;
        this.rows = labels.length;
    }

    /** Fashion-MNIST's training images when installed, else {@code fallbackRows} noise images. */
    static BenchData load(int fallbackRows) {
        Path img = FASHION_MNIST.resolve("train-images-idx3-ubyte.gz");
        Path lab = FASHION_MNIST.resolve("train-labels-idx1-ubyte.gz");
        if (Files.isReadable(img) && Files.isReadable(lab)) {
            try {
                return new BenchData("fashion-mnist " + FASHION_MNIST, readImages(img), readLabels(lab));
            } catch (IOException e) {
                throw new IllegalStateException("reading Fashion-MNIST from " + FASHION_MNIST + ": " + e.getMessage(), e);
            }
        }
        Rng rng = new Rng(1);
        float[] x = new float[fallbackRows * PIXELS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        float[] y = new float[fallbackRows];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.floor(rng.nextFloat() * CLASSES);
        }
        return new BenchData("gaussian noise (no Fashion-MNIST at " + FASHION_MNIST + ")", x, y);
    }

    /** The first row of the next batch of {@code size} rows, wrapping around at the end. */
    int nextBatch(int size) {
        if (next + size > rows) {
            next = 0;
        }
        int at = next;
        next += size;
        return at;
    }

    /** A tensor in {@code scope} holding {@code values[from ...]}, as the trainer copies a batch in. */
    static Tensor copy(Scope scope, float[] values, int from, int... shape) {
        Tensor t = Tensor.zeros(scope, shape);
        MemorySegment.copy(values, from, t.segment(), ValueLayout.JAVA_FLOAT, 0, (int) t.numel());
        return t;
    }

    private static float[] readImages(Path file) throws IOException {
        try (DataInputStream in = open(file, 0x00000803)) {
            int n = in.readInt(), h = in.readInt(), w = in.readInt();
            if (h * w != PIXELS) {
                throw new IOException(file + ": images are " + h + "x" + w + ", expected 28x28");
            }
            byte[] raw = in.readNBytes(n * PIXELS);
            float[] out = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = (raw[i] & 0xff) / 255f;
            }
            return out;
        }
    }

    private static float[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file, 0x00000801)) {
            byte[] raw = in.readNBytes(in.readInt());
            float[] out = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = raw[i] & 0xff;
            }
            return out;
        }
    }

    /** An IDX file (gzip) positioned after its magic number, which must be {@code magic}. */
    private static DataInputStream open(Path file, int magic) throws IOException {
        InputStream raw = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream in = new DataInputStream(raw);
        int m = in.readInt();
        if (m != magic) {
            in.close();
            throw new IOException(file + ": IDX magic " + Integer.toHexString(m) + ", expected " + Integer.toHexString(magic));
        }
        return in;
    }
}
