package dev.gatun.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Float32 weights in the safetensors format (Hugging Face), which PyTorch, JAX and candle read:
 *
 * <pre>
 *   8 bytes   header length N, unsigned little-endian
 *   N bytes   JSON: {"__metadata__": {"k": "v"}, "name": {"dtype": "F32", "shape": [..],
 *             "data_offsets": [begin, end]}, ...}, padded with spaces to a multiple of 8
 *   rest      the tensors' bytes, little-endian, at their offsets from the end of the header
 * </pre>
 *
 * {@link #write} is atomic (temporary file, force, rename). {@link #read} reads back what
 * {@link #write} writes: F32 tensors and string metadata.
 */
public final class Safetensors {
    private Safetensors() {}

    public static void write(Path file, Map<String, WeightArray> tensors, Map<String, String> metadata)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, WeightArray> e : tensors.entrySet()) {
            long bytes = (long) e.getValue().values().length * Float.BYTES;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", e.getValue().shape());
            info.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(e.getKey(), info);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // keeps the data 8-byte aligned for readers that map it
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(offset)).order(ByteOrder.LITTLE_ENDIAN);
        for (WeightArray w : tensors.values()) {
            data.asFloatBuffer().put(w.values());
            data.position(data.position() + w.values().length * Float.BYTES);
        }
        data.flip();
        AtomicFiles.write(file, head, data);
    }

    private static final Pattern ENTRY = Pattern.compile(
            "\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\\{\\s*\"dtype\"\\s*:\\s*\"(\\w+)\"\\s*,\\s*\"shape\"\\s*:\\s*\\[([^]]*)]\\s*,"
                    + "\\s*\"data_offsets\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]\\s*}");

    /** The tensors of a file written by {@link #write}, in file order. */
    public static Map<String, WeightArray> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 8) {
            throw new IOException(file + ": " + all.length + " bytes is too short for a safetensors file");
        }
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        if (n < 2 || 8 + n > all.length) {
            throw new IOException(file + ": header length " + n + " does not fit the file's " + all.length + " bytes");
        }
        String header = new String(all, 8, (int) n, StandardCharsets.UTF_8);
        int dataStart = 8 + (int) n;
        Map<String, WeightArray> out = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(header);
        while (m.find()) {
            String name = m.group(1);
            if (!m.group(2).equals("F32")) {
                throw new IOException(file + ": tensor " + name + " has dtype " + m.group(2) + "; only F32 is read");
            }
            int[] shape = m.group(3).isBlank() ? new int[0]
                    : List.of(m.group(3).split(",")).stream().mapToInt(s -> Integer.parseInt(s.strip())).toArray();
            long begin = Long.parseLong(m.group(4)), end = Long.parseLong(m.group(5));
            if (end < begin || dataStart + end > all.length || (end - begin) % Float.BYTES != 0) {
                throw new IOException(file + ": tensor " + name + " data_offsets [" + begin + ", " + end
                        + "] do not fit the file");
            }
            float[] values = new float[(int) ((end - begin) / Float.BYTES)];
            ByteBuffer.wrap(all, dataStart + (int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(values);
            out.put(name, new WeightArray(shape, values));
        }
        return out;
    }
}
