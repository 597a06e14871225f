package dev.gatun.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.onednn.PrimitiveKey.DataType;
import dev.gatun.backend.onednn.PrimitiveKey.Op;
import dev.gatun.ffi.dnnl.DnnlTypes;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Keys: the data type is part of every key, key records read back what they wrote, a probe's arguments go with reset. */
class PrimitiveKeyTest {
    @Test
    void theDataTypeIsPartOfEveryKey() {
        PrimitiveKey f32 = new PrimitiveKey(4).reset(Op.ELTWISE, 2).add(7).copy();
        PrimitiveKey bf16 = new PrimitiveKey(4).reset(Op.ELTWISE, DataType.BF16, 2).add(7).copy();
        assertEquals(DataType.F32, f32.dataType());
        assertEquals(DataType.BF16, bf16.dataType());
        assertEquals(Op.ELTWISE, bf16.op());
        assertEquals(2, bf16.threads());
        assertNotEquals(f32, bf16);
        assertEquals(f32, new PrimitiveKey(1).reset(Op.ELTWISE, DataType.F32, 2).add(7).copy());
    }

    @Test
    void anRnnKeyReadsBackWhatItWrote() {
        var key = new RnnPrimitives.Key(RnnKind.GRU, 2, 5, 3, 4, 6, 2, RnnPrimitives.Prop.BACKWARD);
        PrimitiveKey row = key.writeTo(new PrimitiveKey(4).reset(Op.RNN, 2));
        assertEquals(key, RnnPrimitives.Key.readFrom(row));
    }

    @Test
    void keyRecordsReadBackWhatTheyWrote() {
        var matmul = new MatmulKey(3, true, false, 4, 5, 6, false, true, 0.5f, DnnlTypes.dnnl_bf16, false);
        assertEquals(matmul, MatmulKey.read(matmul.writeTo(new PrimitiveKey(2).reset(Op.MATMUL, 1))));
        var f32 = new MatmulKey(3, true, false, 4, 5, 6, false, true, 0.5f, DnnlTypes.dnnl_f32, false);
        assertNotEquals(matmul.writeTo(new PrimitiveKey(2).reset(Op.MATMUL, 1)),
                f32.writeTo(new PrimitiveKey(2).reset(Op.MATMUL, 1)), "the data type is part of the key");
        var linear = new MatmulKey(0, false, false, 4, 5, 6, false, true, 1f, DnnlTypes.dnnl_f32, true);
        assertEquals(linear, MatmulKey.read(linear.writeTo(new PrimitiveKey(2).reset(Op.MATMUL, 1))));
        assertNotEquals(linear.writeTo(new PrimitiveKey(2).reset(Op.MATMUL, 1)),
                new MatmulKey(0, false, false, 4, 5, 6, false, true, 1f, DnnlTypes.dnnl_f32, false)
                        .writeTo(new PrimitiveKey(2).reset(Op.MATMUL, 1)), "the bias is part of the key");
        var softmax = new SoftmaxKey(true, 7, 9);
        assertEquals(softmax, SoftmaxKey.read(softmax.writeTo(new PrimitiveKey(2).reset(Op.SOFTMAX, 1))));
        var norm = new LayerNormKey(3, 8, 16, 1e-5f);
        assertEquals(norm, LayerNormKey.read(norm.writeTo(new PrimitiveKey(2).reset(Op.LAYER_NORM, 1))));
        try (Scope s = Scope.confined()) {
            Tensor a = Tensor.zeros(2, 3, 4), b = Tensor.zeros(1, 3, 1);
            BinaryKey binary = BinaryKey.read(BinaryKey.write(new PrimitiveKey(2).reset(Op.BINARY, 1), 7, a, b, a));
            assertEquals(7, binary.alg());
            assertArrayEquals(new long[] {2, 3, 4}, binary.src0());
            assertArrayEquals(new long[] {1, 3, 1}, binary.src1());
            Tensor t = Tensor.zeros(4, 3).transpose(0, 1);
            ReorderKey reorder = ReorderKey.read(ReorderKey.write(new PrimitiveKey(2).reset(Op.REORDER, 1), t, Tensor.zeros(3, 4)));
            assertArrayEquals(new long[] {3, 4}, reorder.dims());
            assertArrayEquals(new long[] {1, 3}, reorder.srcStrides());
            assertArrayEquals(new long[] {4, 1}, reorder.dstStrides());
        }
    }

    @Test
    void anEltwiseKeyHoldsOnlyTheConstantsItsOpReads() {
        assertEquals(EltwiseKey.of(EltwiseOp.TANH, 0f, 0f, 10), EltwiseKey.of(EltwiseOp.TANH, 0.3f, -2f, 10));
        assertNotEquals(EltwiseKey.of(EltwiseOp.RELU, 0.1f, 0f, 10), EltwiseKey.of(EltwiseOp.RELU, 0.2f, 0f, 10));
        assertEquals(EltwiseKey.of(EltwiseOp.RELU, 0.1f, 0f, 10), EltwiseKey.of(EltwiseOp.RELU, 0.1f, 5f, 10));
        assertNotEquals(EltwiseKey.of(EltwiseOp.LINEAR, 1f, 0f, 10), EltwiseKey.of(EltwiseOp.LINEAR, 1f, 1f, 10));
        var key = EltwiseKey.of(EltwiseOp.LINEAR, 2f, -1f, 10);
        assertEquals(key, EltwiseKey.read(key.writeTo(new PrimitiveKey(2).reset(Op.ELTWISE, 1))));
    }

    @Test
    void resetDropsTheLastCallsArguments() {
        PrimitiveKey probe = new PrimitiveKey(4);
        probe.reset(Op.REORDER, 1).args().add(MemorySegment.ofArray(new float[1]));
        assertEquals(1, probe.args().size());
        probe.reset(Op.REORDER, 1);
        assertEquals(0, probe.args().size());
        assertNull(probe.args().get(0));
    }
}
