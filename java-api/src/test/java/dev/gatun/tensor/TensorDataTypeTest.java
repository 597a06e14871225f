package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.ops.Ops;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class TensorDataTypeTest {

    @Test
    void float32IsTheDefaultAndConvertsToItself() {
        try (Scope s = Scope.confined()) {
            Tensor t = Tensor.of(new float[] {1, 2, 3});
            assertEquals(DataType.FLOAT32, t.dtype());
            assertSame(t, t.to(DataType.FLOAT32));
            assertEquals(12, t.segment().byteSize());
        }
    }

    @Test
    void bfloat16HoldsTwoBytesPerElementRoundedToNearestEven() {
        try (Scope s = Scope.confined()) {
            Rng rng = new Rng(3);
            Tensor f = Tensor.normal(rng, 0, 3, 4, 5);
            Tensor b = f.to(DataType.BFLOAT16);
            assertEquals(DataType.BFLOAT16, b.dtype());
            assertEquals(40, b.segment().byteSize());
            float[] expected = f.toArray();
            for (int i = 0; i < expected.length; i++) {
                expected[i] = BFloat16.round(expected[i]);
                assertEquals(BFloat16.fromFloat(f.toArray()[i]), b.segment().getAtIndex(ValueLayout.JAVA_SHORT, i));
            }
            assertArrayEquals(expected, b.toArray());
            assertArrayEquals(expected, b.to(DataType.FLOAT32).toArray()); // widening is exact
        }
    }

    @Test
    void viewsOfBfloat16ReadTheRightElements() {
        try (Scope s = Scope.confined()) {
            Tensor f = Tensor.arange(12).reshape(3, 4); // small integers: exact in bf16
            Tensor b = f.to(DataType.BFLOAT16);
            assertArrayEquals(f.transpose(0, 1).toArray(), b.transpose(0, 1).toArray());
            assertArrayEquals(f.slice(1, 1, 3).toArray(), b.slice(1, 1, 3).toArray());
            Tensor col = b.transpose(0, 1).copy();
            assertEquals(DataType.BFLOAT16, col.dtype());
            assertTrue(col.isContiguous());
            assertArrayEquals(f.transpose(0, 1).toArray(), col.toArray());
            assertArrayEquals(f.transpose(0, 1).toArray(), b.transpose(0, 1).to(DataType.FLOAT32).toArray());
            assertEquals(7f, b.get(1, 3));
            assertEquals(f.slice(0, 2, 3).reshape(4).get(2), b.slice(0, 2, 3).reshape(4).get(2));
        }
    }

    @Test
    void writesRoundAndFillKeepsTheType() {
        try (Scope s = Scope.confined()) {
            Tensor b = Tensor.zeros(Scope.current(), DataType.BFLOAT16, 2, 3);
            b.set(1f + 0x1p-8f, 0, 1); // a tie: rounds to even, 1.0
            assertEquals(1f, b.get(0, 1));
            b.fill(0.1f);
            assertEquals(BFloat16.round(0.1f), b.get(1, 2));
            b.copyFrom(new float[] {1, 2, 3, 4, 5, 6});
            assertEquals(6f, b.get(1, 2));
            assertTrue(b.toString().contains("bfloat16"), b.toString());
        }
    }

    @Test
    void convertIntoWritesAnExistingTensor() {
        try (Scope s = Scope.confined()) {
            Tensor f = Tensor.of(new float[] {0.1f, -2.5f, 3e38f, Float.NaN}, 2, 2);
            Tensor b = Tensor.empty(Scope.current(), DataType.BFLOAT16, 2, 2);
            f.convertInto(b);
            float[] got = b.toArray();
            assertEquals(BFloat16.round(0.1f), got[0]);
            assertEquals(-2.5f, got[1]);
            assertEquals(BFloat16.round(3e38f), got[2]);
            assertTrue(Float.isNaN(got[3]));
            Tensor wrong = Tensor.empty(Scope.current(), DataType.BFLOAT16, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.convertInto(wrong));
            assertTrue(e.getMessage().contains("convertInto") && e.getMessage().contains("[4]"), e.getMessage());
        }
    }

    @Test
    void opsThatTakeFloat32NameTheOpAndTheType() {
        try (Scope s = Scope.confined()) {
            Tensor b = Tensor.ones(2, 2).to(DataType.BFLOAT16);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.relu(b));
            assertTrue(e.getMessage().contains("relu") && e.getMessage().contains("bfloat16")
                    && e.getMessage().contains("[2, 2]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Ops.add(Tensor.ones(2, 2), b));
            assertTrue(e.getMessage().contains("add") && e.getMessage().contains("bfloat16"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Ops.copyInto(Tensor.ones(2, 2), b));
            assertTrue(e.getMessage().contains("copy") && e.getMessage().contains("bfloat16"), e.getMessage());
        }
    }

    @Test
    void wrapChecksTheSizeForTheType() {
        try (Scope s = Scope.confined()) {
            var seg = Scope.current().arena().allocate(8);
            assertEquals(DataType.BFLOAT16, Tensor.wrap(Scope.current(), DataType.BFLOAT16, seg, 4).dtype());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.wrap(Scope.current(), DataType.BFLOAT16, seg, 5));
            assertTrue(e.getMessage().contains("bfloat16"), e.getMessage());
        }
    }

    @Test
    void eightBitCodesReadAndWriteAsTheirIntegers() {
        try (Scope s = Scope.confined()) {
            Tensor u = Tensor.zeros(s, DataType.UINT8, 3), i = Tensor.zeros(s, DataType.INT8, 3);
            u.copyFrom(new float[] {0, 200, 255});
            i.copyFrom(new float[] {-128, 0, 127});
            assertArrayEquals(new float[] {0, 200, 255}, u.toArray());
            assertArrayEquals(new float[] {-128, 0, 127}, i.toArray());
            assertEquals(1, u.dtype().byteSize());
            assertArrayEquals(new float[] {0, 200, 255}, u.copy().toArray());
            assertThrows(IllegalArgumentException.class, () -> i.set(1.5f, 0));
            assertThrows(IllegalArgumentException.class, () -> i.set(128, 0));
            assertThrows(IllegalArgumentException.class, () -> u.to(DataType.INT8));
        }
    }

    @Test
    void aConstantIsAnImmutableCopy() {
        try (Scope s = Scope.confined()) {
            Tensor src = Tensor.zeros(2, 3);
            src.copyFrom(new float[] {1, 2, 3, 4, 5, 6});
            Tensor c = Tensor.constant(src.transpose(0, 1)); // any view, copied contiguous
            src.fill(0f);
            assertTrue(c.isConstant() && c.isReadOnly() && c.reshape(6).isConstant());
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, c.toArray());
            assertThrows(RuntimeException.class, () -> c.set(9f, 0, 0));
            assertFalse(src.isConstant() || c.copy().isConstant());
        }
    }
}
