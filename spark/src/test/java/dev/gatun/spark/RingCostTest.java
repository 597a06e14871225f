package dev.gatun.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RingCostTest {

    @Test
    void theRingMovesTwiceTheModelTimesKMinusOneOverK() {
        assertEquals(0, RingCost.bytesPerWorker(1000, 1));
        assertEquals(4000, RingCost.bytesPerWorker(1000, 2)); // 2 * 1/2 * 4000 bytes
        assertEquals(2 * 3.0 / 4 * 4000, RingCost.bytesPerWorker(1000, 4), 1e-9);
        // tends to twice the model's bytes, whatever K
        assertEquals(8000, RingCost.bytesPerWorker(1000, 1_000_000), 0.1);
    }

    @Test
    void efficiencyIsComputeOverComputePlusCommunication() {
        // 1M parameters, 2 workers: 4 MB each way at 10 Gbit/s = 3.2 ms, plus 2 latencies of 50 us
        double comm = RingCost.seconds(1_000_000, 2, 10e9, 50e-6);
        assertEquals(4e6 * 8 / 10e9 + 100e-6, comm, 1e-12);
        assertEquals(0.01 / (0.01 + comm), RingCost.efficiency(0.01, 1_000_000, 2, 10e9, 50e-6), 1e-12);
        assertEquals(1.0, RingCost.efficiency(0.01, 1_000_000, 1, 10e9, 50e-6), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RingCost.seconds(1, 2, 0, 0));
    }
}
