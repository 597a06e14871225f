package dev.gatun.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The glyph images, the IDX reader, and the sequence sets: shapes, determinism, and clear errors. */
class ImageAndSequenceDataTest {
    @TempDir
    Path dir;

    @Test
    void glyphsAreDeterministicPerSeedAndLookLikeDigits() {
        Dataset a = Glyphs.generate("g", 50, 3);
        Dataset b = Glyphs.generate("g", 50, 3);
        assertEquals(784, a.columns());
        assertArrayEquals(a.features(), b.features(), "same seed, same images");
        assertNotEquals(Arrays.hashCode(a.features()), Arrays.hashCode(Glyphs.generate("g", 50, 4).features()));
        for (int r = 0; r < a.rows(); r++) {
            assertEquals(r % 10, a.label(r));
            double ink = 0, border = 0;
            for (int p = 0; p < 784; p++) {
                float v = a.feature(r, p);
                assertTrue(v >= 0 && v <= 1, "pixels in [0, 1]");
                ink += v;
                int x = p % 28, y = p / 28;
                border += (x < 2 || x > 25 || y < 2 || y > 25) ? v : 0;
            }
            assertTrue(ink > 40, "row " + r + " has a visible digit: ink " + ink);
            assertTrue(border < 0.25 * ink, "row " + r + " is centred: " + border + " of " + ink + " at the border");
        }
    }

    @Test
    void idxReadsPlainAndGzipFiles() throws IOException {
        byte[] images = idx(0x0803, new int[] {2, 2, 3}, new byte[] {0, (byte) 255, 51, 0, 0, 0, 1, 2, 3, 4, 5, 6});
        byte[] labels = idx(0x0801, new int[] {2}, new byte[] {7, 1});
        Path x = Files.write(dir.resolve("img"), images);
        Path y = Files.write(dir.resolve("lab.gz"), gzip(labels));
        Dataset d = Idx.load("tiny", x, y, List.of("0", "1", "2", "3", "4", "5", "6", "7"));
        assertEquals(2, d.rows());
        assertEquals(6, d.columns());
        assertEquals(1f, d.feature(0, 1));
        assertEquals(0.2f, d.feature(0, 2), 1e-6);
        assertEquals(7, d.label(0));
    }

    @Test
    void idxRejectsBadFilesNamingThem() throws IOException {
        byte[] good = idx(0x0803, new int[] {2, 2, 2}, new byte[8]);
        Path truncated = Files.write(dir.resolve("truncated"), Arrays.copyOf(good, good.length - 3));
        var e = assertThrows(IOException.class, () -> Idx.read(truncated, 3));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(truncated.toString()), e.getMessage());
        Path gzTruncated = Files.write(dir.resolve("truncated.gz"), Arrays.copyOf(gzip(good), 20));
        e = assertThrows(IOException.class, () -> Idx.read(gzTruncated, 3));
        assertTrue(e.getMessage().contains(gzTruncated.toString()), e.getMessage());
        Path magic = Files.write(dir.resolve("magic"), idx(0x0903, new int[] {2, 2, 2}, new byte[8]));
        e = assertThrows(IOException.class, () -> Idx.read(magic, 3));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        Path rank = Files.write(dir.resolve("rank"), good);
        assertThrows(IOException.class, () -> Idx.read(rank, 1));
        Path longer = Files.write(dir.resolve("longer"), Arrays.copyOf(good, good.length + 1));
        e = assertThrows(IOException.class, () -> Idx.read(longer, 3));
        assertTrue(e.getMessage().contains("longer"), e.getMessage());
        Path dims = Files.write(dir.resolve("dims"), idx(0x0803, new int[] {2, 0, 2}, new byte[0]));
        assertThrows(IOException.class, () -> Idx.read(dims, 3));
    }

    @Test
    void mnistFolderNeedsAllFourFiles() throws IOException {
        assertTrue(!MnistFiles.present(dir));
        var e = assertThrows(IllegalArgumentException.class, () -> MnistFiles.load(dir.toString()));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x0803, new int[] {1, 1, 2}, new byte[] {1, 2}));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(0x0801, new int[] {1}, new byte[] {3}));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idx(0x0803, new int[] {1, 1, 2}, new byte[] {1, 2})));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(0x0801, new int[] {2}, new byte[] {3, 4}));
        assertTrue(MnistFiles.present(dir));
        var mismatch = assertThrows(UncheckedIOException.class, () -> MnistFiles.load(dir.toString()));
        assertTrue(mismatch.getMessage().contains("1 images but"), mismatch.getMessage());
    }

    @Test
    void sineTargetsContinueTheWindow() {
        Dataset d = SineWaves.generate(200, 32, 9);
        assertEquals(32, d.columns());
        assertArrayEquals(d.features(), SineWaves.generate(200, 32, 9).features());
        double baseline = SineWaves.lastValueMse(d);
        // consecutive samples differ: repeating the last one is a real, non-trivial error
        assertTrue(baseline > 0.02 && baseline < 0.5, "last-value MSE " + baseline);
    }

    @Test
    void reversalTargetsMirrorTheInput() {
        TokenSequences t = Reversal.split(5, 2, 16, 1).train();
        for (int r = 0; r < t.rows(); r++) {
            for (int i = 0; i < 16; i++) {
                assertEquals(t.inputs()[r * 16 + 15 - i], t.targets()[r * 16 + i]);
            }
        }
        assertEquals(10, t.vocabSize());
    }

    @Test
    void charCorpusShiftsTargetsByOneAndHoldsOutTheEnd() {
        CharCorpus.Corpus c = CharCorpus.of("t", "abcabcabcabcabcabcabcabcabcd", 4, 2, 0.25);
        TokenSequences train = c.split().train();
        assertEquals("abcd", TokenSequences.decode(c.vocabulary(), 0, 1, 2, 3));
        assertEquals(train.inputs()[1], train.targets()[0]);
        assertEquals(c.split().validation().targets()[c.split().validation().targets().length - 1], 3, "ends with d");
        // p = (9/28, 9/28, 9/28, 1/28)
        double h = -3 * (9 / 28.0) * Math.log(9 / 28.0) - (1 / 28.0) * Math.log(1 / 28.0);
        assertEquals(h, c.unigramEntropy(), 1e-12);
        CharCorpus.Corpus alice = CharCorpus.load(CharCorpus.EMBEDDED, 64, 8, 0.1);
        assertTrue(alice.text().length() > 5000 && alice.vocabulary().length > 40, alice.split().toString());
        assertThrows(IllegalArgumentException.class, () -> CharCorpus.of("short", "abc", 4, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> CharCorpus.load(dir.resolve("none.txt").toString(), 4, 1, 0.5));
    }

    @Test
    void dataSetsKnowTheNewNames() {
        // glyphs: the CNN's tests load it
        Split sine = DataSets.load("sine", null, 0.2, 1);
        assertEquals(DataSets.SINE_ROWS, sine.train().rows() + sine.validation().rows());
    }

    private static byte[] idx(int magic, int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.putInt(magic | dims.length - (magic & 0xff));
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
