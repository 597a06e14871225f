package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class StepMemoryTest {

    @Test
    void eachStepReusesTheSameMemoryZeroedAgain() {
        try (StepMemory memory = StepMemory.confined()) {
            long first = 0;
            for (int step = 0; step < 3; step++) {
                try (Scope s = memory.open()) {
                    assertSame(s, Scope.current(), "a step is the current scope");
                    Tensor a = Tensor.zeros(100, 1000); // 400 kB: more than the first slab
                    Tensor b = Tensor.zeros(3);
                    assertArrayEquals(new float[3], b.toArray(), "zeroed, though the last step wrote here");
                    assertEquals(0f, a.get(99, 999));
                    a.fill(7f);
                    b.fill(7f);
                    assertEquals(0, a.segment().address() % Scope.ALIGNMENT, "64-byte aligned");
                    assertEquals(0, b.segment().address() % Scope.ALIGNMENT);
                    if (step == 0) {
                        first = a.segment().address();
                    } else {
                        assertEquals(first, a.segment().address(), "the same address every step");
                    }
                }
            }
            long reserved = memory.reservedBytes();
            try (Scope s = memory.open()) {
                Tensor.zeros(100, 1000);
                Tensor.zeros(3);
            }
            assertEquals(reserved, memory.reservedBytes(), "no growth once a step fits");
        }
    }

    @Test
    void tensorsOfAClosedStepThrowInsteadOfReadingTheNextStep() {
        try (StepMemory memory = StepMemory.confined()) {
            Tensor old;
            try (Scope s = memory.open()) {
                old = Tensor.full(1f, 4);
            }
            try (Scope s = memory.open()) {
                Tensor.full(2f, 4); // same memory as old
                IllegalStateException e = assertThrows(IllegalStateException.class, old::toArray);
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
            }
        }
    }

    @Test
    void oneStepAtATimeAndNothingAfterClose() {
        StepMemory memory = StepMemory.confined();
        Scope s = memory.open();
        assertThrows(IllegalStateException.class, memory::open);
        MemorySegment own = s.arena().allocate(16); // a caller's own memory goes with the step
        s.close();
        assertFalse(own.scope().isAlive());
        Scope t = memory.open();
        memory.close();
        assertFalse(t.isAlive(), "closing the memory closes its open step");
        assertThrows(IllegalStateException.class, memory::open);
        memory.close(); // twice is harmless
    }

    @Test
    void otherThreadsAreRejected() throws Exception {
        try (StepMemory memory = StepMemory.confined(); Scope s = memory.open()) {
            Tensor t = Tensor.zeros(2);
            Throwable[] thrown = new Throwable[1];
            Thread other = new Thread(() -> {
                try {
                    t.toArray();
                } catch (Throwable e) {
                    thrown[0] = e;
                }
            });
            other.start();
            other.join();
            assertTrue(thrown[0] instanceof WrongThreadException, String.valueOf(thrown[0]));
        }
    }
}
