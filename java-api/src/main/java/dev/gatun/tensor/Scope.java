package dev.gatun.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The lifetime of a group of tensors, backed by an {@link Arena}.
 *
 * <p>A scope opened on a thread becomes that thread's {@link #current()} scope until it is
 * closed, so ops called inside it allocate their results there:
 *
 * <pre>{@code
 * try (Scope step = Scope.confined()) {
 *     Tensor y = Ops.relu(Ops.matmul(x, w));   // freed when step closes
 * }
 * }</pre>
 *
 * <p>Closing frees every tensor of the scope at once; using one afterwards throws
 * {@link IllegalStateException}, never a crash. Closing twice is harmless. A confined scope
 * rejects other threads with a {@link WrongThreadException} that names both threads.
 * Outside any scope, tensors go to a garbage-collected scope ({@link #auto()}).
 */
public final class Scope implements AutoCloseable {
    /** Tensor data is aligned for AVX-512 loads and cache lines. */
    public static final long ALIGNMENT = 64;

    private static final ThreadLocal<Deque<Scope>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);
    private static final Scope AUTO = new Scope(Arena.ofAuto(), null, "auto");

    private final Arena arena; // for a step of a StepMemory: made on the first arena() call only
    private final Thread owner; // null when shared
    private final String kind;
    private final StepMemory steps; // non-null: tensors are carved from this reused memory
    private Arena stepArena;
    private volatile boolean closed;

    private Scope(Arena arena, Thread owner, String kind) {
        this(arena, owner, kind, null);
    }

    private Scope(Arena arena, Thread owner, String kind, StepMemory steps) {
        this.arena = arena;
        this.owner = owner;
        this.kind = kind;
        this.steps = steps;
    }

    /** Opens a scope usable only from this thread, and makes it this thread's current scope. */
    public static Scope confined() {
        return push(new Scope(Arena.ofConfined(), Thread.currentThread(), "confined"));
    }

    /** A step of {@code memory}: confined, current, allocating from the reused memory. */
    static Scope confinedOn(StepMemory memory) {
        return push(new Scope(null, Thread.currentThread(), "step", memory));
    }

    /** Opens a scope whose tensors any thread may use, and makes it this thread's current scope. */
    public static Scope shared() {
        return push(new Scope(Arena.ofShared(), null, "shared"));
    }

    /**
     * Creates a shared scope that is <em>not</em> made current: for long-lived tensors such as a
     * model's parameters. Allocate in it with {@code Tensor.zeros(scope, ...)} or inside
     * {@link #enter()}.
     */
    public static Scope detachedShared() {
        return new Scope(Arena.ofShared(), null, "shared");
    }

    /**
     * Makes this (open) scope the current one on this thread until the handle is closed, so
     * that ops allocate their results here.
     */
    public Entered enter() {
        checkAccess("enter");
        Deque<Scope> stack = OPEN.get();
        stack.push(this);
        return () -> stack.removeFirstOccurrence(this);
    }

    /** Leaves a scope entered with {@link #enter()}; does not close it. */
    public interface Entered extends AutoCloseable {
        @Override
        void close();
    }

    /** The garbage-collected scope: never closed, tensors freed when unreachable. */
    public static Scope auto() {
        return AUTO;
    }

    /** The innermost scope opened on this thread and not yet closed, else {@link #auto()}. */
    public static Scope current() {
        Deque<Scope> stack = OPEN.get();
        Scope top = stack.peek();
        while (top != null && top.closed) { // a shared scope closed by another thread
            stack.pop();
            top = stack.peek();
        }
        return top == null ? AUTO : top;
    }

    private static Scope push(Scope scope) {
        OPEN.get().push(scope);
        return scope;
    }

    /** Allocates zeroed, 64-byte-aligned memory for {@code floats} float32 values. */
    MemorySegment allocateFloats(long floats) {
        return allocateFloats(floats, true);
    }

    /**
     * Allocates 64-byte-aligned memory for {@code floats} float32 values, zeroed only when
     * {@code zero}. Without it, memory of a {@link StepMemory} step keeps an earlier step's
     * values (it skips a pass over the bytes); an arena's memory is zeroed anyway (FFM always
     * zeroes what {@code Arena.allocate} returns).
     */
    MemorySegment allocateFloats(long floats, boolean zero) {
        checkAccess("allocate");
        if (steps != null) {
            return steps.allocate(floats * Float.BYTES, zero);
        }
        return arena.allocate(Math.max(1, floats) * Float.BYTES, ALIGNMENT);
    }

    /** The arena behind this scope, for callers that allocate their own native memory. */
    public Arena arena() {
        checkAccess("arena");
        if (steps != null) { // memory a caller maps or allocates itself goes when this step closes
            if (stepArena == null) {
                stepArena = Arena.ofConfined();
            }
            return stepArena;
        }
        return arena;
    }

    public boolean isAlive() {
        return !closed;
    }

    public boolean isShared() {
        return owner == null;
    }

    /** Throws a clear exception when the scope is closed or confined to another thread. */
    public void checkAccess(String operation) {
        if (closed) {
            throw new IllegalStateException(operation + ": tensor used after its " + kind + " scope was closed");
        }
        if (owner != null && owner != Thread.currentThread()) {
            throw new WrongThreadException(operation + ": tensor belongs to a scope confined to thread '"
                    + owner.getName() + "', used from thread '" + Thread.currentThread().getName() + "'");
        }
    }

    @Override
    public void close() {
        if (this == AUTO || closed) {
            return;
        }
        if (owner != null && owner != Thread.currentThread()) {
            throw new WrongThreadException("close: scope confined to thread '" + owner.getName()
                    + "' cannot be closed from thread '" + Thread.currentThread().getName() + "'");
        }
        closed = true;
        OPEN.get().removeIf(s -> s == this);
        Arena own = steps != null ? stepArena : arena;
        if (own != null) {
            own.close();
        }
    }

    @Override
    public String toString() {
        return "Scope[" + kind + (closed ? ", closed" : "") + "]";
    }
}
