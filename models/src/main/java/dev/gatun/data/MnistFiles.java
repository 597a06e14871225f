package dev.gatun.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * MNIST-format image sets on disk: a folder holding {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
 * {@code t10k-labels-idx1-ubyte}, each optionally ending in {@code .gz}. The name
 * {@code fashion-mnist} means the folder where Debian's {@code dataset-fashion-mnist} package
 * puts them ({@code apt-get install dataset-fashion-mnist}); any other folder is taken as it is.
 * The training files train and the t10k files are the validation (test) set.
 */
public final class MnistFiles {
    /** Where Debian's dataset-fashion-mnist package installs the files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** Fashion-MNIST's classes in label order (from its README). */
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private MnistFiles() {}

    /** The folder {@code spec} names: {@code fashion-mnist} or a path. */
    public static Path folder(String spec) {
        return spec.equals("fashion-mnist") ? DEBIAN_FASHION_MNIST : Path.of(spec);
    }

    /** Whether {@code folder} holds the four files (plain or gzip). */
    public static boolean present(Path folder) {
        try {
            for (String base : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                    "t10k-labels-idx1-ubyte")) {
                file(folder, base);
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The training and test sets of the folder {@code spec} names. */
    public static Split load(String spec) {
        Path dir = folder(spec);
        String name = spec.equals("fashion-mnist") ? spec : dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        List<String> classes = name.toLowerCase(Locale.ROOT).contains("fashion") ? FASHION_CLASSES : DIGITS;
        try {
            Dataset train = Idx.load(name + "/train", file(dir, "train-images-idx3-ubyte"),
                    file(dir, "train-labels-idx1-ubyte"), classes);
            Dataset test = Idx.load(name + "/validation", file(dir, "t10k-images-idx3-ubyte"),
                    file(dir, "t10k-labels-idx1-ubyte"), classes);
            return new Split(train, test);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file(Path dir, String base) {
        for (String candidate : List.of(base, base + ".gz")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        String hint = dir.equals(DEBIAN_FASHION_MNIST) ? " (install it with: apt-get install dataset-fashion-mnist)" : "";
        throw new IllegalArgumentException("no " + base + "[.gz] in " + dir + hint);
    }
}
