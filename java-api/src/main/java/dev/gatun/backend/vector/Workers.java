package dev.gatun.backend.vector;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small fixed pool that splits an op's rows into one range per thread; the calling thread
 * runs the first range itself. Tiny ops, and ops on memory of a confined arena (which other
 * threads may not touch), run on the caller alone.
 */
final class Workers {
    /** Below this many elements of work, waking a thread costs more than it saves. */
    static final long MIN_PARALLEL_WORK = 1L << 16;

    /** A thread that never runs: a stand-in for "some other thread" when asking who may read a segment. */
    private static final Thread OTHER = Thread.ofPlatform().unstarted(() -> {});
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int threads;
    private final ExecutorService pool; // threads - 1 workers; null when single-threaded

    Workers(int threads) {
        this.threads = threads;
        if (threads > 1) {
            int id = POOL_IDS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "gatun-java-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.pool = null;
        }
    }

    int threads() {
        return threads;
    }

    void shutdown() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    /** Work on rows {@code [from, to)}. */
    interface RangeTask {
        void run(long from, long to);
    }

    /** True when every segment may be read and written by other threads (not a confined arena's). */
    static boolean shareable(MemorySegment a, MemorySegment b) {
        return shareable(a) && shareable(b);
    }

    /** Fixed arities for the per-call paths: a varargs array is an allocation per call. */
    static boolean shareable(MemorySegment a, MemorySegment b, MemorySegment c) {
        return shareable(a) && shareable(b) && shareable(c);
    }

    static boolean shareable(MemorySegment s) {
        return s == null || s.isAccessibleBy(OTHER);
    }

    static boolean shareable(MemorySegment... segments) {
        for (MemorySegment s : segments) {
            if (s != null && !s.isAccessibleBy(OTHER)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@link #forRows} with these arguments runs the whole range on the calling thread: a
     * caller may then run its body directly and capture no task (a served call allocates nothing).
     */
    boolean serial(long rows, long workPerRow, boolean shareable) {
        return pool == null || !shareable || rows * Math.max(1, workPerRow) < MIN_PARALLEL_WORK || Math.min(threads, rows) <= 1;
    }

    /**
     * Runs {@code task} over rows {@code [0, rows)}, split into contiguous ranges when the op is
     * large ({@code rows * workPerRow} elements) and its memory may be shared.
     */
    void forRows(long rows, long workPerRow, boolean shareable, RangeTask task) {
        long work = rows * Math.max(1, workPerRow);
        int parts = (int) Math.min(threads, rows);
        if (serial(rows, workPerRow, shareable)) {
            task.run(0, rows);
            return;
        }
        parts = (int) Math.min(parts, Math.max(1, work / (MIN_PARALLEL_WORK / 2)));
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            long from = rows * p / parts, to = rows * (p + 1) / parts;
            futures.add(pool.submit(() -> task.run(from, to)));
        }
        Throwable failure = null;
        try {
            task.run(0, rows / parts);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        // Wait for every range even after a failure: none may still touch the memory when we return.
        for (Future<?> f : futures) {
            Throwable t = join(f);
            failure = failure == null ? t : failure;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("java backend: worker failed", failure);
        }
    }

    /** Waits for {@code f}; returns what it threw, or null. */
    private static Throwable join(Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the worker is using our memory
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
