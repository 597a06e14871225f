package dev.gatun.ffi.dnnl;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The process-wide oneDNN CPU engine and an in-order stream on it, created once on first use and
 * kept for the life of the process (destroying them at shutdown would race with threads still
 * executing primitives; the OS reclaims them).
 *
 * <p>The engine may be shared by all threads. The stream is for callers that execute from one
 * thread at a time (tests, set-up code); code that executes primitives from many threads at once
 * should create a stream per thread with {@code dnnl_stream_create} on {@link #engine()}.
 */
public final class DnnlEngine {
    private static final Object LOCK = new Object();
    private static DnnlEngine cpu;
    private static RuntimeException failure; // kept so every caller sees the same first failure

    private final MemorySegment engine;
    private final MemorySegment stream;

    private DnnlEngine(MemorySegment engine, MemorySegment stream) {
        this.engine = engine;
        this.stream = stream;
    }

    /**
     * The CPU engine, creating it on the first call.
     *
     * @throws dev.gatun.ffi.NativeLibraryUnavailableException if oneDNN did not load
     * @throws DnnlException if oneDNN refused to create the engine or stream
     */
    public static DnnlEngine cpu() {
        synchronized (LOCK) {
            if (cpu == null && failure == null) {
                try {
                    cpu = create();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return cpu;
        }
    }

    /** {@code dnnl_engine_t} of kind {@code dnnl_cpu}, index 0. */
    public MemorySegment engine() {
        return engine;
    }

    /** An in-order {@code dnnl_stream_t} on {@link #engine()}; see the class comment on threads. */
    public MemorySegment stream() {
        return stream;
    }

    private static DnnlEngine create() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check(dnnl_engine_create(out, dnnl_cpu, 0), "dnnl_engine_create", "kind cpu, index 0");
            MemorySegment engine = out.get(ADDRESS, 0);
            int status = dnnl_stream_create(out, engine, dnnl_stream_default_flags);
            if (status != dnnl_success) {
                dnnl_engine_destroy(engine); // nothing else holds it yet
                check(status, "dnnl_stream_create", "on the cpu engine");
            }
            return new DnnlEngine(engine, out.get(ADDRESS, 0));
        }
    }
}
