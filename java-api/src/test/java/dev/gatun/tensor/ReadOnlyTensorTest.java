package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** A tensor over read-only memory reads normally and refuses every write with the op named (issue 16, finding 2). */
class ReadOnlyTensorTest {
    @Test
    void readsAndRefusesWrites() {
        try (Scope scope = Scope.confined()) {
            Tensor src = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
            MemorySegment ro = src.segment().asReadOnly();
            Tensor t = Tensor.wrap(scope, ro, 2, 2);
            assertTrue(t.isReadOnly());
            assertTrue(t.transpose(0, 1).isReadOnly());
            assertEquals(3f, t.get(1, 0));
            for (Runnable write : new Runnable[] {() -> t.set(9f, 0, 0), () -> t.fill(0f), () -> t.copyFrom(new float[4]),
                () -> t.transpose(0, 1).fill(5f)}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, write::run);
                assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            }
            assertArrayEquals(new float[] {1, 2, 3, 4}, t.toArray());
            assertTrue(!src.isReadOnly());
        }
    }
}
