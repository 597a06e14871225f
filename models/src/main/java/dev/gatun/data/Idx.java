package dev.gatun.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, plain or gzip-compressed (told apart by the
 * gzip magic, not the file name):
 *
 * <pre>
 *   4 bytes   magic: 0x00 0x00, type (0x08 = unsigned byte), number of dimensions
 *   4 bytes   per dimension, its size (big-endian)
 *   the rest  the values, row-major
 * </pre>
 *
 * A wrong magic, a non-positive or huge size, a file shorter or longer than its header says,
 * or broken gzip data gives an {@link IOException} that names the file. The header's sizes are
 * checked against the file's length (plain files) and {@link #MAX_VALUES} before anything is
 * allocated; a gzip file's values are read in chunks, so a short one fails before its claim is.
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;
    /** The most values one file may hold: 256 Mi bytes, 1 GiB as floats (MNIST's training images are 47 Mi). */
    public static final long MAX_VALUES = 1L << 28;
    /** Larger than any IDX file of at most MAX_VALUES values (header: 4 bytes plus 4 per dimension). */
    private static final long MAX_FILE_BYTES = MAX_VALUES + 64;

    private Idx() {}

    /** The values and dimensions of one IDX file. */
    public record Array(int[] dims, byte[] data) {
        /** Value {@code i} as an unsigned byte. */
        public int unsigned(int i) {
            return data[i] & 0xff;
        }
    }

    /** Reads an unsigned-byte IDX file with {@code rank} dimensions. */
    public static Array read(Path file, int rank) throws IOException {
        long fileBytes = dev.gatun.checkpoint.InputFiles.requireRegular(file, "an IDX file", MAX_FILE_BYTES);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            InputStream in = raw;
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (gzip) {
                in = new BufferedInputStream(new GZIPInputStream(raw));
            }
            DataInputStream data = new DataInputStream(in);
            int magic = data.readInt();
            int type = (magic >>> 8) & 0xff, dimCount = magic & 0xff;
            if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dimCount != rank) {
                throw new IOException(file + ": not an IDX file of unsigned bytes with " + rank + " dimensions (magic 0x"
                        + String.format("%08x", magic) + ", expected 0x0000080" + rank + ")");
            }
            int[] dims = new int[rank];
            long n = 1;
            for (int d = 0; d < rank; d++) {
                dims[d] = data.readInt();
                n *= Math.max(dims[d], 0);
                if (dims[d] <= 0 || n > MAX_VALUES) {
                    throw new IOException(file + ": bad IDX dimensions " + Arrays.toString(Arrays.copyOf(dims, d + 1))
                            + " (each must be at least 1, and " + MAX_VALUES + " values at most in all)");
                }
            }
            long header = 4 + 4L * rank;
            if (!gzip && fileBytes - header != n) {
                throw new IOException(file + ": the header " + Arrays.toString(dims) + " announces " + n + " values but the file"
                        + " holds " + Math.max(0, fileBytes - header) + (fileBytes - header < n ? " (truncated)" : ""));
            }
            byte[] values = data.readNBytes((int) n); // in chunks: a short gzip stream fails before n bytes are held
            if (values.length < n) {
                throw new IOException(file + ": truncated: the header " + Arrays.toString(dims) + " announces " + n
                        + " values, the file ends after " + values.length);
            }
            if (data.read() != -1) {
                throw new IOException(file + ": longer than its header " + Arrays.toString(dims) + " says");
            }
            return new Array(dims, values);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated inside the IDX header", e);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": broken gzip data: " + e.getMessage(), e);
        }
    }

    /**
     * Images [n, rows, cols] and their labels [n] as a classification set with pixels scaled to
     * [0, 1]; the counts must match and labels be below {@code classNames.size()}.
     */
    public static Dataset load(String name, Path images, Path labels, java.util.List<String> classNames)
            throws IOException {
        Array x = read(images, 3);
        Array y = read(labels, 1);
        if (x.dims()[0] != y.dims()[0]) {
            throw new IOException(images + " holds " + x.dims()[0] + " images but " + labels + " holds " + y.dims()[0]
                    + " labels");
        }
        int n = x.dims()[0], pixels = x.dims()[1] * x.dims()[2];
        float[] features = new float[n * pixels];
        for (int i = 0; i < features.length; i++) {
            features[i] = x.unsigned(i) / 255f;
        }
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = y.unsigned(i);
            if (classes[i] >= classNames.size()) {
                throw new IOException(labels + ": label " + classes[i] + " of item " + i + " is not below "
                        + classNames.size());
            }
        }
        return Dataset.classification(name, features, pixels, classes, classNames);
    }
}
