package dev.gatun.bench.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes NumPy {@code .npy} files (format 1.0, little-endian float32 or int32, C order) for the PyTorch twins. */
final class Npy {
    private Npy() {}

    static void writeFloats(Path file, float[] values, int... shape) throws IOException {
        ByteBuffer b = body(values.length, shape, file).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        write(file, "<f4", shape, b);
    }

    static void writeInts(Path file, int[] values, int... shape) throws IOException {
        ByteBuffer b = body(values.length, shape, file).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        write(file, "<i4", shape, b);
    }

    private static ByteBuffer body(int count, int[] shape, Path file) {
        long n = Arrays.stream(shape).asLongStream().reduce(1, (a, c) -> a * c);
        if (n != count) {
            throw new IllegalArgumentException("Npy " + file + ": " + count + " values for shape " + Arrays.toString(shape));
        }
        return ByteBuffer.allocate(Math.multiplyExact(count, 4));
    }

    private static void write(Path file, String dtype, int[] shape, ByteBuffer body) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "")
                + "), }";
        int unpadded = 10 + dict.length() + 1; // magic 6 + version 2 + length 2, then the dict and '\n'
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(new byte[] {(byte) (header.length() & 0xff), (byte) (header.length() >> 8)});
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(body.array());
        }
    }
}
