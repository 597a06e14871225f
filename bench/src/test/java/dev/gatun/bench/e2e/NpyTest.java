package dev.gatun.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy files the PyTorch twins read: NumPy's format 1.0, header padded to 64 bytes, little-endian data. */
class NpyTest {
    @TempDir
    Path dir;

    @Test
    void floatsHaveNumpysHeaderAndLittleEndianData() throws IOException {
        Path f = dir.resolve("x.npy");
        Npy.writeFloats(f, new float[] {1.5f, -2, 3, 4, 5, 6.25f}, 2, 3);
        byte[] b = Files.readAllBytes(f);
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data starts on a 64-byte boundary");
        String header = new String(b, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"));
        ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.5f, data.getFloat());
        assertEquals(-2f, data.getFloat());
        assertEquals(10 + headerLength + 24, b.length);
    }

    @Test
    void oneDimensionalShapeIsATuple() throws IOException {
        Path f = dir.resolve("y.npy");
        Npy.writeInts(f, new int[] {7, 8, 9}, 3);
        String header = new String(Files.readAllBytes(f), 10, 118, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<i4'") && header.contains("'shape': (3,)"), header);
    }

    @Test
    void shapeMustMatchTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.writeFloats(dir.resolve("z.npy"), new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5 values for shape [2, 3]"), e.getMessage());
    }
}
