package dev.gatun.backend.onednn;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded LRU cache of primitives by key. A lookup with a thread's reusable probe allocates
 * nothing; a miss creates the primitive outside the lock (creation takes milliseconds) and
 * inserts it unless another thread won the race. An evicted primitive is destroyed after the
 * cache lock is released, under the primitive's own monitor, so a call running on it finishes
 * first and a caller waiting for it sees {@link CachedPrimitive#isDestroyed()} and looks again.
 *
 * <p>{@link #execute} is the one way a primitive runs: look up (or make), lock, look again if it
 * was evicted meanwhile, bind the arguments, execute.
 */
final class PrimitiveCache {
    /** Makes the primitive a key describes. */
    interface Factory {
        CachedPrimitive create(PrimitiveKey key);
    }

    private final int capacity;
    private final Factory factory;
    private final LinkedHashMap<PrimitiveKey, CachedPrimitive> map;
    private final List<CachedPrimitive> evicted = new ArrayList<>(); // guarded by this
    private long misses;

    PrimitiveCache(int capacity, Factory factory) {
        if (capacity < 1) {
            throw new IllegalArgumentException("primitive cache capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.factory = factory;
        this.map = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<PrimitiveKey, CachedPrimitive> eldest) {
                if (size() > PrimitiveCache.this.capacity) {
                    evicted.add(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
    }

    /** What runs on a live primitive under its monitor. */
    interface Run {
        void run(CachedPrimitive p, Args args);
    }

    /** What nearly every call does: argument i to slot i, then execute. */
    static final Run BIND_AND_EXECUTE = (p, args) -> {
        args.bindAll(p);
        p.execute();
    };

    /** Runs the primitive {@code key} describes on {@code args}, the common way. */
    void execute(PrimitiveKey key, Args args) {
        execute(key, args, BIND_AND_EXECUTE);
    }

    /**
     * Runs {@code run} on the primitive {@code key} describes, holding its monitor, after making
     * sure it was not evicted between the lookup and the lock. The arguments are dropped after
     * (the thread's holder must not keep tensors' memory reachable).
     */
    void execute(PrimitiveKey key, Args args, Run run) {
        try {
            while (true) {
                CachedPrimitive p = get(key);
                synchronized (p) {
                    if (p.isDestroyed()) {
                        continue; // evicted between lookup and lock: look again
                    }
                    run.run(p, args);
                    return;
                }
            }
        } finally {
            args.clear();
        }
    }

    /** The arguments of one call in slot order; each thread reuses one (see {@link PrimitiveKey#args()}). */
    static final class Args {
        private MemorySegment[] slots = new MemorySegment[8];
        private int n;

        /** Appends the next slot's memory (null for an absent optional argument). */
        Args add(MemorySegment s) {
            if (n == slots.length) {
                slots = java.util.Arrays.copyOf(slots, 2 * n);
            }
            slots[n++] = s;
            return this;
        }

        /** Slot {@code i}'s memory, null when not given. */
        MemorySegment get(int i) {
            return i < n ? slots[i] : null;
        }

        /** Replaces slot {@code i}'s memory (an op's own buffer in place of the caller's). */
        void set(int i, MemorySegment s) {
            slots[i] = s;
        }

        int size() {
            return n;
        }

        void bindAll(CachedPrimitive p) {
            for (int i = 0; i < n; i++) {
                p.bind(i, slots[i]);
            }
        }

        Args clear() {
            java.util.Arrays.fill(slots, 0, n, null);
            n = 0;
            return this;
        }
    }

    /** The primitive for {@code probe} (a reusable key), made on first use. */
    CachedPrimitive get(PrimitiveKey probe) {
        synchronized (this) {
            CachedPrimitive p = map.get(probe);
            if (p != null) {
                return p;
            }
        }
        CachedPrimitive made = factory.create(probe);
        CachedPrimitive winner;
        List<CachedPrimitive> toDestroy;
        synchronized (this) {
            misses++;
            winner = map.putIfAbsent(probe.copy(), made);
            toDestroy = drainEvicted();
        }
        if (winner != null) {
            destroy(made); // another thread made the same one first
        } else {
            winner = made;
        }
        toDestroy.forEach(PrimitiveCache::destroy);
        return winner;
    }

    private List<CachedPrimitive> drainEvicted() {
        if (evicted.isEmpty()) {
            return List.of();
        }
        List<CachedPrimitive> out = new ArrayList<>(evicted);
        evicted.clear();
        return out;
    }

    private static void destroy(CachedPrimitive p) {
        synchronized (p) {
            p.destroy();
        }
    }

    synchronized int size() {
        return map.size();
    }

    int capacity() {
        return capacity;
    }

    /** Primitives made so far (cache misses), for tests and diagnostics. */
    synchronized long misses() {
        return misses;
    }

    /** Destroys every cached primitive. */
    void clear() {
        List<CachedPrimitive> all;
        synchronized (this) {
            all = new ArrayList<>(map.values());
            map.clear();
        }
        all.forEach(PrimitiveCache::destroy);
    }
}
