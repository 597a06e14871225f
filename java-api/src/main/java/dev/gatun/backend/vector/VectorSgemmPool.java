package dev.gatun.backend.vector;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The worker threads of {@link VectorSgemm}: a pool of daemon threads of our own, created on
 * first use and grown to the largest thread count ever asked for. Not the common ForkJoinPool:
 * the caller's own parallel streams must not be stalled behind a matrix product, nor the other
 * way round. Each worker keeps its packing buffers in a thread local, so they are reused.
 */
final class VectorSgemmPool {
    private VectorSgemmPool() {}

    private static ThreadPoolExecutor pool; // guarded by VectorSgemmPool.class

    /** Runs part(0) .. part(parts-1): part 0 on the calling thread, the rest on workers; waits for all. */
    static void run(int parts, IntConsumer part) {
        assert parts >= 1;
        if (parts == 1) {
            part.accept(0);
            return;
        }
        ThreadPoolExecutor workers = workers(parts - 1);
        Future<?>[] pending = new Future<?>[parts - 1];
        for (int t = 1; t < parts; t++) {
            int index = t;
            pending[t - 1] = workers.submit(() -> part.accept(index));
        }
        Throwable failure = null;
        try {
            part.accept(0);
        } catch (Throwable e) {
            failure = e;
        }
        // Wait even after a failure: the workers write into the caller's C.
        boolean interrupted = false;
        for (Future<?> f : pending) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException("sgemm worker failed", failure);
        }
    }

    private static synchronized ThreadPoolExecutor workers(int size) {
        if (pool == null) {
            AtomicInteger count = new AtomicInteger();
            pool = new ThreadPoolExecutor(size, size, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "gatun-sgemm-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else if (pool.getMaximumPoolSize() < size) {
            pool.setMaximumPoolSize(size); // raise the maximum first: core may never exceed it
            pool.setCorePoolSize(size);
        }
        return pool;
    }
}
