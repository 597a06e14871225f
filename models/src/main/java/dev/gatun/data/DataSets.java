package dev.gatun.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The data sets the command line knows by name, with the sizes it trains on, and CSV files.
 * {@link #load} turns a name or a path into a train/validation {@link Split}, all from one seed.
 */
public final class DataSets {
    private DataSets() {}

    /** Rows per XOR corner in the training set; the four corners are the validation set. */
    static final int XOR_COPIES = 25;

    /** Glyph images drawn for training and for testing (validation). */
    public static final int GLYPHS_TRAIN = 10_000, GLYPHS_TEST = 2_000;
    /** Sine windows and samples per window. */
    public static final int SINE_ROWS = 4_000, SINE_LENGTH = 32;

    /** The embedded sets, by name, each generated from a seed. */
    private static final Map<String, LongFunction<Dataset>> EMBEDDED = new LinkedHashMap<>();

    static {
        EMBEDDED.put("spirals", seed -> Synthetic.spirals(500, 2, 0.03, seed));
        EMBEDDED.put("xor", seed -> Synthetic.xor(XOR_COPIES, 0, seed));
        EMBEDDED.put("moons", seed -> Synthetic.moons(300, 0.1, seed));
        EMBEDDED.put("blobs", seed -> Synthetic.blobs(200, 3, 2, 1.0, seed));
        EMBEDDED.put("linear", seed -> Synthetic.linear(500, 2, 0.05, seed));
        // Images and sequences for the cnn and recurrent models; glyphs keeps a test set of its own (see load).
        EMBEDDED.put("glyphs", seed -> Glyphs.generate("glyphs", GLYPHS_TRAIN, seed));
        EMBEDDED.put("sine", seed -> SineWaves.generate(SINE_ROWS, SINE_LENGTH, seed));
    }


    /** The name used when none is given. */
    public static final String DEFAULT = "spirals";

    public static Set<String> names() {
        return EMBEDDED.keySet();
    }

    /**
     * The data set {@code spec} (an embedded name, or a path to a CSV file whose label column is
     * {@code label}) split into training and validation rows. XOR is special: its training set
     * is the four corners repeated and its validation set the four corners themselves, so its
     * validation accuracy is how many of the four a model gets right.
     */
    public static Split load(String spec, String label, double validationFraction, long seed) {
        if (spec.equals("xor")) {
            return new Split(EMBEDDED.get("xor").apply(seed), Synthetic.xor(1, 0, seed));
        }
        if (spec.equals("glyphs")) { // a fixed test set, drawn from a seed of its own, whatever the validation fraction
            return new Split(Glyphs.generate("glyphs/train", GLYPHS_TRAIN, seed),
                    Glyphs.generate("glyphs/validation", GLYPHS_TEST, ~seed));
        }
        if (spec.equals("fashion-mnist") || MnistFiles.present(Path.of(spec))) { // its training and t10k test files
            return MnistFiles.load(spec);
        }
        LongFunction<Dataset> embedded = EMBEDDED.get(spec);
        if (embedded != null) {
            return Split.random(embedded.apply(seed), validationFraction, ~seed); // ~: not the generator's stream
        }
        Path file = Path.of(spec);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--data " + spec + ": a folder without the four MNIST-format files "
                    + "(train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte"
                    + "[.gz]); expected a CSV file, a folder of MNIST files or one of " + String.join(", ", names()));
        }
        if (!Files.exists(file)) { // a FIFO or a device is the CSV reader's to refuse, by name
            throw new IllegalArgumentException("unknown data '" + spec + "': not one of " + String.join(", ", names())
                    + (spec.endsWith(".csv") ? ", and no file " + file.toAbsolutePath()
                            : " nor a CSV file, fashion-mnist or a folder of MNIST-format files"));
        }
        return Split.random(CsvLoader.load(file, label), validationFraction, seed);
    }
}
