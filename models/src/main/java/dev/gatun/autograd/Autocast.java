package dev.gatun.autograd;

import dev.gatun.tensor.DataType;

/**
 * Mixed precision for the current thread, as PyTorch's {@code torch.autocast("cpu",
 * dtype=torch.bfloat16)}: inside, the ops that do nearly all the arithmetic ({@link F#linear},
 * {@link F#matmul}, {@link ConvF#conv2d}) convert their operands to bfloat16 and run bf16
 * kernels that accumulate and write float32, forward and backward; everything else (losses,
 * softmax, norms and their statistics, activations, the recurrent layers, the optimizer) stays
 * float32, as do the parameters (the float32 master weights) and every gradient. bf16 has
 * float32's range, so no loss scaling is needed.
 *
 * <pre>{@code
 * try (Autocast bf16 = Autocast.bf16()) {
 *     Var loss = lossFn.forward(model.forward(x), y);
 *     loss.backward();
 * }
 * }</pre>
 *
 * The choice is made when an op records itself, so a backward pass run after the block still
 * computes in the precision its forward did.
 */
public final class Autocast implements AutoCloseable {
    private static final ThreadLocal<DataType> ACTIVE = new ThreadLocal<>();

    private final DataType previous;
    private final Thread owner;

    private Autocast(DataType type) {
        this.previous = ACTIVE.get();
        this.owner = Thread.currentThread();
        ACTIVE.set(type);
    }

    /** Enters a bf16 region on this thread; close it on the same thread. */
    public static Autocast bf16() {
        return new Autocast(DataType.BFLOAT16);
    }

    /** Enters a float32 region (inside a bf16 one: a block that must stay exact). */
    public static Autocast float32() {
        return new Autocast(DataType.FLOAT32);
    }

    /** The data type the matrix products of this thread read: float32 outside any region. */
    public static DataType current() {
        DataType t = ACTIVE.get();
        return t == null ? DataType.FLOAT32 : t;
    }

    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("Autocast: closed on thread " + Thread.currentThread().getName()
                    + ", entered on " + owner.getName());
        }
        if (previous == null) {
            ACTIVE.remove();
        } else {
            ACTIVE.set(previous);
        }
    }
}
