package dev.gatun.ops;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.tensor.DataType;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/**
 * The argument checks every op family shares: liveness, contiguity, output shape, and messages
 * that name the op and the shapes.
 */
final class OpChecks {
    private OpChecks() {}

    static Backend backend() {
        return Backends.current();
    }

    /** Checks liveness and returns a contiguous version (a copy only for strided views). */
    static Tensor dense(String op, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": tensor argument is null");
        }
        t.checkAccess(op);
        float32(op, t);
        return t.contiguous();
    }

    /**
     * An operand of a matrix product or convolution made contiguous (a copy only for a view):
     * float32, or bfloat16 when its {@code partner} operand is bfloat16 too (the products read
     * bfloat16 and accumulate and write float32).
     */
    static Tensor matched(String op, Tensor t, Tensor partner) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": tensor argument is null");
        }
        t.checkAccess(op);
        if (t.dtype() != DataType.FLOAT32 && t.dtype() != DataType.BFLOAT16) {
            float32(op, t);
        }
        if (partner != null && partner.dtype() != t.dtype()) {
            throw new IllegalArgumentException(op + ": operands " + Shapes.str(t.shape()) + " " + t.dtype() + " and "
                    + Shapes.str(partner.shape()) + " " + partner.dtype() + " differ in data type; both must be float32 or"
                    + " both bfloat16");
        }
        return t.contiguous();
    }

    /** Liveness and data type of an operand the op reads as it is (no copy). */
    static void live(String op, Tensor t) {
        t.checkAccess(op);
        float32(op, t);
    }

    /** Throws unless {@code t} holds float32, the one data type every op takes (matmul also takes bfloat16 operands). */
    static void float32(String op, Tensor t) {
        if (t.dtype() != DataType.FLOAT32) {
            throw new IllegalArgumentException(op + ": got a " + t.dtype() + " tensor " + Shapes.str(t.shape())
                    + " where it takes float32; convert it with to(DataType.FLOAT32)");
        }
    }

    /** A per-channel vector made contiguous (a copy only for a view), or null. */
    static Tensor denseOrNull(String op, Tensor t) {
        return t == null ? null : dense(op, t);
    }

    static void checkOut(String op, Tensor out, int[] shape) {
        if (out == null) {
            throw new IllegalArgumentException(op + ": output tensor is null");
        }
        out.checkAccess(op);
        float32(op, out);
        if (!Arrays.equals(out.shape(), shape)) {
            throw new IllegalArgumentException("shape mismatch in " + op + ": output is " + Shapes.str(out.shape())
                    + ", expected " + Shapes.str(shape));
        }
        if (!out.isContiguous()) {
            throw new IllegalArgumentException(op + ": output tensor " + Shapes.str(out.shape()) + " must be contiguous");
        }
    }

    static void sameShape(String op, Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw mismatch(op, a, b, "shapes must be equal");
        }
    }

    static IllegalArgumentException mismatch(String op, Tensor a, Tensor b, String why) {
        return new IllegalArgumentException("shape mismatch in " + op + ": " + Shapes.str(a.shape()) + " and "
                + Shapes.str(b.shape()) + " (" + why + ")");
    }

    /** {@code ADD} -> {@code "add"}, {@code SOFT_RELU} -> {@code "soft relu"}: made once per enum, not per op call. */
    static String opName(Enum<?> op) {
        return OP_NAMES.get(op.getDeclaringClass())[op.ordinal()];
    }

    private static final ClassValue<String[]> OP_NAMES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] values = type.getEnumConstants();
            String[] names = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                names[i] = ((Enum<?>) values[i]).name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            }
            return names;
        }
    };
}
