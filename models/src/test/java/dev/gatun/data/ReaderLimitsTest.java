package dev.gatun.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.checkpoint.SafetensorsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reader reads regular files only, and checks a header's sizes against the file before allocating. */
class ReaderLimitsTest {
    @TempDir
    Path dir;

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor(), "mkfifo");
        return p;
    }

    private static <T extends Throwable> T failsQuickly(Class<T> type, org.junit.jupiter.api.function.Executable call) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(type, call));
    }

    @Test
    void aFifoIsRefusedByEveryReaderInsteadOfBlocking() throws Exception {
        Path csv = fifo("d.csv"), idx = fifo("images.idx"), txt = fifo("t.txt"), st = fifo("m.safetensors");
        assertTrue(failsQuickly(RuntimeException.class, () -> CsvLoader.load(csv, null)).getMessage()
                .equals(csv + ": is not a regular file (a FIFO, socket or device), expected a CSV file"));
        assertTrue(failsQuickly(IOException.class, () -> Idx.read(idx, 3)).getMessage().contains("expected an IDX file"));
        assertTrue(failsQuickly(RuntimeException.class, () -> CharCorpus.load(txt.toString(), 8, 1, 0.1)).getMessage()
                .startsWith(txt + ": is not a regular file"));
        assertTrue(failsQuickly(IOException.class, () -> SafetensorsFile.open(st)).getMessage()
                .startsWith(st + ": is not a regular file"));
        Path folder = Files.createDirectory(dir.resolve("folder.csv"));
        assertEquals(folder + ": is a directory, expected a CSV file",
                failsQuickly(RuntimeException.class, () -> CsvLoader.load(folder, null)).getMessage());
    }

    /** A 16-byte IDX file whose header claims 2^31 - 1 values used to allocate them all before reading. */
    @Test
    void idxHeaderClaimingMoreThanTheFileHoldsFailsBeforeAllocating() throws Exception {
        Path small = Files.write(dir.resolve("claims"), header(3, 1, 46340, 46340));
        IOException e = failsQuickly(IOException.class, () -> Idx.read(small, 3));
        assertTrue(e.getMessage().startsWith(small + ": bad IDX dimensions [1, 46340, 46340]"), e.getMessage());
        Path modest = Files.write(dir.resolve("short"), header(3, 10, 28, 28)); // 7840 values claimed, 0 held
        assertEquals(modest + ": the header [10, 28, 28] announces 7840 values but the file holds 0 (truncated)",
                failsQuickly(IOException.class, () -> Idx.read(modest, 3)).getMessage());
        Path gz = dir.resolve("short.gz"); // a gzip file cannot be measured first: it is read in chunks instead
        try (var out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(header(3, 16000, 128, 128));
        }
        assertTrue(failsQuickly(IOException.class, () -> Idx.read(gz, 3)).getMessage()
                .startsWith(gz + ": truncated: the header [16000, 128, 128] announces 262144000 values, the file ends after 0"));
        Path ok = Files.write(dir.resolve("ok"), concat(header(1, 3), new byte[] {1, 2, 3}));
        assertEquals(List.of(1, 2, 3), List.of(Idx.read(ok, 1).unsigned(0), Idx.read(ok, 1).unsigned(1),
                Idx.read(ok, 1).unsigned(2)));
    }

    private static byte[] header(int rank, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * rank).putInt(0x0800 | rank);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
