package dev.gatun.tensor;

import dev.gatun.backend.Backends;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A tensor: a row-major logical shape, element strides, a {@link DataType} (float32 unless made
 * otherwise) and data in a 64-byte-aligned off-heap {@link MemorySegment} owned by a {@link Scope}.
 * Element access ({@link #get}, {@link #toArray}, ...) reads and writes floats whatever the data
 * type: a bfloat16 element is widened exactly when read and rounded to nearest even when written.
 *
 * <p>Views ({@link #reshape}, {@link #transpose}, {@link #slice}, {@link #broadcastTo}) share
 * the data and cost no copy. Backends take contiguous tensors; {@link #contiguous()} makes one
 * (a copy only when needed). Every access checks that the scope is open and, for confined
 * scopes, that the caller is the owner thread.
 */
public final class Tensor {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfShort BF16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final Scope scope;
    private final DataType dtype;
    private final MemorySegment data; // the whole allocation the view reads from
    private final long offset; // in elements
    private final int[] shape;
    private final long[] strides; // in elements; 0 on broadcast dims
    private MemorySegment dense; // what segment() returns, made once: hot paths then allocate nothing
    private MemorySegment fromFirst; // what fromFirstElement() returns, made once, for the same reason
    private final boolean constant; // see constant(): its memory is never written after it was made

    private Tensor(Scope scope, DataType dtype, MemorySegment data, long offset, int[] shape, long[] strides) {
        this(scope, dtype, data, offset, shape, strides, false);
    }

    private Tensor(Scope scope, DataType dtype, MemorySegment data, long offset, int[] shape, long[] strides,
                   boolean constant) {
        this.constant = constant;
        this.scope = scope;
        this.dtype = dtype;
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    // ---- creation ------------------------------------------------------------------------

    /** Zeros in the {@linkplain Scope#current() current scope}. */
    public static Tensor zeros(int... shape) {
        return zeros(Scope.current(), shape);
    }

    public static Tensor zeros(Scope scope, int... shape) {
        return zeros(scope, DataType.FLOAT32, shape);
    }

    /** Zeros of a data type in {@code scope}. */
    public static Tensor zeros(Scope scope, DataType dtype, int... shape) {
        return allocate(scope, dtype, "zeros", true, shape);
    }

    private static Tensor allocate(Scope scope, DataType dtype, String op, boolean zero, int[] shape) {
        if (dtype == null) {
            throw new IllegalArgumentException(op + ": data type is null");
        }
        int[] s = Shapes.checkShape(op, shape);
        long floats = (Shapes.numel(s) * dtype.byteSize() + Float.BYTES - 1) / Float.BYTES;
        return new Tensor(scope, dtype, scope.allocateFloats(floats, zero), 0, s, Shapes.contiguousStrides(s));
    }

    /**
     * A tensor whose contents are unspecified, in the {@linkplain Scope#current() current scope}:
     * for an output that a kernel then writes entirely, where {@link #zeros} would be a wasted
     * pass over its memory. In a {@link StepMemory} step it holds values that earlier steps
     * left (never another thread's or freed memory); elsewhere it is zero. Never read it before
     * writing it.
     */
    public static Tensor empty(int... shape) {
        return empty(Scope.current(), shape);
    }

    public static Tensor empty(Scope scope, int... shape) {
        return empty(scope, DataType.FLOAT32, shape);
    }

    /** An {@linkplain #empty(int...) empty} tensor of a data type in {@code scope}. */
    public static Tensor empty(Scope scope, DataType dtype, int... shape) {
        return allocate(scope, dtype, "empty", false, shape);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        t.fill(value);
        return t;
    }

    /** 0, 1, ..., n-1 as a vector. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** start, start+step, ... below end (above, for a negative step). */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || !Float.isFinite(start) || !Float.isFinite(end) || !Float.isFinite(step)) {
            throw new IllegalArgumentException("arange: start=" + start + " end=" + end + " step=" + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        Tensor t = zeros(n);
        for (int i = 0; i < n; i++) {
            t.data.setAtIndex(F32, i, start + i * step);
        }
        return t;
    }

    /** A copy of {@code values} with the given shape (a vector when no shape is given). */
    public static Tensor of(float[] values, int... shape) {
        int[] s = shape.length == 0 ? new int[] {values.length} : shape;
        Tensor t = zeros(s);
        if (t.numel() != values.length) {
            throw new IllegalArgumentException("of: " + values.length + " values do not fill shape " + Shapes.str(s));
        }
        MemorySegment.copy(values, 0, t.data, F32, 0, values.length);
        return t;
    }

    /** A copy of {@code numel(shape)} floats read from {@code src} (any alignment). */
    public static Tensor copyOf(MemorySegment src, int... shape) {
        Tensor t = zeros(shape);
        long bytes = t.numel() * Float.BYTES;
        if (src.byteSize() < bytes) {
            throw new IllegalArgumentException("copyOf: segment of " + src.byteSize() + " bytes is smaller than shape "
                    + Shapes.str(shape) + " needs (" + bytes + ")");
        }
        MemorySegment.copy(src, 0, t.data, 0, bytes);
        return t;
    }

    /**
     * A tensor over memory the caller owns, without a copy. The caller keeps {@code segment}
     * alive while the tensor is used; the tensor belongs to {@code scope} for liveness checks.
     */
    public static Tensor wrap(Scope scope, MemorySegment segment, int... shape) {
        return wrap(scope, DataType.FLOAT32, segment, shape);
    }

    /** {@link #wrap(Scope, MemorySegment, int...)} for elements of {@code dtype} (little-endian, as on the machine). */
    public static Tensor wrap(Scope scope, DataType dtype, MemorySegment segment, int... shape) {
        if (dtype == null) {
            throw new IllegalArgumentException("wrap: data type is null");
        }
        int[] s = Shapes.checkShape("wrap", shape);
        long bytes = Shapes.numel(s) * dtype.byteSize();
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException("wrap: segment of " + segment.byteSize() + " bytes is smaller than shape "
                    + Shapes.str(s) + " of " + dtype + " needs (" + bytes + ")");
        }
        return new Tensor(scope, dtype, segment, 0, s, Shapes.contiguousStrides(s));
    }

    /** Uniform in [lo, hi) from {@code rng}. */
    public static Tensor uniform(Rng rng, float lo, float hi, int... shape) {
        Tensor t = zeros(shape);
        for (long i = 0, n = t.numel(); i < n; i++) {
            t.data.setAtIndex(F32, i, rng.uniform(lo, hi));
        }
        return t;
    }

    /** Normal with the given mean and standard deviation from {@code rng}. */
    public static Tensor normal(Rng rng, float mean, float std, int... shape) {
        Tensor t = zeros(shape);
        for (long i = 0, n = t.numel(); i < n; i++) {
            t.data.setAtIndex(F32, i, (float) (mean + std * rng.nextGaussian()));
        }
        return t;
    }

    // ---- shape -----------------------------------------------------------------------------

    /** What the elements are: float32 unless the tensor was made or {@linkplain #to converted} otherwise. */
    public DataType dtype() {
        return dtype;
    }

    public int rank() {
        return shape.length;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[Shapes.axis("dim", axis, shape.length)];
    }

    public long[] strides() {
        return strides.clone();
    }

    /** The stride of one axis, in elements (0 on a broadcast axis). */
    public long stride(int axis) {
        return strides[Shapes.axis("stride", axis, shape.length)];
    }

    /**
     * An immutable copy of {@code src} (any view, any data type), contiguous: its memory is
     * written here once and no writable reference to it exists, so it never changes while any
     * view of it lives, and a kernel may keep what it derives from it (oneDNN's reordered
     * weights) by its address alone, with no compare. Read-only; freed by the garbage collector.
     * For weights a service serves from (a {@code Predictor} makes its copies this way).
     */
    public static Tensor constant(Tensor src) {
        src.checkAccess("constant");
        long bytes = Math.max(1, src.numel() * src.dtype.byteSize());
        MemorySegment memory = java.lang.foreign.Arena.ofAuto().allocate(bytes, Scope.ALIGNMENT);
        Tensor staging = new Tensor(Scope.auto(), src.dtype, memory, 0, src.shape.clone(), Shapes.contiguousStrides(src.shape));
        if (src.isContiguous()) {
            MemorySegment.copy(src.segment(), 0, memory, 0, src.numel() * src.dtype.byteSize());
        } else {
            Conversions.convert(src, staging);
        }
        return new Tensor(Scope.auto(), src.dtype, memory.asReadOnly(), 0, src.shape.clone(),
                Shapes.contiguousStrides(src.shape), true);
    }

    /** Whether this is (a view of) a {@link #constant}: memory that is never written again. */
    public boolean isConstant() {
        return constant;
    }

    /** True when the data may not be written: a view of a read-only file mapping or segment. */
    public boolean isReadOnly() {
        return data.isReadOnly();
    }

    public long numel() {
        return Shapes.numel(shape);
    }

    public Scope scope() {
        return scope;
    }

    public boolean isAlive() {
        return scope.isAlive();
    }

    /** Row-major with no gaps (dims of size 1 may have any stride). */
    public boolean isContiguous() {
        if (numel() == 0) {
            return true; // nothing to lay out: [2,0] is as dense as it gets
        }
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    // ---- data ------------------------------------------------------------------------------

    /**
     * The data of a contiguous tensor as a segment of exactly {@code numel * dtype().byteSize()}
     * bytes: what a kernel or native call reads and writes.
     */
    public MemorySegment segment() {
        scope.checkAccess("segment");
        if (!isContiguous()) {
            throw new IllegalStateException("segment: tensor " + Shapes.str(shape) + " with strides "
                    + Arrays.toString(strides) + " is not contiguous; call contiguous() first");
        }
        MemorySegment d = dense;
        if (d == null) { // a benign race: every thread makes an equal slice
            dense = d = data.asSlice(offset * dtype.byteSize(), numel() * dtype.byteSize());
        }
        return d;
    }

    /**
     * The memory under a dense view in any axis order: a contiguous tensor (then as
     * {@link #segment()}) or a permutation of one, such as a {@linkplain ChannelsLast channels-last}
     * view; its elements in memory order, which the strides map. Made once, as {@link #segment()}.
     */
    public MemorySegment memory() {
        scope.checkAccess("memory");
        MemorySegment d = dense;
        if (d == null) {
            if (!isPermutedContiguous()) {
                throw new IllegalStateException("memory: tensor " + Shapes.str(shape) + " with strides "
                        + Arrays.toString(strides) + " is not a permutation of a contiguous tensor");
            }
            dense = d = data.asSlice(offset * dtype.byteSize(), numel() * dtype.byteSize());
        }
        return d;
    }

    /** Whether the axes, sorted by stride, are contiguous (dims of size 1 may have any stride). */
    private boolean isPermutedContiguous() {
        Integer[] order = new Integer[shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(strides[a], strides[b]));
        long expected = 1;
        for (int i : order) {
            if (shape[i] != 1) {
                if (strides[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
        }
        return true;
    }

    /** Throws unless the tensor's scope is open and usable from this thread. */
    public void checkAccess(String op) {
        scope.checkAccess(op);
    }

    private long index(String op, int[] idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException(op + ": " + idx.length + " indices for shape " + Shapes.str(shape));
        }
        long at = offset;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= shape[i]) {
                throw new IndexOutOfBoundsException(op + ": index " + Arrays.toString(idx) + " out of bounds for shape "
                        + Shapes.str(shape));
            }
            at += idx[i] * strides[i];
        }
        return at;
    }

    public float get(int... idx) {
        scope.checkAccess("get");
        return read(index("get", idx));
    }

    public void set(float value, int... idx) {
        scope.checkAccess("set");
        checkNotReadOnly("set");
        write(index("set", idx), value);
    }

    /** Element {@code i} of the allocation as a float (an integer type's code as it is). */
    private float read(long i) {
        return switch (dtype) {
            case FLOAT32 -> data.getAtIndex(F32, i);
            case BFLOAT16 -> BFloat16.toFloat(data.getAtIndex(BF16, i));
            case INT8 -> data.get(ValueLayout.JAVA_BYTE, i);
            case UINT8 -> Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, i));
        };
    }

    private void write(long i, float value) {
        switch (dtype) {
            case FLOAT32 -> data.setAtIndex(F32, i, value);
            case BFLOAT16 -> data.setAtIndex(BF16, i, BFloat16.fromFloat(value));
            case INT8, UINT8 -> data.set(ValueLayout.JAVA_BYTE, i, code(value));
        }
    }

    /** An integer type's code for {@code value}: it must be a whole number in the type's range. */
    private byte code(float value) {
        if (value != Math.rint(value) || value < dtype.minCode() || value > dtype.maxCode()) {
            throw new IllegalArgumentException("set: " + value + " is not a " + dtype + " code (a whole number in "
                    + dtype.minCode() + ".." + dtype.maxCode() + "); quantize real numbers with Ops.quantize");
        }
        return (byte) (int) value;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: tensor of shape " + Shapes.str(shape) + " has " + numel() + " elements");
        }
        scope.checkAccess("item");
        return read(offset);
    }

    /** The elements in row-major order, whatever the strides. */
    public float[] toArray() {
        scope.checkAccess("toArray");
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("toArray: " + n + " elements do not fit a Java array");
        }
        float[] out = new float[(int) n];
        if (isContiguous() && dtype == DataType.FLOAT32) {
            MemorySegment.copy(data, F32, offset * Float.BYTES, out, 0, out.length);
            return out;
        }
        int[] idx = new int[shape.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = read(elementOffset(idx));
            increment(idx);
        }
        return out;
    }

    /** Overwrites the elements (row-major) with {@code values}. */
    public void copyFrom(float[] values) {
        scope.checkAccess("copyFrom");
        checkNotReadOnly("copyFrom");
        if (values.length != numel()) {
            throw new IllegalArgumentException("copyFrom: " + values.length + " values for shape " + Shapes.str(shape));
        }
        if (isContiguous() && dtype == DataType.FLOAT32) {
            MemorySegment.copy(values, 0, data, F32, offset * Float.BYTES, values.length);
            return;
        }
        checkWritable("copyFrom");
        int[] idx = new int[shape.length];
        for (float v : values) {
            write(elementOffset(idx), v);
            increment(idx);
        }
    }

    /** Sets every element to {@code value}. */
    public void fill(float value) {
        scope.checkAccess("fill");
        checkNotReadOnly("fill");
        if (isContiguous()) {
            MemorySegment s = segment();
            if (Float.floatToRawIntBits(value) == 0) { // +0.0 only: -0.0 has a sign bit
                s.fill((byte) 0);
            } else if (dtype == DataType.FLOAT32) {
                for (long i = 0, n = numel(); i < n; i++) {
                    s.setAtIndex(F32, i, value);
                }
            } else if (dtype.isInteger()) {
                s.fill(code(value));
            } else {
                short bits = BFloat16.fromFloat(value);
                for (long i = 0, n = numel(); i < n; i++) {
                    s.setAtIndex(BF16, i, bits);
                }
            }
            return;
        }
        checkWritable("fill");
        int[] idx = new int[shape.length];
        for (long i = 0, n = numel(); i < n; i++) {
            write(elementOffset(idx), value);
            increment(idx);
        }
    }

    private void checkNotReadOnly(String op) {
        if (data.isReadOnly()) {
            throw new IllegalStateException(op + ": tensor " + Shapes.str(shape) + " is read-only (a view of a read-only"
                    + " mapping or segment); write into a copy");
        }
    }

    private void checkWritable(String op) {
        for (int i = 0; i < shape.length; i++) {
            if (strides[i] == 0 && shape[i] > 1) {
                throw new IllegalStateException(op + ": cannot write to a broadcast view of shape " + Shapes.str(shape));
            }
        }
    }

    /** Element offset (into the underlying allocation) of a multi-index. No bounds check. */
    public long elementOffset(int[] idx) {
        long at = offset;
        for (int i = 0; i < idx.length; i++) {
            at += idx[i] * strides[i];
        }
        return at;
    }

    /** The whole allocation this view reads from, for strided kernels (reorders). */
    public MemorySegment base() {
        scope.checkAccess("base");
        return data;
    }

    /**
     * {@link #base()} from this view's first element on, for strided kernels that take a start
     * address and strides (reorders). Made once per tensor: a plan that copies the same view on
     * every call allocates nothing.
     */
    public MemorySegment fromFirstElement() {
        scope.checkAccess("fromFirstElement");
        MemorySegment f = fromFirst;
        if (f == null) { // a benign race: every thread makes an equal slice
            fromFirst = f = data.asSlice(offset * dtype.byteSize());
        }
        return f;
    }

    /** Offset of the first element in {@link #base()}, in elements. */
    public long offset() {
        return offset;
    }

    private void increment(int[] idx) {
        for (int d = idx.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) {
                return;
            }
            idx[d] = 0;
        }
    }

    // ---- views -----------------------------------------------------------------------------

    /** Same data, new shape; one dim may be -1. A view when contiguous, else a copy. */
    public Tensor reshape(int... newShape) {
        scope.checkAccess("reshape");
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && infer < 0) {
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: bad shape " + Shapes.str(newShape) + " for " + Shapes.str(shape));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Shapes.str(newShape) + " from "
                        + Shapes.str(shape));
            }
            s[infer] = (int) (numel() / known);
        }
        if (Shapes.numel(s) != numel()) {
            throw new IllegalArgumentException("reshape: " + Shapes.str(shape) + " (" + numel() + " elements) cannot become "
                    + Shapes.str(newShape));
        }
        Tensor src = isContiguous() ? this : contiguous();
        // src.scope: a strided tensor's reshape is a copy in the current scope, and its liveness is that scope's.
        return new Tensor(src.scope, src.dtype, src.data, src.offset, s, Shapes.contiguousStrides(s), src.constant);
    }

    /** Swaps two axes (a view). */
    public Tensor transpose(int axis0, int axis1) {
        int a = Shapes.axis("transpose", axis0, shape.length);
        int b = Shapes.axis("transpose", axis1, shape.length);
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    /** Reorders axes: result axis i is this tensor's axis {@code order[i]} (a view). */
    public Tensor permute(int... order) {
        scope.checkAccess("permute");
        if (order.length != shape.length) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " for shape " + Shapes.str(shape));
        }
        boolean[] seen = new boolean[order.length];
        int[] s = new int[order.length];
        long[] st = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            int a = Shapes.axis("permute", order[i], shape.length);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + a + " repeated in " + Arrays.toString(order));
            }
            seen[a] = true;
            s[i] = shape[a];
            st[i] = strides[a];
        }
        return new Tensor(scope, dtype, data, offset, s, st, constant);
    }

    /** Elements {@code [start, end)} along {@code axis} (a view). */
    public Tensor slice(int axis, int start, int end) {
        scope.checkAccess("slice");
        int a = Shapes.axis("slice", axis, shape.length);
        if (start < 0 || end < start || end > shape[a]) {
            throw new IndexOutOfBoundsException("slice: [" + start + ", " + end + ") out of range for axis " + a
                    + " of shape " + Shapes.str(shape));
        }
        int[] s = shape.clone();
        s[a] = end - start;
        return new Tensor(scope, dtype, data, offset + start * strides[a], s, strides.clone(), constant);
    }

    /** Index {@code i} along {@code axis}, dropping that axis (a view). */
    public Tensor select(int axis, int i) {
        int a = Shapes.axis("select", axis, shape.length);
        Tensor t = slice(a, i, i + 1);
        int[] s = new int[shape.length - 1];
        long[] st = new long[shape.length - 1];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k != a) {
                s[j] = t.shape[k];
                st[j++] = t.strides[k];
            }
        }
        return new Tensor(scope, dtype, data, t.offset, s, st, constant);
    }

    /** This tensor seen with {@code target}'s shape by NumPy broadcasting (stride 0; a read-only view). */
    public Tensor broadcastTo(int... target) {
        scope.checkAccess("broadcastTo");
        Shapes.checkShape("broadcastTo", target); // its element count must fit a long, like any shape
        int[] full = Shapes.broadcast("broadcastTo", shape, target);
        if (!Arrays.equals(full, target)) {
            throw new IllegalArgumentException("shape mismatch in broadcastTo: " + Shapes.str(shape) + " cannot become "
                    + Shapes.str(target));
        }
        int pad = target.length - shape.length;
        long[] st = new long[target.length];
        for (int i = 0; i < shape.length; i++) {
            st[i + pad] = shape[i] == 1 && target[i + pad] != 1 ? 0 : strides[i];
        }
        return new Tensor(scope, dtype, data, offset, target.clone(), st, constant);
    }

    /** Inserts an axis of size 1 (a view). */
    public Tensor unsqueeze(int axis) {
        int a = axis < 0 ? axis + shape.length + 1 : axis;
        if (a < 0 || a > shape.length) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for rank " + shape.length);
        }
        int[] s = new int[shape.length + 1];
        long[] st = new long[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == a) {
                s[i] = 1;
                st[i] = 0;
            } else {
                s[i] = shape[j];
                st[i] = strides[j++];
            }
        }
        return new Tensor(scope, dtype, data, offset, s, st, constant);
    }

    /** This tensor if contiguous, else a contiguous copy in the current scope. */
    public Tensor contiguous() {
        if (isContiguous()) {
            scope.checkAccess("contiguous");
            return this;
        }
        return copy();
    }

    /** A contiguous copy in the current scope, of the same data type. */
    public Tensor copy() {
        scope.checkAccess("copy");
        if (dtype == DataType.FLOAT32) {
            Tensor out = zeros(shape);
            Backends.current().copy(this, out);
            return out;
        }
        Tensor out = empty(Scope.current(), dtype, shape);
        Conversions.convert(this, out);
        return out;
    }

    /**
     * This tensor as {@code target}: itself when it already is, else a contiguous converted copy
     * in the current scope (float32 to bfloat16 rounds to nearest even; bfloat16 to float32 is exact).
     */
    public Tensor to(DataType target) {
        scope.checkAccess("to");
        if (target == null) {
            throw new IllegalArgumentException("to: data type is null");
        }
        if (target == dtype) {
            return this;
        }
        Tensor out = empty(Scope.current(), target, shape);
        Conversions.convert(this, out);
        return out;
    }

    /**
     * Writes this tensor's values, converted, into {@code out} (same shape, contiguous, any data
     * type): a conversion into memory the caller keeps, for a plan that converts on every call.
     */
    public void convertInto(Tensor out) {
        scope.checkAccess("convertInto");
        if (out == null) {
            throw new IllegalArgumentException("convertInto: output tensor is null");
        }
        out.scope.checkAccess("convertInto");
        if (!Arrays.equals(shape, out.shape) || !out.isContiguous()) {
            throw new IllegalArgumentException("convertInto: " + dtype + " " + Shapes.str(shape) + " into " + out.dtype
                    + " " + Shapes.str(out.shape) + (out.isContiguous() ? "" : " (not contiguous)")
                    + ": the output must be contiguous and of the same shape");
        }
        out.checkNotReadOnly("convertInto");
        Conversions.convert(this, out);
    }

    // ---- printing --------------------------------------------------------------------------

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.str(shape));
        if (dtype != DataType.FLOAT32) {
            sb.append(' ').append(dtype);
        }
        if (!scope.isAlive()) {
            return sb.append(" (scope closed)").toString();
        }
        if (numel() > 64) {
            return sb.append(" (").append(numel()).append(" elements)").toString();
        }
        try {
            float[] v = toArray();
            sb.append(' ');
            appendNested(sb, v, 0, 0);
        } catch (RuntimeException e) {
            sb.append(" (").append(e.getMessage()).append(')');
        }
        return sb.toString();
    }

    private int appendNested(StringBuilder sb, float[] v, int axis, int at) {
        if (axis == shape.length) {
            sb.append(String.format("%.4g", v[at]));
            return at + 1;
        }
        sb.append('[');
        for (int i = 0; i < shape[axis]; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            at = appendNested(sb, v, axis + 1, at);
        }
        sb.append(']');
        return at;
    }
}
