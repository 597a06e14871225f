package dev.gatun.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.testing.Close;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the parity harness does not cover: validation, lifetimes, threads and the primitive cache. */
class OneDnnBackendTest {
    private static final OneDnnBackend ONEDNN = (OneDnnBackend) Backends.get("onednn");

    @Test
    void aShapeMismatchNamesTheOpAndBothShapesBeforeAnyPrimitiveIsMade() {
        try (Scope s = Scope.confined(); var u = Backends.using(ONEDNN)) {
            Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4, 5);
            long made = ONEDNN.primitivesCreated();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.matmul(a, b));
            assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 3]")
                    && e.getMessage().contains("[4, 5]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Ops.add(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
            assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]")
                    && e.getMessage().contains("[3, 2]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Ops.softmaxBackward(Tensor.zeros(2, 3), Tensor.zeros(2, 4), false));
            assertTrue(e.getMessage().contains("softmax") && e.getMessage().contains("[2, 4]"), e.getMessage());
            assertEquals(made, ONEDNN.primitivesCreated(), "a primitive was made for invalid shapes");
        }
    }

    @Test
    void tensorsOfAClosedScopeThrowInsteadOfReachingNativeCode() {
        Tensor a, b, c;
        try (Scope s = Scope.confined()) {
            a = Tensor.ones(8, 8);
            b = Tensor.ones(8, 8);
            c = Tensor.zeros(8, 8);
            ONEDNN.matmul(a, false, b, false, c, 1f, 0f); // the primitive exists: only the check stands in the way
        }
        assertThrows(IllegalStateException.class, () -> ONEDNN.matmul(a, false, b, false, c, 1f, 0f));
        assertThrows(IllegalStateException.class, () -> ONEDNN.eltwise(EltwiseOp.RELU, 0, 0, a, c));
        assertThrows(IllegalStateException.class, () -> ONEDNN.softmax(a, c, false));
        assertThrows(IllegalStateException.class, () -> ONEDNN.copy(a.transpose(0, 1), c));
        try (var u = Backends.using(ONEDNN)) {
            assertThrows(IllegalStateException.class, () -> Ops.matmul(a, b));
        }
    }

    @Test
    void tensorsOfAnotherThreadsConfinedScopeThrow() throws Exception {
        try (Scope s = Scope.confined()) {
            Tensor a = Tensor.ones(8, 8), c = Tensor.zeros(8, 8);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    ONEDNN.matmul(a, false, a, false, c, 1f, 0f);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.start();
            t.join();
            assertTrue(thrown.get() instanceof WrongThreadException, String.valueOf(thrown.get()));
        }
    }

    @Test
    void eightThreadsSharingTensorsGetWhatOneThreadGets() throws Exception {
        int threads = 8, rounds = 20;
        try (Scope shared = Scope.shared()) {
            Rng rng = new Rng(5);
            // two shapes, so that threads both share primitives and use different ones at once
            Tensor[] as = {Tensor.uniform(rng, -1, 1, 3, 33, 17), Tensor.uniform(rng, -1, 1, 64, 48)};
            Tensor[] bs = {Tensor.uniform(rng, -1, 1, 17, 20), Tensor.uniform(rng, -1, 1, 48, 40)};
            float[][] expectedMatmul = new float[2][], expectedGelu = new float[2][];
            for (int i = 0; i < 2; i++) {
                Tensor c = Tensor.zeros(i == 0 ? new int[] {3, 33, 20} : new int[] {64, 40});
                ONEDNN.matmul(as[i], false, bs[i], false, c, 1f, 0f);
                expectedMatmul[i] = c.toArray();
                Tensor g = Tensor.zeros(c.shape());
                ONEDNN.eltwise(EltwiseOp.GELU_TANH, 0, 0, c, g);
                expectedGelu[i] = g.toArray();
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int which = t % 2;
                    results.add(pool.submit(() -> {
                        start.await();
                        // outputs in the shared scope too: the worker thread writes them
                        Tensor c = Tensor.zeros(shared, which == 0 ? new int[] {3, 33, 20} : new int[] {64, 40});
                        Tensor g = Tensor.zeros(shared, c.shape());
                        for (int r = 0; r < rounds; r++) {
                            c.fill(Float.NaN);
                            ONEDNN.matmul(as[which], false, bs[which], false, c, 1f, 0f);
                            ONEDNN.eltwise(EltwiseOp.GELU_TANH, 0, 0, c, g);
                            assertArrayEquals(expectedMatmul[which], c.toArray(), "matmul round " + r);
                            assertArrayEquals(expectedGelu[which], g.toArray(), "gelu round " + r);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : results) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void moreShapesThanTheCacheHoldsEvictAndStillCompute() {
        Backend oracle = new ScalarBackend();
        OneDnnBackend small = new OneDnnBackend(Backends.get("java"), 2, 4); // "java": the fallback OneDnnProvider gives it
        try (Scope s = Scope.confined()) {
            Rng rng = new Rng(9);
            for (int round = 0; round < 2; round++) { // the second round remakes evicted primitives
                for (int n = 1; n <= 10; n++) {
                    Tensor x = Tensor.uniform(rng, -1, 1, n, n + 1);
                    Tensor expected = Tensor.zeros(n, n + 1), actual = Tensor.zeros(n, n + 1);
                    oracle.eltwise(EltwiseOp.TANH, 0, 0, x, expected);
                    small.eltwise(EltwiseOp.TANH, 0, 0, x, actual);
                    Close.assertClose("tanh " + n + " round " + round, expected, actual, 2e-7, 16 * Close.U);
                    assertTrue(small.cachedPrimitives() <= 4, "cache holds " + small.cachedPrimitives());
                }
            }
            assertEquals(4, small.cachedPrimitives());
            assertEquals(20, small.primitivesCreated(), "every shape was made twice: 10 shapes through a cache of 4");
            small.clearCache();
            assertEquals(0, small.cachedPrimitives());
        }
    }

    @Test
    void emptyTensorsNeverReachOneDnn() {
        // an empty batch once made a rank-2 primitive that wrote 3 floats into an empty tensor
        OneDnnBackend fresh = new OneDnnBackend(Backends.get("java"), 2, 16);
        try (Scope s = Scope.confined(); var u = Backends.using(fresh)) {
            assertArrayEquals(new int[] {0, 3, 1}, Ops.matmul(Tensor.zeros(0, 3, 2), false, Tensor.zeros(1, 2), true).shape());
            assertArrayEquals(new int[] {0, 5}, Ops.add(Tensor.zeros(0, 5), Tensor.zeros(1, 5)).shape());
            assertArrayEquals(new int[] {0, 7}, Ops.relu(Tensor.zeros(0, 7)).shape());
            assertArrayEquals(new int[] {0, 4}, Ops.softmax(Tensor.zeros(0, 4)).shape());
            assertEquals(0, fresh.primitivesCreated());
        }
    }

    @Test
    void aSecondCallOfTheSameShapeReusesThePrimitive() {
        OneDnnBackend fresh = new OneDnnBackend(Backends.get("java"), 2, 16);
        try (Scope s = Scope.confined()) {
            Tensor a = Tensor.ones(5, 6), b = Tensor.ones(6, 7), c = Tensor.zeros(5, 7);
            fresh.matmul(a, false, b, false, c, 1f, 0f);
            Tensor a2 = Tensor.full(2f, 5, 6), c2 = Tensor.zeros(5, 7);
            fresh.matmul(a2, false, b, false, c2, 1f, 0f); // other tensors, same shape: re-pointed, not remade
            assertEquals(1, fresh.primitivesCreated());
            assertEquals(6f, c.get(4, 6));
            assertEquals(12f, c2.get(4, 6));
        }
    }
}
