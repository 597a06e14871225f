package dev.gatun.checkpoint;

import dev.gatun.json.Json;
import dev.gatun.tensor.DataType;
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
 * Writes float32 and bfloat16 tensors (F32, BF16) as a safetensors file (layout in {@link SafetensorsFile}), atomically
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
    private static final ValueLayout.OfShort LE_I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int STAGING_FLOATS = 1 << 16; // elements per staging pass (4 bytes each at most)

    private SafetensorsWriter() {}

    /** A tensor to write: its shape, data type and row-major values (native order, any alignment). */
    public record Source(int[] shape, DataType dtype, MemorySegment data) {
        public Source {
            long bytes = Shapes.numel(shape) * dtype.byteSize();
            if (data.byteSize() != bytes) {
                throw new IllegalArgumentException("safetensors: " + data.byteSize() + " bytes for " + dtype + " shape "
                        + Shapes.str(shape));
            }
        }

        /** Float32 values. */
        public Source(int[] shape, MemorySegment floats) {
            this(shape, DataType.FLOAT32, floats);
        }

        /** A contiguous view of {@code t}'s memory (read when the file is written), stored as its data type. */
        public static Source of(Tensor t) {
            return new Source(t.shape(), t.dtype(), t.contiguous().segment());
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
                writeElements(ch, s, staging, stage);
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
            long bytes = e.getValue().data().byteSize();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", DType.of(e.getValue().dtype()).name());
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

    /** Copies a source's elements to the channel little-endian, a staging buffer at a time. */
    private static void writeElements(FileChannel ch, Source s, ByteBuffer staging, MemorySegment stage) throws IOException {
        MemorySegment src = s.data();
        int size = s.dtype().byteSize();
        long n = src.byteSize() / size;
        for (long at = 0; at < n; at += STAGING_FLOATS) {
            int count = (int) Math.min(STAGING_FLOATS, n - at);
            if (s.dtype() == DataType.FLOAT32) {
                MemorySegment.copy(src, ValueLayout.JAVA_FLOAT_UNALIGNED, at * size, stage, LE_F32, 0, count);
            } else if (size == 1) { // int8 and uint8 codes: bytes have no order
                MemorySegment.copy(src, at, stage, 0, count);
            } else {
                MemorySegment.copy(src, ValueLayout.JAVA_SHORT_UNALIGNED, at * size, stage, LE_I16, 0, count);
            }
            staging.clear().limit(count * size);
            AtomicFiles.writeFully(ch, staging);
        }
    }
}
