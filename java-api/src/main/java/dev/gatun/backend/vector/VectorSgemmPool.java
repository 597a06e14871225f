package dev.gatun.backend.vector;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The worker threads of {@link VectorSgemm}: daemon threads of our own, started on first use.
 * Not the common ForkJoinPool: the caller's own parallel streams must not be stalled behind a
 * matrix product, nor the other way round. Each worker keeps its packing buffers in a thread
 * local, so they are reused.
 *
 * <p>Handing work over is the cost that matters for mid-sized products: waking a parked thread
 * took 50-150 us here (a VM), as long as a whole 256^3 product on one core, so a pool built on
 * a blocking queue and futures made two threads slower than one up to n = 256. A worker that
 * has just finished therefore spins for {@value #SPIN_NANOS} ns before parking, and so does the
 * caller waiting for the last part. The spin is short on purpose: on two shared cores a pool that
 * spins for milliseconds (OpenMP's habit) steals them from everyone else.
 */
final class VectorSgemmPool {
    private VectorSgemmPool() {}

    /** How long an idle worker, or a waiting caller, polls before parking. */
    static final long SPIN_NANOS = 100_000;
    /** Beyond this many workers, parts that find no idle worker run on the caller. */
    private static final int MAX_WORKERS = 4 * Runtime.getRuntime().availableProcessors();

    private static final ConcurrentLinkedDeque<Worker> IDLE = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger STARTED = new AtomicInteger();

    /** Runs part(0) .. part(parts-1), part 0 on the calling thread, and returns when all are done. */
    static void run(int parts, IntConsumer part) {
        assert parts >= 1;
        Job job = new Job(part, parts);
        int inline = 0;
        int[] leftOver = new int[parts];
        for (int t = 1; t < parts; t++) {
            Worker w = idleWorker();
            if (w == null) {
                leftOver[inline++] = t;
            } else {
                w.assign(job, t);
            }
        }
        job.runPart(0);
        job.partDone();
        for (int i = 0; i < inline; i++) {
            job.runPart(leftOver[i]);
            job.partDone();
        }
        job.awaitAll();
    }

    private static Worker idleWorker() {
        Worker w = IDLE.pollFirst(); // most recently idle: the likeliest to be still spinning
        if (w != null) {
            return w;
        }
        int id = STARTED.incrementAndGet();
        if (id > MAX_WORKERS) {
            STARTED.decrementAndGet();
            return null;
        }
        w = new Worker(id);
        w.start();
        return w;
    }

    /** One call's parts: counts them down and keeps the first failure. */
    private static final class Job {
        private final IntConsumer part;
        private final AtomicInteger remaining;
        private final Thread caller = Thread.currentThread();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(IntConsumer part, int parts) {
            this.part = part;
            this.remaining = new AtomicInteger(parts);
        }

        void runPart(int index) {
            try {
                part.accept(index);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }

        void partDone() {
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }

        /** Waits for every part (even after a failure: workers write into the caller's C), then rethrows. */
        void awaitAll() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            boolean interrupted = false;
            while (remaining.get() > 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted(); // else park returns at once, forever
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable e = failure.get();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            if (e != null) {
                throw new IllegalStateException("sgemm worker failed", e);
            }
        }
    }

    private static final class Worker extends Thread {
        private volatile Job job;
        private int index; // published by the volatile write of job

        Worker(int id) {
            super("gatun-sgemm-" + id);
            setDaemon(true);
        }

        void assign(Job next, int partIndex) {
            index = partIndex;
            job = next;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Job current = awaitJob();
                int partIndex = index;
                job = null;
                current.runPart(partIndex);
                // Idle again before the caller hears we are done, so that its next call finds us.
                IDLE.addFirst(this);
                current.partDone();
            }
        }

        private Job awaitJob() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            Job current;
            while ((current = job) == null) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    Thread.interrupted(); // nobody interrupts workers; never let it turn park into a spin
                }
            }
            return current;
        }
    }
}
