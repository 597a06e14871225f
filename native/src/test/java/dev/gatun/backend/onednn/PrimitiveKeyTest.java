package dev.gatun.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatun.backend.RnnKind;
import dev.gatun.backend.onednn.PrimitiveKey.DataType;
import dev.gatun.backend.onednn.PrimitiveKey.Op;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Keys: the data type is part of every key, typed keys read back what they wrote, a probe's arguments go with reset. */
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
    void resetDropsTheLastCallsArguments() {
        PrimitiveKey probe = new PrimitiveKey(4);
        probe.reset(Op.REORDER, 1).args().add(MemorySegment.ofArray(new float[1]));
        assertEquals(1, probe.args().size());
        probe.reset(Op.REORDER, 1);
        assertEquals(0, probe.args().size());
        assertNull(probe.args().get(0));
    }
}
