package dev.gatun.autograd;

/**
 * A block in which nothing is recorded on the tape, for inference and for updates that must
 * not be differentiated:
 *
 * <pre>{@code
 * try (NoGrad off = NoGrad.enter()) {
 *     Tensor scores = model.forward(Var.constant(x)).value();   // no backward closures kept
 * }
 * }</pre>
 *
 * <p>Blocks nest; recording resumes when the outermost one closes. The flag is per thread.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final int[] depth;
    private boolean closed;

    private NoGrad(int[] depth) {
        this.depth = depth;
    }

    /** Turns recording off on this thread until the returned handle is closed. */
    public static NoGrad enter() {
        int[] depth = DEPTH.get();
        depth[0]++;
        return new NoGrad(depth);
    }

    /** True inside a {@code NoGrad} block on this thread. */
    public static boolean isActive() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            depth[0]--;
        }
    }
}
