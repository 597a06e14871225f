package dev.gatun.spark;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** K workers as threads of one JVM, for tests of the worker without Spark: allGather through a barrier. */
final class ThreadGang implements Gang {
    private final int rank;
    private final Shared shared;

    static final class Shared {
        final int size;
        final String[] slots;
        final CyclicBarrier written, read;

        Shared(int size) {
            this.size = size;
            this.slots = new String[size];
            this.written = new CyclicBarrier(size);
            this.read = new CyclicBarrier(size);
        }
    }

    ThreadGang(int rank, Shared shared) {
        this.rank = rank;
        this.shared = shared;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return shared.size;
    }

    @Override
    public String[] allGather(String message) {
        try {
            shared.slots[rank] = message;
            shared.written.await(60, TimeUnit.SECONDS);
            String[] all = shared.slots.clone();
            shared.read.await(60, TimeUnit.SECONDS);
            return all;
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("ThreadGang: allGather failed on rank " + rank, e);
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int cpus() {
        return 1;
    }
}
