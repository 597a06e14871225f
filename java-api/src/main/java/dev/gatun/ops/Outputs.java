package dev.gatun.ops;

import dev.gatun.backend.Backend;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * What every write path of {@link Ops} checks about its outputs before any kernel runs: the
 * output is writable (a read-only file mapping written by native code kills the JVM), and it
 * shares memory with an input only as the overlap rule in {@link Ops}'s javadoc allows. The
 * checks allocate nothing when they pass.
 */
final class Outputs {
    private Outputs() {}

    /** Throws unless {@code out} may be written: not a view of read-only memory. */
    static void writable(String op, String arg, Tensor out) {
        if (out != null && out.isReadOnly()) {
            throw new IllegalArgumentException(op + ": output " + arg + " " + Shapes.str(out.shape())
                    + " is read-only (a view of a read-only mapping such as SafetensorsFile.tensor, or of a read-only"
                    + " segment); write into a copy");
        }
    }

    /** True when some element of {@code x} and some element of {@code y} may share memory (their spans intersect). */
    static boolean overlaps(Tensor x, Tensor y) {
        if (x == null || y == null || x.numel() == 0 || y.numel() == 0) {
            return false;
        }
        MemorySegment bx = x.base(), by = y.base();
        if (bx.isNative() != by.isNative()) {
            return false;
        }
        if (!bx.isNative() && bx.heapBase().orElse(null) != by.heapBase().orElse(null)) {
            return false; // two different Java arrays
        }
        long sx = bx.address() + x.offset() * x.dtype().byteSize(), sy = by.address() + y.offset() * y.dtype().byteSize();
        return sx < sy + span(y) && sy < sx + span(x);
    }

    /** Bytes from the first element of {@code t} to the end of its last (strides are never negative). */
    private static long span(Tensor t) {
        long last = 0;
        int rank = t.rank();
        for (int i = 0; i < rank; i++) {
            last += (t.dim(i) - 1) * t.stride(i);
        }
        return (last + 1) * t.dtype().byteSize();
    }

    /** True when both are contiguous views of exactly the same elements. */
    private static boolean sameElements(Tensor x, Tensor y) {
        return overlaps(x, y) && x.numel() == y.numel() && x.isContiguous() && y.isContiguous()
                && x.dtype() == y.dtype() && x.base().address() + x.offset() * x.dtype().byteSize() == y.base().address() + y.offset() * y.dtype().byteSize();
    }

    /**
     * The elementwise rule: {@code out} may be exactly {@code in} (computed in place), but may not
     * overlap it otherwise (an element would be read after another element's result overwrote it).
     */
    static void inPlaceOnly(String op, String outName, Tensor out, String inName, Tensor in) {
        if (overlaps(out, in) && !sameElements(out, in)) {
            throw new IllegalArgumentException(op + ": output " + outName + " " + Shapes.str(out.shape())
                    + " partly overlaps input " + inName + " " + Shapes.str(in.shape())
                    + "; an elementwise op may write over exactly its input (in place), not over part of it or a shifted view"
                    + " of it; pass a copy");
        }
    }

    /** The rule for ops that have several outputs: no output overlaps another output or any input. */
    static void disjoint(String op, String[] outNames, Tensor[] outs, String[] inNames, Tensor[] ins) {
        for (int i = 0; i < outs.length; i++) {
            for (int j = i + 1; j < outs.length; j++) {
                reject(op, outNames[i], outs[i], "output " + outNames[j], outs[j]);
            }
            for (int j = 0; j < ins.length; j++) {
                reject(op, outNames[i], outs[i], "input " + inNames[j], ins[j]);
            }
        }
    }

    private static void reject(String op, String outName, Tensor out, String other, Tensor t) {
        if (overlaps(out, t)) {
            throw new IllegalArgumentException(op + ": output " + outName + " " + Shapes.str(out.shape()) + " overlaps "
                    + other + " " + Shapes.str(t.shape()) + "; " + op + " needs outputs that share no memory with its"
                    + " other tensors; pass a copy");
        }
    }

    /**
     * The staging rule for ops that read many inputs per output element (matmul, convolution,
     * pooling, batch norm, copy): when {@code out} overlaps an input, the kernel writes a
     * temporary that is copied into {@code out} afterwards, so the result is what it would be
     * without the overlap. {@code readsOut} copies {@code out}'s old content in first (matmul
     * with beta != 0). Callers run the kernel on {@code out} directly when nothing overlaps, so the
     * common case allocates nothing.
     */
    static void staged(Backend backend, Tensor out, boolean readsOut, Consumer<Tensor> kernel) {
        try (Scope tmp = Scope.confined()) {
            Tensor t = Tensor.zeros(out.shape());
            if (readsOut) {
                backend.copy(out, t);
            }
            kernel.accept(t);
            backend.copy(t, out);
        }
    }
}
