package dev.gatun.backend.onednn;

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
