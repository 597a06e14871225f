package dev.gatun.backend.onednn;

import static dev.gatun.ffi.dnnl.Dnnl.*;

import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.NaNs;
import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The onednn backend's broadcasting binary ops: a {@link BinaryKey} primitive per algorithm and
 * shapes. oneDNN broadcasts its second operand only and lets dst alias its first only, so the
 * operand with dst's shape goes first (commutative ops swapped, {@code >=} turned into {@code <=});
 * what cannot be arranged so runs on the fallback.
 */
record OneDnnBinary(PrimitiveCache cache, Keys keys) {
    /** {@code dst = a op b}; false when oneDNN cannot compute it as PyTorch does (the caller's fallback runs it). */
    boolean run(BinaryOp op, Tensor a, Tensor b, Tensor dst) {
        int rank = dst.rank();
        if (rank > DNNL_MAX_NDIMS || dst.numel() == 0) {
            return false;
        }
        MemorySegment as = a.segment(), bs = b.segment(), ds = dst.segment();
        if (DROPS_NAN.contains(op) && (NaNs.any(as) || NaNs.any(bs))) {
            return false; // oneDNN's max/min/ge drop NaN: see DROPS_NAN
        }
        boolean aFull = a.sameShape(dst), bFull = b.sameShape(dst);
        // oneDNN broadcasts src1 only, and dst may alias src0 only: put the operand with dst's
        // shape (the one dst may be) first, swapping operands of commutative ops when needed.
        boolean swap = !aFull || (bFull && ds.address() == bs.address() && ds.address() != as.address());
        int alg = swap ? swappedAlg(op) : alg(op);
        if (alg < 0 || (swap && !bFull)) {
            return false;
        }
        Tensor src0 = swap ? b : a, src1 = swap ? a : b;
        PrimitiveKey key = BinaryKey.write(keys.key(Op.BINARY, dst.numel()), alg, src0, src1, dst);
        cache.execute(key, key.args().add(swap ? bs : as).add(swap ? as : bs).add(ds));
        return true;
    }

    /**
     * Binary ops whose oneDNN kernels lose NaN (max/min return the other operand, {@code ge} says
     * NaN >= x); given a NaN, they run on the fallback, as torch.maximum and torch.ge answer.
     */
    private static final Set<BinaryOp> DROPS_NAN = EnumSet.of(BinaryOp.MAX, BinaryOp.MIN, BinaryOp.GE);

    private static int alg(BinaryOp op) {
        return switch (op) {
            case ADD -> dnnl_binary_add;
            case SUB -> dnnl_binary_sub;
            case MUL -> dnnl_binary_mul;
            case DIV -> dnnl_binary_div;
            case MAX -> dnnl_binary_max;
            case MIN -> dnnl_binary_min;
            case GE -> dnnl_binary_ge;
            case EQ -> dnnl_binary_eq;
        };
    }

    /** The algorithm computing {@code a op b} as {@code b op' a}, or -1 when there is none. */
    private static int swappedAlg(BinaryOp op) {
        return switch (op) {
            case ADD, MUL, MAX, MIN, EQ -> alg(op);
            case GE -> dnnl_binary_le; // a >= b  <=>  b <= a
            case SUB, DIV -> -1;
        };
    }

    /** The primitive of a {@link BinaryKey}. Args: src0, src1, dst. */
    static CachedPrimitive primitive(MemorySegment engine, PrimitiveKey key) {
        BinaryKey bk = BinaryKey.read(key);
        int alg = bk.alg();
        long[] a = bk.src0(), b = bk.src1(), c = bk.dst();
        String what = "binary " + name(alg) + " " + Arrays.toString(a) + " and " + Arrays.toString(b) + " -> "
                + Arrays.toString(c);
        try (PrimitiveBuilder pb = new PrimitiveBuilder(engine, what)) {
            MemorySegment src0 = pb.md(a), src1 = pb.md(b), dst = pb.md(c);
            MemorySegment attr = pb.attr();
            MemorySegment pd = pb.pd(dnnl_binary_primitive_desc_create(pb.out(), engine, alg, src0, src1, dst, attr),
                    "dnnl_binary_primitive_desc_create");
            return pb.build(pd, new int[] {DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST}, new MemorySegment[] {src0, src1, dst}, 0);
        }
    }

    private static String name(int alg) {
        return switch (alg) {
            case dnnl_binary_add -> "add";
            case dnnl_binary_sub -> "sub";
            case dnnl_binary_mul -> "mul";
            case dnnl_binary_div -> "div";
            case dnnl_binary_max -> "max";
            case dnnl_binary_min -> "min";
            case dnnl_binary_ge -> "ge";
            case dnnl_binary_le -> "le";
            case dnnl_binary_eq -> "eq";
            default -> "alg " + alg;
        };
    }
}
