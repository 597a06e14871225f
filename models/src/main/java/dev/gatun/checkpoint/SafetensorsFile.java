package dev.gatun.checkpoint;

import dev.gatun.json.JsonReader;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.BFloat16;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file, memory-mapped and validated as a whole when opened:
 *
 * <pre>
 *   8 bytes   header length N, unsigned little-endian
 *   N bytes   UTF-8 JSON: {"__metadata__": {"k": "v"}, "name": {"dtype": "F32", "shape": [..],
 *             "data_offsets": [begin, end]}, ...}
 *   rest      the tensors' bytes, little-endian, row-major, at their offsets from the end of the header
 * </pre>
 *
 * <p>{@link #open} checks what the reference implementation checks: the header length fits the
 * file, the JSON is well formed, every shape matches its byte count, and the offsets tile the
 * data exactly (no overlap, no gap, nothing after the last tensor); anything else is a
 * {@link CheckpointException} naming the file and the tensor. {@link #tensor} then reads
 * an F32 tensor in place, without a copy; other dtypes are converted to float32.
 *
 * <pre>{@code
 * try (SafetensorsFile f = SafetensorsFile.open(path)) {
 *     Tensor w = f.tensor("0.weight");            // a view of the mapped file, valid until close
 *     f.readInto("0.bias", model.bias().value()); // a checked copy into an existing tensor
 * }
 * }</pre>
 *
 * <p>The mapping stays valid when the file is replaced by a rename (as {@link AtomicFiles}
 * does); truncating a file while it is mapped is outside the contract, as for every mapped file.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The reference implementation's limit; a larger header is a corrupt length field. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private static final ValueLayout.OfFloat LE_F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final Path path;
    private final Scope scope; // owns the mapping and the tensors read from it
    private final MemorySegment data; // the bytes after the header
    private final Map<String, TensorEntry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Scope scope, MemorySegment data, Map<String, TensorEntry> entries,
                            Map<String, String> metadata) {
        this.path = path;
        this.scope = scope;
        this.data = data;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Maps and validates {@code file}; close the result to unmap it. */
    public static SafetensorsFile open(Path file) throws IOException {
        Scope scope = Scope.detachedShared();
        try {
            InputFiles.requireRegular(file, "a safetensors file", Long.MAX_VALUE); // mapped, not read: any size
            MemorySegment all;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                all = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), scope.arena());
            }
            long size = all.byteSize();
            if (size < 8) {
                throw new CheckpointException(file, null, size + " bytes is too short for a safetensors file (8-byte header length)");
            }
            long n = all.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (n < 2 || n > MAX_HEADER_BYTES || n > size - 8) {
                throw new CheckpointException(file, null, "header length " + Long.toUnsignedString(n)
                        + " does not fit a file of " + size + " bytes (truncated or not safetensors)");
            }
            String json = utf8(file, all.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE));
            Object header;
            try {
                header = JsonReader.parse(json);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file, null, "header is not valid JSON: " + e.getMessage());
            }
            if (!(header instanceof Map<?, ?> map)) {
                throw new CheckpointException(file, null, "header is not a JSON object");
            }
            MemorySegment data = all.asSlice(8 + n);
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorEntry> entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals("__metadata__")) {
                    readMetadata(file, e.getValue(), metadata);
                } else {
                    entries.put(name, entry(file, name, e.getValue()));
                }
            }
            checkTiling(file, entries.values(), data.byteSize());
            return new SafetensorsFile(file, scope, data, Collections.unmodifiableMap(entries),
                    Collections.unmodifiableMap(metadata));
        } catch (IOException | RuntimeException e) {
            scope.close();
            throw e;
        }
    }

    private static String utf8(Path file, byte[] bytes) throws CheckpointException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, null, "header is not valid UTF-8");
        }
    }

    private static void readMetadata(Path file, Object value, Map<String, String> out) throws CheckpointException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new CheckpointException(file, null, "__metadata__ is not a JSON object");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new CheckpointException(file, null, "__metadata__ value of \"" + e.getKey() + "\" is not a string");
            }
            out.put((String) e.getKey(), s);
        }
    }

    private static TensorEntry entry(Path file, String name, Object value) throws CheckpointException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new CheckpointException(file, name, "header entry is not a JSON object");
        }
        if (!(m.get("dtype") instanceof String dtypeName)) {
            throw new CheckpointException(file, name, "no \"dtype\" string in its header entry");
        }
        long[] shape = longs(file, name, "shape", m.get("shape"), -1);
        long[] offsets = longs(file, name, "data_offsets", m.get("data_offsets"), 2);
        int[] dims = new int[shape.length];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                throw new CheckpointException(file, name, "shape " + Arrays.toString(shape) + " has a dimension out of range");
            }
            dims[i] = (int) shape[i];
            numel = Math.multiplyHigh(numel, shape[i]) != 0 ? -1 : numel * shape[i];
            if (numel < 0) {
                throw new CheckpointException(file, name, "shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        long begin = offsets[0], end = offsets[1];
        if (begin < 0 || end < begin) {
            throw new CheckpointException(file, name, "data_offsets [" + begin + ", " + end + "] are not an increasing range");
        }
        DType dtype = DType.parse(dtypeName);
        int elementBytes = dtype != null ? dtype.byteSize() : knownSize(dtypeName);
        if (elementBytes > 0 && (numel > Long.MAX_VALUE / elementBytes || end - begin != numel * elementBytes)) {
            throw new CheckpointException(file, name, "shape " + Shapes.str(dims) + " of " + dtypeName + " needs "
                    + numel + " x " + elementBytes + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new TensorEntry(name, dtypeName, dtype, dims, begin, end);
    }

    /** Sizes of the safetensors dtypes Gatun does not read, so their entries are still checked. */
    private static int knownSize(String dtype) {
        return switch (dtype) {
            case "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3" -> 1;
            case "I16", "U16" -> 2;
            case "I32", "U32" -> 4;
            case "U64" -> 8;
            default -> 0;
        };
    }

    private static long[] longs(Path file, String name, String key, Object value, int length) throws CheckpointException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new CheckpointException(file, name, "\"" + key + "\" is not " + (length >= 0 ? "a list of " + length : "a list of")
                    + " integers");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v)) {
                throw new CheckpointException(file, name, "\"" + key + "\" holds " + list.get(i) + ", not an integer");
            }
            out[i] = v;
        }
        return out;
    }

    /** The tensors' byte ranges must cover [0, dataBytes) exactly, without overlap or gap. */
    private static void checkTiling(Path file, Iterable<TensorEntry> entries, long dataBytes) throws CheckpointException {
        List<TensorEntry> sorted = new ArrayList<>();
        entries.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long at = 0;
        TensorEntry previous = null;
        for (TensorEntry e : sorted) {
            if (e.begin() < at) {
                throw new CheckpointException(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end()
                        + "] overlap those of tensor " + previous.name() + " [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > at) {
                throw new CheckpointException(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end()
                        + "] leave a gap after byte " + at);
            }
            if (e.end() > dataBytes) {
                throw new CheckpointException(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end()
                        + "] run past the end of the data (" + dataBytes + " bytes): the file is truncated");
            }
            at = e.end();
            previous = e;
        }
        if (at != dataBytes) {
            throw new CheckpointException(file, null, (dataBytes - at) + " bytes after the last tensor: corrupt or not safetensors");
        }
    }

    public Path path() {
        return path;
    }

    /** The {@code __metadata__} strings. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Every tensor of the file, in header order. */
    public Map<String, TensorEntry> entries() {
        return entries;
    }

    /** The entry of {@code name}, with a {@link CheckpointException} naming it when absent. */
    public TensorEntry entry(String name) throws CheckpointException {
        TensorEntry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException(path, name, "missing from the file");
        }
        return e;
    }

    /**
     * Tensor {@code name} as float32: the mapped bytes themselves (read-only, valid until
     * {@link #close}) when they are F32 at a 4-byte-aligned offset on a little-endian machine,
     * else a converted copy owned by this file.
     */
    public Tensor tensor(String name) throws CheckpointException {
        return tensor(name, DataType.FLOAT32);
    }

    /**
     * Tensor {@code name} as {@code type}: the mapped bytes themselves (read-only, valid until
     * {@link #close}) when the file stores that type (F32 for float32, BF16 for bfloat16, I8 and
     * U8 for the codes of int8 and uint8) at an aligned offset on a little-endian machine, else a
     * converted copy owned by this file (bfloat16 from another stored type rounds to nearest even;
     * codes are never converted from another type).
     */
    public Tensor tensor(String name, DataType type) throws CheckpointException {
        TensorEntry e = readable(entry(name));
        MemorySegment bytes = data.asSlice(e.begin(), e.byteSize());
        if (e.dtype() == DType.of(type) && NATIVE_LE && bytes.address() % type.byteSize() == 0) {
            return Tensor.wrap(scope, type, bytes, e.shape());
        }
        boolean codes = e.dtype() == DType.I8 || e.dtype() == DType.U8;
        if (type.isInteger() && DType.of(type) != e.dtype()) {
            throw new CheckpointException(path, name, "stored as " + e.dtype() + ", asked for as " + type
                    + " codes: codes convert only from the same stored type");
        }
        Tensor t = Tensor.zeros(scope, type, e.shape());
        if (codes && type.isInteger()) {
            MemorySegment.copy(bytes, 0, t.segment(), 0, e.byteSize());
        } else {
            convert(e, bytes, t.segment(), type);
        }
        return t;
    }

    /**
     * Checks that tensor {@code name} can fill {@code dst} (same shape, a dtype Gatun reads,
     * values that survive the conversion) without writing anything.
     */
    public TensorEntry check(String name, int[] expectedShape) throws CheckpointException {
        TensorEntry e = readable(entry(name));
        if (!Arrays.equals(e.shape(), expectedShape)) {
            throw new CheckpointException(path, name, "shape " + Shapes.str(e.shape()) + " in the file, expected "
                    + Shapes.str(expectedShape));
        }
        if (e.dtype() == DType.I64) {
            MemorySegment bytes = data.asSlice(e.begin(), e.byteSize());
            for (long i = 0; i < e.numel(); i++) {
                if (!e.dtype().exact(bytes, i)) {
                    throw new CheckpointException(path, name, "I64 value at index " + i + " does not fit a float32 exactly");
                }
            }
        }
        return e;
    }

    /** Copies tensor {@code name} into the contiguous {@code dst} (of either data type), after {@link #check}ing it. */
    public void readInto(String name, Tensor dst) throws CheckpointException {
        TensorEntry e = check(name, dst.shape());
        convert(e, data.asSlice(e.begin(), e.byteSize()), dst.segment(), dst.dtype());
    }

    /** Tensor {@code name} as a float array (row-major), converted to float32. */
    public float[] floats(String name) throws CheckpointException {
        TensorEntry e = readable(entry(name));
        if (e.numel() > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(path, name, e.numel() + " elements do not fit a Java array");
        }
        float[] out = new float[(int) e.numel()];
        convert(e, data.asSlice(e.begin(), e.byteSize()), MemorySegment.ofArray(out), DataType.FLOAT32);
        return out;
    }

    private TensorEntry readable(TensorEntry e) throws CheckpointException {
        if (e.dtype() == null) {
            throw new CheckpointException(path, e.name(), "dtype " + e.dtypeName() + " is not one Gatun reads "
                    + Arrays.toString(DType.values()));
        }
        return e;
    }

    /** The stored elements of {@code e} into {@code dst} as {@code to} (native order): a copy when the types agree. */
    private static void convert(TensorEntry e, MemorySegment src, MemorySegment dst, DataType to) {
        long n = e.numel();
        if (to == DataType.FLOAT32) {
            if (e.dtype() == DType.F32) {
                MemorySegment.copy(src, LE_F32, 0, dst, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, n);
                return;
            }
            for (long i = 0; i < n; i++) {
                dst.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, e.dtype().read(src, i));
            }
            return;
        }
        if (e.dtype() == DType.BF16) {
            MemorySegment.copy(src, LE_I16, 0, dst, ValueLayout.JAVA_SHORT_UNALIGNED, 0, n);
            return;
        }
        for (long i = 0; i < n; i++) { // one rounding, from the stored value (F64 goes to float32 first: below bf16's ulp)
            dst.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, BFloat16.fromFloat(e.dtype().read(src, i)));
        }
    }

    /** Unmaps the file; tensors from {@link #tensor} are unusable afterwards. */
    @Override
    public void close() {
        scope.close();
    }
}
