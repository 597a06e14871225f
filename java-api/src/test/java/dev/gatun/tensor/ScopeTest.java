package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.ops.Ops;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Lifetimes: use after close, closing twice, confinement, sharing, alignment. */
class ScopeTest {

    @Test
    void useAfterCloseThrowsIllegalState() {
        Tensor t;
        try (Scope scope = Scope.confined()) {
            t = Tensor.ones(2, 2);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.get(0, 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, t::toArray);
        assertThrows(IllegalStateException.class, () -> Ops.add(t, t));
        assertThrows(IllegalStateException.class, () -> Ops.matmul(t, t));
        assertEquals("Tensor[2, 2] (scope closed)", t.toString());
        assertFalse(t.isAlive());
    }

    @Test
    void closingTwiceIsHarmless() {
        Scope scope = Scope.confined();
        Tensor.zeros(3);
        scope.close();
        assertDoesNotThrow(scope::close);
    }

    @Test
    void resultsGoToTheInnermostScope() {
        try (Scope outer = Scope.confined()) {
            Tensor kept = Tensor.ones(2);
            try (Scope inner = Scope.confined()) {
                assertSame(inner, Scope.current());
                assertSame(inner, Ops.add(kept, kept).scope());
            }
            assertSame(outer, Scope.current());
            assertArrayEquals(new float[] {1, 1}, kept.toArray());
        }
    }

    @Test
    void confinedScopeRejectsOtherThreadsWithAClearMessage() throws Exception {
        try (Scope scope = Scope.confined()) {
            Tensor t = Tensor.ones(2);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    t.get(0);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            }, "intruder");
            other.start();
            other.join();
            WrongThreadException e = assertInstanceOf(WrongThreadException.class, thrown.get());
            assertTrue(e.getMessage().contains("confined to thread '" + Thread.currentThread().getName() + "'"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("'intruder'"), e.getMessage());
        }
    }

    @Test
    void sharedScopeIsUsableAcrossThreads() throws ExecutionException, InterruptedException {
        try (Scope scope = Scope.shared()) {
            Tensor t = Tensor.of(new float[] {1, 2, 3});
            float sum = CompletableFuture.supplyAsync(() -> {
                try (Scope local = Scope.confined()) {
                    return Ops.sum(t, false).item(); // 1 + 2 + 3
                }
            }).get();
            assertEquals(6f, sum);
            CompletableFuture.runAsync(() -> t.set(10f, 0)).get();
            assertEquals(10f, t.get(0));
        }
    }

    @Test
    void allocationsAre64ByteAligned() {
        try (Scope scope = Scope.confined()) {
            for (int n : new int[] {1, 3, 7, 33, 257}) {
                Tensor.zeros(n); // odd sizes in between, so alignment is not an accident
                Tensor t = Tensor.zeros(n, 3);
                assertEquals(0, t.segment().address() % Scope.ALIGNMENT, "tensor of " + n * 3 + " floats");
            }
        }
    }

    @Test
    void detachedScopeOutlivesStepScopes() {
        try (Scope params = Scope.detachedShared()) {
            Tensor w;
            try (Scope.Entered e = params.enter()) {
                w = Tensor.ones(2);
            }
            try (Scope step = Scope.confined()) {
                Tensor.zeros(4);
            }
            assertSame(params, w.scope());
            assertArrayEquals(new float[] {1, 1}, w.toArray());
        }
    }
}
