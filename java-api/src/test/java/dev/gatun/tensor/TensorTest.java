package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Creation, views and printing. */
class TensorTest {
    private Scope scope;

    @BeforeEach
    void open() {
        scope = Scope.confined();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** 0..n-1 as a [rows, cols] matrix. */
    private static Tensor iota(int rows, int cols) {
        return Tensor.arange(rows * cols).reshape(rows, cols);
    }

    @Test
    void creation() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, Tensor.zeros(2, 3).toArray());
        assertArrayEquals(new float[] {1, 1}, Tensor.ones(2).toArray());
        assertArrayEquals(new float[] {7, 7, 7}, Tensor.full(7f, 3).toArray());
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toArray());
        assertArrayEquals(new float[] {1, 0.5f, 0}, Tensor.arange(1, -0.25f, -0.5f).toArray());
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertEquals(6, t.get(1, 2));
        t.set(9, 0, 1);
        assertEquals(9, t.get(0, 1));
        assertEquals(5f, Tensor.of(new float[] {5}, 1).item());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        // uniform draws are reproducible from the seed and inside [lo, hi)
        float[] u1 = Tensor.uniform(new Rng(3), -1, 1, 100).toArray();
        assertArrayEquals(u1, Tensor.uniform(new Rng(3), -1, 1, 100).toArray());
        for (float v : u1) {
            assertTrue(v >= -1 && v < 1, "uniform value " + v);
        }
    }

    @Test
    void reshapeIsAViewOfContiguousData() {
        Tensor t = iota(2, 3);
        Tensor r = t.reshape(3, -1);
        assertArrayEquals(new int[] {3, 2}, r.shape());
        r.set(100, 2, 1);
        assertEquals(100, t.get(1, 2), "reshape shares the data");
        assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
    }

    @Test
    void transposeSliceSelectAreStridedViews() {
        Tensor t = iota(2, 3); // [[0,1,2],[3,4,5]]
        Tensor tt = t.transpose(0, 1);
        assertArrayEquals(new int[] {3, 2}, tt.shape());
        assertFalse(tt.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, tt.toArray());
        Tensor s = t.slice(1, 1, 3); // [[1,2],[4,5]]
        assertArrayEquals(new float[] {1, 2, 4, 5}, s.toArray());
        Tensor row = t.select(0, 1); // [3,4,5]
        assertArrayEquals(new int[] {3}, row.shape());
        assertArrayEquals(new float[] {3, 4, 5}, row.toArray());
        row.set(40, 1);
        assertEquals(40, t.get(1, 1), "select shares the data");
        assertThrows(IndexOutOfBoundsException.class, () -> t.slice(1, 2, 4));
    }

    @Test
    void broadcastAndUnsqueeze() {
        Tensor v = Tensor.of(new float[] {1, 2, 3});
        Tensor b = v.broadcastTo(2, 3); // stride 0 on the new axis
        assertArrayEquals(new long[] {0, 1}, b.strides());
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, b.toArray());
        assertThrows(IllegalStateException.class, () -> b.fill(0f), "a broadcast view is read-only");
        assertThrows(IllegalArgumentException.class, () -> v.broadcastTo(2, 4));
        Tensor col = v.unsqueeze(1);
        assertArrayEquals(new int[] {3, 1}, col.shape());
        assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3}, col.broadcastTo(3, 2).toArray());
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor t = iota(2, 3);
        assertSame(t, t.contiguous());
        Tensor c = t.transpose(0, 1).contiguous();
        assertTrue(c.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, c.toArray());
        c.set(-1, 0, 0);
        assertEquals(0, t.get(0, 0), "contiguous() of a view is a copy");
    }

    @Test
    void toStringOfASmallTensor() {
        Tensor t = Tensor.of(new float[] {1, 2.5f, -3, 4}, 2, 2);
        assertEquals("Tensor[2, 2] [[1.000, 2.500], [-3.000, 4.000]]", t.toString());
        assertEquals("Tensor[100, 100] (10000 elements)", Tensor.zeros(100, 100).toString());
    }
}
