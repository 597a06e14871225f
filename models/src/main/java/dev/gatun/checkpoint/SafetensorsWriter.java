package dev.gatun.checkpoint;

import dev.gatun.json.Json;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes float32 tensors as a safetensors file (layout in {@link SafetensorsFile}), atomically
 * through {@link AtomicFiles}: a crash, a kill or a full disk during the write leaves the old
 * file as it was. The data streams from the tensors' off-heap memory through one small staging
 * buffer, so saving a large model costs no large heap array.
 *
 * <pre>{@code
 * SafetensorsWriter.write(path, model.stateDict(), Map.of("format", "pt"));
 * }</pre>
 */
public final class SafetensorsWriter {
    private static final ValueLayout.OfFloat LE_F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int STAGING_FLOATS = 1 << 16;

    private SafetensorsWriter() {}

    /** A tensor to write: its shape and its row-major float32 values (native order, any alignment). */
    public record Source(int[] shape, MemorySegment floats) {
        public Source {
            long bytes = Shapes.numel(shape) * Float.BYTES;
            if (floats.byteSize() != bytes) {
                throw new IllegalArgumentException("safetensors: " + floats.byteSize() + " bytes for shape " + Shapes.str(shape));
            }
        }

        /** A contiguous view of {@code t}'s memory (read when the file is written). */
        public static Source of(Tensor t) {
            return new Source(t.shape(), t.contiguous().segment());
        }

        public static Source of(int[] shape, float[] values) {
            return new Source(shape, MemorySegment.ofArray(values));
        }
    }

    /** Writes {@code tensors} (file order is map order) with string {@code metadata}. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Source> sources = new LinkedHashMap<>();
        tensors.forEach((name, t) -> sources.put(name, Source.of(t)));
        writeSources(file, sources, metadata);
    }

    /** As {@link #write}, from shapes and memory segments. */
    public static void writeSources(Path file, Map<String, Source> tensors, Map<String, String> metadata) throws IOException {
        ByteBuffer head = header(tensors, metadata);
        AtomicFiles.write(file, ch -> {
            AtomicFiles.writeFully(ch, head);
            ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_FLOATS * Float.BYTES);
            MemorySegment stage = MemorySegment.ofBuffer(staging);
            for (Source s : tensors.values()) {
                writeFloats(ch, s.floats(), staging, stage);
            }
        });
    }

    private static ByteBuffer header(Map<String, Source> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Source> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__") || e.getKey().isEmpty()) {
                throw new IllegalArgumentException("safetensors: '" + e.getKey() + "' cannot name a tensor");
            }
            long bytes = e.getValue().floats().byteSize();
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
        return head.flip();
    }

    /** Copies {@code src} to the channel as little-endian floats, a staging buffer at a time. */
    private static void writeFloats(FileChannel ch, MemorySegment src, ByteBuffer staging, MemorySegment stage)
            throws IOException {
        long n = src.byteSize() / Float.BYTES;
        for (long at = 0; at < n; at += STAGING_FLOATS) {
            int count = (int) Math.min(STAGING_FLOATS, n - at);
            MemorySegment.copy(src, ValueLayout.JAVA_FLOAT_UNALIGNED, at * Float.BYTES, stage, LE_F32, 0, count);
            staging.clear().limit(count * Float.BYTES);
            AtomicFiles.writeFully(ch, staging);
        }
    }
}
